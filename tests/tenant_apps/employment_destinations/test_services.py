"""毕业去向登记: categories and their requirements, drafts, three-level review with returns,
filing on behalf, the change deadline, confirm-or-dispute, the hash chain and anomaly flags."""

import datetime

import pytest
from django.db import connection

from core.errors import ApplicationError, Conflict, PermissionDenied
from tests.tenant_apps.employment_destinations.conftest import (
    agreement,
    approve_all,
    evidence,
    file_and_submit,
)

pytestmark = pytest.mark.django_db


def test_only_a_verified_student_may_file(in_tenant_a, admin_alpha):
    from tenant_apps.employment.destinations.services import destination_save
    from tests.tenant_apps.employment_students.conftest import make_cohort

    record = make_cohort(admin_alpha, 1)[0]
    with pytest.raises(ApplicationError) as error:
        destination_save(actor=record.user, record=record, data=agreement())
    assert error.value.code == "record_not_verified"


def test_each_category_checks_its_fields_and_evidence(world):
    from tenant_apps.employment.destinations.services import (
        DestinationInput,
        destination_save,
        destination_submit,
    )

    record = world["cohort"][0]
    destination_save(actor=record.user, record=record, data=DestinationInput(category="11", values={"employer_name": "某公司"}))
    with pytest.raises(ApplicationError) as error:
        destination_submit(actor=record.user, record=record)
    assert {"employer_credit_code", "contract_start", "contract_end", "evidence"} <= set(error.value.fields)
    # flexible employment below the minimum wage is refused
    destination_save(actor=record.user, record=record, data=DestinationInput(category="76", values={"job_title": "自媒体", "monthly_pay": "1500"}),
                     evidence_files=[evidence("说明.pdf")])
    with pytest.raises(ApplicationError) as error:
        destination_submit(actor=record.user, record=record)
    assert error.value.code == "below_minimum_wage"
    # 80 needs the admitting school and a sub-code
    destination_save(actor=record.user, record=record, data=DestinationInput(category="80", values={"admitting_school": "北京大学", "sub_code": "801"}))
    assert destination_submit(actor=record.user, record=record).status == "submitted"


def test_bad_credit_code_and_foreign_sub_code_are_refused(world):
    from tenant_apps.employment.destinations.services import DestinationInput, destination_save

    record = world["cohort"][0]
    with pytest.raises(ApplicationError) as error:
        destination_save(actor=record.user, record=record, data=agreement(employer_credit_code="91110000600037341X"))
    assert "employer_credit_code" in error.value.fields
    with pytest.raises(ApplicationError):
        destination_save(actor=record.user, record=record, data=DestinationInput(category="80", values={"admitting_school": "x", "sub_code": "512"}))


def test_not_placed_categories_need_nothing(world):
    from tenant_apps.employment.destinations.services import DestinationInput

    record = world["cohort"][0]
    destination = file_and_submit(record, data=DestinationInput(category="70"), files=[])
    assert destination.status == "submitted"


def test_three_levels_in_order_each_in_its_scope(world):
    from tenant_apps.employment.destinations.selectors import review_queue
    from tenant_apps.employment.destinations.services import destination_review

    staff = world["staff"]
    destination = file_and_submit(world["cohort"][0])
    other = file_and_submit(world["others"][0])
    assert list(review_queue(actor=staff["counsellor"], level="counsellor")) == [destination]
    assert other in review_queue(actor=staff["other_counsellor"], level="counsellor")
    with pytest.raises(Conflict):
        destination_review(actor=staff["center"], destination=destination, level="university", approve=True)
    with pytest.raises(PermissionDenied):
        destination_review(actor=staff["counsellor"], destination=destination, level="college", approve=True)
    destination = destination_review(actor=staff["counsellor"], destination=destination, level="counsellor", approve=True)
    assert destination.status == "counsellor_approved"
    assert list(review_queue(actor=staff["college"], level="college")) == [destination]
    destination = destination_review(actor=staff["college"], destination=destination, level="college", approve=True)
    destination = destination_review(actor=staff["center"], destination=destination, level="university", approve=True)
    assert destination.status == "approved" and destination.confirmation == "pending" and destination.confirmation_token
    assert destination.reviews.count() == 3


