"""生源信息核验: the student confirms or asks for a correction, the counsellor approves or returns;
reminders through the gateway; the cohort event for the alumni module."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from core.errors import ApplicationError, PermissionDenied
from tests.tenant_apps.employment_students.conftest import make_cohort, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def cohort(in_tenant_a, admin_alpha):
    return make_cohort(admin_alpha, 3)


@pytest.fixture
def counsellor(cohort):
    return make_staff("counsellor1", "辅导员", unit=cohort[0].org_unit)


def test_confirm_then_counsellor_approves(cohort, counsellor):
    from tenant_apps.employment.students.services import record_confirm, record_review

    record = record_confirm(actor=cohort[0].user, record=cohort[0])
    assert record.verification_status == "confirmed"
    record = record_review(actor=counsellor, record=record, approve=True)
    assert record.is_verified and record.verified_by == counsellor


def test_a_student_cannot_confirm_someone_else(cohort):
    from tenant_apps.employment.students.services import record_confirm

    with pytest.raises(PermissionDenied):
        record_confirm(actor=cohort[1].user, record=cohort[0])


def test_correction_with_evidence_is_applied_on_approval(cohort, counsellor):
    from tenant_apps.employment.students.services import correction_request, record_review

    record = cohort[0]
    evidence = SimpleUploadedFile("户口本.pdf", b"%PDF-1.4 proof", content_type="application/pdf")
    correction = correction_request(actor=record.user, record=record, changes={"name": "张 三丰", "ethnicity": "3"}, explanation="姓名录入有误", evidence=evidence)
    assert correction.changes == {"name": "张三丰", "ethnicity": "03"} and correction.evidence.name
    record.refresh_from_db()
    assert record.verification_status == "correction"
    record = record_review(actor=counsellor, record=record, approve=True)
    assert (record.name, record.ethnicity, record.verification_status) == ("张三丰", "03", "verified")
    record.user.refresh_from_db()
    assert record.user.display_name == "张三丰"


def test_invalid_correction_is_refused_with_the_field(cohort):
    from tenant_apps.employment.students.services import correction_request

    with pytest.raises(ApplicationError) as error:
        correction_request(actor=cohort[0].user, record=cohort[0], changes={"id_number": "123"}, explanation="x")
    assert "id_number" in error.value.fields
    with pytest.raises(ApplicationError):
        correction_request(actor=cohort[0].user, record=cohort[0], changes={"name": cohort[0].name}, explanation="x")


def test_return_needs_a_reason_and_the_student_can_resubmit(cohort, counsellor, django_capture_on_commit_callbacks):
    from tenant_apps.employment.students.services import record_confirm, record_review
    from tenant_apps.messaging.models import Message

    record = record_confirm(actor=cohort[0].user, record=cohort[0])
    with pytest.raises(ApplicationError):
        record_review(actor=counsellor, record=record, approve=False)
    record = record_review(actor=counsellor, record=record, approve=False, reason="民族与学籍不符")
    assert record.verification_status == "returned" and record.return_reason == "民族与学籍不符"
    assert Message.objects.filter(subject="生源信息核验被退回").exists()
    record = record_confirm(actor=record.user, record=record)
    assert record.verification_status == "confirmed"


def test_reminders_go_only_to_those_who_have_not_verified(cohort, counsellor):
    from tenant_apps.employment.students.selectors import record_list
    from tenant_apps.employment.students.services import (
        record_confirm,
        record_review,
        verification_remind,
    )
    from tenant_apps.messaging.models import Message

    record_review(actor=counsellor, record=record_confirm(actor=cohort[0].user, record=cohort[0]), approve=True)
    count = verification_remind(actor=counsellor, records=record_list(actor=counsellor))
    assert count == 2
    message = Message.objects.get(subject="请核对你的生源信息")
    assert "wechat" in message.channels


def test_progress_by_college_and_class(cohort, counsellor, admin_alpha):
    from tenant_apps.employment.students.selectors import verification_progress
    from tests.tenant_apps.employment_students.conftest import verify

    verify(cohort[0], counsellor)
    make_cohort(admin_alpha, 2, college="外国语学院", class_name="英语2201", major="英语", 专业代码="050201")
    rows = {r["name"]: r for r in verification_progress(actor=admin_alpha, year=2027)}
    assert rows["计算机学院"]["total"] >= 3 and rows["计算机学院"]["verified"] >= 1
    assert rows["外国语学院"]["verified"] == 0
    by_class = {r["name"] for r in verification_progress(actor=counsellor, year=2027, level="class")}
    assert by_class == {cohort[0].org_unit.name}  # a counsellor sees only their classes


def test_cohort_graduated_event_carries_the_verified_records(cohort, counsellor, admin_alpha):
    from core import hooks
    from tenant_apps.employment.students.services import COHORT_GRADUATED, cohort_graduate
    from tests.tenant_apps.employment_students.conftest import verify

    verify(cohort[0], counsellor)
    received = []

    def handler(**payload):
        received.append(payload)

    hooks.subscribe(COHORT_GRADUATED, handler)
    try:
        count = cohort_graduate(actor=admin_alpha, graduation_year=2027)
    finally:
        hooks._subscribers[COHORT_GRADUATED].remove(handler)
    assert count >= 1
    payload = received[0]
    assert payload["graduation_year"] == 2027
    numbers = {r["student_number"] for r in payload["records"]}
    assert cohort[0].student_number in numbers and cohort[1].student_number not in numbers
    row = next(r for r in payload["records"] if r["student_number"] == cohort[0].student_number)
    assert row["college"] == "计算机学院" and row["class_name"] == cohort[0].org_unit.name
