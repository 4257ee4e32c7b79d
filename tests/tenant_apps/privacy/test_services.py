"""Personal-data requests end to end through the services: file, export (the file holds this
person's data from several modules and no one else's), erase (tables queried afterwards),
audit, answer."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.core.files.storage import storages

from core.errors import ApplicationError
from core.models import AuditEvent
from core.personal_data import personal_data_providers
from tenant_apps.privacy import services
from tenant_apps.privacy.deadlines import legal_due_date
from tenant_apps.privacy.models import PersonalDataRequest
from tests.tenant_apps.privacy.conftest import person_with_data

pytestmark = pytest.mark.django_db


def _payload(request: PersonalDataRequest) -> dict:
    with storages["default"].open(request.export_archive.name, "rb") as handle:
        archive = zipfile.ZipFile(io.BytesIO(handle.read()))
    assert set(archive.namelist()) == {"data.json", "说明.txt"}
    return json.loads(archive.read("data.json"))


def _section(payload: dict, kind: str) -> list[dict]:
    for provider in payload["providers"]:
        for section in provider["sections"]:
            if section["kind"] == kind:
                return section["rows"]
    raise AssertionError(kind)


def test_every_module_registers_one_provider():
    names = {p.name for p in personal_data_providers()}
    assert {"accounts", "messaging", "employment", "alumni", "experts", "platform"} <= names
    for provider in personal_data_providers():
        for kind in provider.kinds:
            assert kind.on_erasure == "erase" or kind.legal_reason, kind


def test_person_files_and_officer_exports_only_their_data(officer):
    person = person_with_data("王小明")
    other = person_with_data("李四海")
    request = services.request_create(actor=person, subject=person, kind="access", details="请给我全部信息")
    assert request.due_on == legal_due_date(request.received_on)
    assert request.status == "pending" and request.channel == "h5"

    exported = services.request_export(actor=officer, request=request)
    assert exported.status == "in_progress" and exported.export_pdf.name.endswith(".pdf")
    payload = _payload(exported)
    text = json.dumps(payload, ensure_ascii=False)
    assert _section(payload, "accounts.profile")[0]["手机号"] == person.phone
    assert _section(payload, "accounts.login_logs")[0]["IP"] == "203.0.113.7"
    assert _section(payload, "employment.graduate_record")[0]["姓名"] == "王小明"
    assert _section(payload, "employment.resumes")
    assert _section(payload, "messaging.letters")[0]["标题"] == "王小明的通知"
    assert _section(payload, "messaging.deliveries")
    assert _section(payload, "alumni.member")[0]["姓名"] == "王小明"
    assert _section(payload, "alumni.record")[0]["手机号"] == person.phone
    assert "李四海" not in text and other.phone not in text and other.username not in text
    with storages["default"].open(exported.export_pdf.name, "rb") as handle:
        assert handle.read(5) == b"%PDF-"

    with pytest.raises(ApplicationError):
        services.request_complete(actor=person, request=exported, resolution="")
    done = services.request_complete(actor=officer, request=exported, resolution="已提供副本")
    assert done.status == "completed"
    actions = list(AuditEvent.objects.filter(object_type="privacy.personaldatarequest", object_id=str(request.pk)).order_by("id").values_list("action", flat=True))
    assert actions == ["privacy.request.create", "privacy.request.export", "privacy.request.complete"]


def test_erasure_removes_or_pseudonymises_and_audits_each_step(officer):
    from tenant_apps.accounts.models import ActivityDay, LoginLog, User
    from tenant_apps.alumni.records.models import AlumniRecord, Member
    from tenant_apps.employment.resumes.models import Resume
    from tenant_apps.employment.students.models import GraduateRecord
    from tenant_apps.messaging.models import Delivery, Letter

    person = person_with_data("赵删除")
    other = person_with_data("钱保留")
    phone, username = person.phone, person.username
    ActivityDay.objects.create(user=person, day="2026-03-02", active_seconds=60)
    services.request_create(actor=person, subject=person, kind="access")  # an earlier request, exported: its copy must go too
    earlier = services.request_export(actor=officer, request=PersonalDataRequest.objects.get(subject=person, kind="access"))
    earlier_file = earlier.export_archive.name
    request = services.request_create(actor=officer, subject=person, kind="erasure", details="我已毕业，请删除")
    assert request.channel == "backoffice" and request.filed_by == officer
    with pytest.raises(ApplicationError):
        services.request_complete(actor=officer, request=request, resolution="")  # erase first

    erased = services.request_erase(actor=officer, request=request)
    report = {step["kind"]: step for step in erased.erasure_report}
    assert report["accounts.login_logs"]["action"] == "pseudonymise" and "网络安全法" in report["accounts.login_logs"]["legal_reason"]
    assert report["employment.resumes"]["action"] == "erase" and report["employment.resumes"]["count"] == 1

    # Query the tables: nothing identifies the person any more.
    user = User.objects.get(pk=person.pk)
    assert user.username == f"erased-{person.pk}" and user.phone == "" and user.email == "" and not user.is_active and not user.has_usable_password()
    assert user.display_name.startswith("已注销用户-")
    assert not User.objects.filter(username=username).exists()
    log = LoginLog.objects.get(user=person)
    assert log.identifier == user.display_name and log.wechat_openid == "" and log.ip == "203.0.113.7"
    assert not ActivityDay.objects.filter(user=person).exists()
    assert not Resume.objects.filter(student=person).exists()
    assert not Letter.objects.filter(user=person).exists()
    assert not Delivery.objects.filter(user=person).exists()
    assert not GraduateRecord.objects.filter(user=person).exists()
    record = GraduateRecord.objects.get(name=user.display_name)
    assert record.id_number == "" and record.phone == "" and record.student_number.startswith("erased-")
    assert Member.objects.get(user=person).name == user.display_name
    assert not AlumniRecord.objects.filter(name="赵删除").exists()
    assert not AuditEvent.objects.filter(actor_id=person.pk).exclude(actor_label=user.display_name).exists()
    assert not storages["default"].exists(earlier_file)
    assert PersonalDataRequest.objects.get(pk=request.pk).details == ""
    # The other person is untouched.
    assert User.objects.get(pk=other.pk).phone == other.phone
    assert Letter.objects.filter(user=other).exists() and Resume.objects.filter(student=other).exists()
    assert AlumniRecord.objects.filter(name="钱保留").exists()
    # Each step audited, then the run, then the answer.
    steps = AuditEvent.objects.filter(object_type="privacy.personaldatarequest", object_id=str(request.pk), action="privacy.request.erasure_step")
    assert steps.count() == len(erased.erasure_report) >= 15
    assert phone not in json.dumps(list(AuditEvent.objects.filter(object_id=str(request.pk)).values("after", "object_label")), ensure_ascii=False)
    services.request_complete(actor=officer, request=erased, resolution="已删除")
    with pytest.raises(ApplicationError):
        services.request_erase(actor=officer, request=erased)  # answered: nothing more happens


def test_correction_needs_fields_and_a_resolution(officer):
    person = person_with_data("孙更正")
    with pytest.raises(ApplicationError) as missing:
        services.request_create(actor=person, subject=person, kind="correction")
    assert missing.value.code == "privacy_correction_fields_required"
    request = services.request_create(actor=person, subject=person, kind="correction",
                                      corrections=[services.Correction(field="手机号", current="139", requested="13800000000")])
    assert request.correction_list == [{"field": "手机号", "current": "139", "requested": "13800000000"}]
    with pytest.raises(ApplicationError) as duplicate:
        services.request_create(actor=person, subject=person, kind="correction", corrections=[services.Correction(field="姓名", requested="孙")])
    assert duplicate.value.status == 409
    with pytest.raises(ApplicationError) as no_resolution:
        services.request_complete(actor=officer, request=request, resolution=" ")
    assert no_resolution.value.code == "privacy_resolution_required"
    done = services.request_complete(actor=officer, request=request, resolution="已在生源信息中更正手机号")
    assert done.status == "completed" and done.handled_by == officer


def test_only_the_officer_handles_and_files_for_others(plain_staff):
    person = person_with_data("周某")
    with pytest.raises(ApplicationError) as refused:
        services.request_create(actor=plain_staff, subject=person, kind="access")
    assert refused.value.status == 403
    request = services.request_create(actor=person, subject=person, kind="copy")
    for call in (services.request_export, services.request_erase):
        with pytest.raises(ApplicationError) as denied:
            call(actor=plain_staff, request=request)
        assert denied.value.status == 403
    withdrawn = services.request_withdraw(actor=person, request=request)
    assert withdrawn.status == "withdrawn"


def test_demo_requests_are_idempotent(in_tenant_a):
    from tenant_apps.privacy.demo import seed_demo_privacy

    person_with_data("演示同学")
    seed_demo_privacy("alpha", "university")
    count = PersonalDataRequest.objects.count()
    seed_demo_privacy("alpha", "university")
    assert count >= 1 and PersonalDataRequest.objects.count() == count
    assert any(r.is_overdue for r in PersonalDataRequest.objects.all()) == (count > 1)