@pytest.mark.parametrize("level", ["counsellor", "college", "university"])
def test_any_level_returns_with_a_reason_and_the_student_resubmits(world, level):
    from tenant_apps.employment.destinations.services import destination_review
    from tenant_apps.messaging.models import Message

    staff = world["staff"]
    record = world["cohort"][1]
    destination = file_and_submit(record)
    actors = {"counsellor": staff["counsellor"], "college": staff["college"], "university": staff["center"]}
    for step in ("counsellor", "college", "university"):
        if step == level:
            break
        destination = destination_review(actor=actors[step], destination=destination, level=step, approve=True)
    with pytest.raises(ApplicationError):
        destination_review(actor=actors[level], destination=destination, level=level, approve=False)
    destination = destination_review(actor=actors[level], destination=destination, level=level, approve=False, reason="协议书缺单位盖章")
    assert destination.status == "returned" and destination.returned_by_level == level
    assert Message.objects.filter(subject="毕业去向被退回").exists()
    destination = file_and_submit(record, files=[evidence("盖章协议.pdf", b"%PDF stamped")])
    assert destination.status == "submitted" and destination.return_reason == ""


def test_cannot_change_while_under_review(world):
    from tenant_apps.employment.destinations.services import destination_save

    record = world["cohort"][0]
    file_and_submit(record)
    with pytest.raises(Conflict):
        destination_save(actor=record.user, record=record, data=agreement(job_title="改了"))


def test_staff_file_on_behalf_is_marked(world):
    from tenant_apps.employment.destinations.selectors import anomaly_flags

    staff = world["staff"]
    destination = file_and_submit(world["cohort"][2], actor=staff["counsellor"], on_behalf=True)
    assert destination.is_filed_by_staff and destination.filed_by == staff["counsellor"]
    assert "老师代填" in anomaly_flags([destination])[destination.pk]
    with pytest.raises(PermissionDenied):
        file_and_submit(world["cohort"][3], actor=world["cohort"][2].user, on_behalf=False)


def test_changes_close_on_the_school_deadline(world, admin_alpha):
    from tenant_apps.employment.students.services import settings_save

    record = world["cohort"][0]
    today = datetime.date.today()
    yesterday = today - datetime.timedelta(days=1)
    type(record).objects.filter(pk=record.pk).update(graduation_year=yesterday.year)
    record.refresh_from_db()
    settings_save(actor=admin_alpha, change_deadline_month=yesterday.month, change_deadline_day=yesterday.day, archive_needs_student_confirmation=False)
    with pytest.raises(ApplicationError) as error:
        file_and_submit(record)
    assert error.value.code == "change_window_closed"
    settings_save(actor=admin_alpha, change_deadline_month=12, change_deadline_day=31, archive_needs_student_confirmation=False)
    assert file_and_submit(record).status == "submitted"


def test_student_confirms_or_disputes_by_the_direct_link(world, django_capture_on_commit_callbacks):
    from tenant_apps.employment.destinations.services import (
        confirmation_link,
        destination_confirm,
        dispute_resolve,
    )
    from tenant_apps.messaging.models import Message

    staff = world["staff"]
    first = approve_all(file_and_submit(world["cohort"][0]), staff)
    message = Message.objects.get(subject="请确认你的毕业去向")
    assert message.link == confirmation_link(first)
    assert destination_confirm(token=first.confirmation_token, agree=True).confirmation == "confirmed"
    with pytest.raises(Conflict):
        destination_confirm(token=first.confirmation_token, agree=True)

    second = approve_all(file_and_submit(world["cohort"][1]), staff)
    with pytest.raises(ApplicationError):
        destination_confirm(token=second.confirmation_token, agree=False)
    second = destination_confirm(token=second.confirmation_token, agree=False, text="我没有签过这家公司")
    assert second.confirmation == "disputed" and second.dispute_text == "我没有签过这家公司"
    with pytest.raises(PermissionDenied):
        dispute_resolve(actor=staff["counsellor"], destination=second, uphold=True, resolution="x")
    second = dispute_resolve(actor=staff["center"], destination=second, uphold=True, resolution="核实未签约")
    assert second.status == "returned" and second.confirmation == "resolved"


def test_every_change_is_chained_and_tampering_is_named(world):
    from tenant_apps.employment.destinations.ledger import chains_verify
    from tenant_apps.employment.destinations.models import LedgerEntry

    staff = world["staff"]
    first = approve_all(file_and_submit(world["cohort"][0]), staff)
    second = file_and_submit(world["cohort"][1])
    entries = list(LedgerEntry.objects.filter(record=first.record).order_by("sequence"))
    assert [e.action for e in entries] == ["draft", "submit", "approve_counsellor", "approve_college", "approve_university"]
    assert entries[0].evidence_hashes and entries[1].previous_hash == entries[0].entry_hash
    ids = [first.record_id, second.record_id]
    assert chains_verify(ids)[1] == []
    with connection.cursor() as cursor:  # someone edits the database directly
        cursor.execute("UPDATE employment_destinations_destination SET employer_name = '虚假公司' WHERE id = %s", [first.pk])
        cursor.execute("UPDATE employment_destinations_ledgerentry SET action = 'approve_x' WHERE record_id = %s AND sequence = 2", [second.record_id])
    checked, problems = chains_verify(ids)
    assert checked == 2
    named = {(p.record_id, p.sequence) for p in problems}
    assert (first.record_id, None) in named and (second.record_id, 2) in named
    assert any("employer_name" in p.problem for p in problems if p.record_id == first.record_id)


def test_anomaly_flags(world):
    from tenant_apps.employment.destinations.models import Destination
    from tenant_apps.employment.destinations.selectors import (
        EMPLOYER_CLUSTER_MIN,
        SPIKE_MIN,
        anomaly_flags,
    )
    from tests.tenant_apps.employment_students.conftest import make_cohort, verify

    staff = world["staff"]
    for record in world["cohort"]:
        file_and_submit(record)
    extra = make_cohort(staff["center"], EMPLOYER_CLUSTER_MIN, class_name="计科2209")
    for record in extra:
        verify(record, staff["center"])
    same_file = b"%PDF the same scan"
    for record in extra:
        file_and_submit(record, data=agreement(employer_size="micro", category="12", monthly_pay="5000"), files=[evidence("流水.pdf", same_file)])
    destinations = list(Destination.objects.filter(record__in=extra).select_related("record"))
    flags = anomaly_flags(destinations)
    texts = " ".join(" ".join(v) for v in flags.values())
    assert "集中签约" in texts and "证明材料与其他学生相同" in texts
    assert len(extra) >= SPIKE_MIN and "灵活就业" in texts


def test_the_change_deadline_is_31_august_by_default(in_tenant_a):
    from tenant_apps.employment.destinations.services import change_deadline

    assert change_deadline(2027) == datetime.date(2027, 8, 31)


def test_college_level_sees_and_reviews_only_its_college(world):
    from tenant_apps.employment.destinations.selectors import destination_list, review_queue
    from tenant_apps.employment.destinations.services import destination_review
    from tests.tenant_apps.employment_students.conftest import make_staff

    staff = world["staff"]
    ours = destination_review(actor=staff["counsellor"], destination=file_and_submit(world["cohort"][0]), level="counsellor", approve=True)
    theirs = destination_review(actor=staff["other_counsellor"], destination=file_and_submit(world["others"][0]), level="counsellor", approve=True)
    english_college = make_staff("d_college_en", "学院就业专员", unit=world["others"][0].org_unit.parent.parent)
    assert list(review_queue(actor=staff["college"], level="college")) == [ours]
    assert list(review_queue(actor=english_college, level="college")) == [theirs]
    assert not destination_list(actor=staff["college"]).filter(pk=theirs.pk).exists()
    assert set(review_queue(actor=staff["center"], level="college")) == {ours, theirs}  # the university level sees all
    with pytest.raises(PermissionDenied):  # a college cannot skip to the university level
        destination_review(actor=english_college, destination=theirs, level="university", approve=True)
    theirs = destination_review(actor=english_college, destination=theirs, level="college", approve=False, reason="单位信息与协议不符")
    assert theirs.status == "returned" and theirs.returned_by_level == "college"


def test_a_small_new_employer_is_flagged_as_new(world):
    from tenant_apps.employment.destinations.models import Destination
    from tenant_apps.employment.destinations.selectors import EMPLOYER_CLUSTER_MIN, anomaly_flags
    from tests.tenant_apps.employment_students.conftest import make_cohort, verify

    staff = world["staff"]
    extra = make_cohort(staff["center"], EMPLOYER_CLUSTER_MIN, class_name="计科2208")
    founded = (datetime.date.today() - datetime.timedelta(days=90)).isoformat()
    for record in extra:
        verify(record, staff["center"])
        file_and_submit(record, data=agreement(employer_size="large", employer_founded_on=founded))
    flags = anomaly_flags(list(Destination.objects.filter(record__in=extra).select_related("record")))
    assert all(any(f.startswith("新成立单位集中签约") for f in values) for values in flags.values()) and len(flags) == len(extra)
