"""The export engine (issue 19 item 5): every export declares whether it holds personal data;
one that does is refused without a stated reason, and each export is stamped and audited."""

import io

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings
from docx import Document
from openpyxl import Workbook, load_workbook

from core.errors import ApplicationError
from core.importexport import services
from core.importexport.spec import ExportField, ExportSpec, export_specs, register_export
from core.models import AuditEvent, FileJob

pytestmark = pytest.mark.django_db


def _rows(*, actor, params):
    from tenant_apps.accounts.models import User

    return User.objects.filter(username__startswith="engine-").order_by("username")


ENGINE_SPEC = register_export(ExportSpec(
    name="test.engine_people", title="引擎测试", permission="accounts.view_user",
    rows=lambda *, actor, params: _rows(actor=actor, params=params).iterator(),
    count=lambda *, actor, params: _rows(actor=actor, params=params).count(),
    personal_data=True,
    fields=[ExportField("username", "用户名", lambda u: u.username, personal=True)],
))
PLAIN_SPEC = register_export(ExportSpec(
    name="test.engine_counts", title="引擎统计", permission="accounts.view_user",
    rows=lambda *, actor, params: _rows(actor=actor, params=params).iterator(),
    count=lambda *, actor, params: _rows(actor=actor, params=params).count(),
    personal_data=False,
    fields=[ExportField("kind", "身份", lambda u: u.get_kind_display())],
))


def test_a_spec_must_declare_personal_data():
    with pytest.raises(TypeError):
        ExportSpec(name="x", title="x", fields=[], rows=lambda **k: [], count=lambda **k: 0, permission="accounts.view_user")


@pytest.mark.parametrize("field", [
    ExportField("name", "姓名", lambda o: o, personal=True),
    ExportField("phone", "手机号", lambda o: o, permission="accounts.reveal_personal_data", mask=str),
])
def test_a_personal_field_in_a_spec_that_says_no_is_refused(field):
    with pytest.raises(ImproperlyConfigured):
        register_export(ExportSpec(name="test.liar", title="x", fields=[field], rows=lambda **k: [], count=lambda **k: 0,
                                   permission="accounts.view_user", personal_data=False))


def test_every_registered_export_declares_personal_data():
    specs = export_specs()
    names = {spec.name for spec in specs}
    assert {"accounts.users", "experts.experts", "expert_panels.projects", "expert_panels.history"} <= names
    for spec in specs:
        assert isinstance(spec.personal_data, bool), spec.name
        if any(f.holds_personal_data for f in spec.fields):
            assert spec.personal_data, spec.name
    assert next(s for s in specs if s.name == "accounts.users").personal_data is True


def test_personal_export_needs_a_reason_on_every_door(in_tenant_a, admin_a):
    for door in (services.export_job_create, services.export_now, services.export_start):
        with pytest.raises(ApplicationError) as refused:
            door(actor=admin_a, spec_name="test.engine_people", reason="")
        assert refused.value.code == "export_reason_required"
        assert refused.value.message.startswith("导出内容包含个人信息，请填写导出事由")
        assert refused.value.fields == {"reason": ["请填写导出事由。"]}
    assert not FileJob.objects.filter(spec="test.engine_people").exists()
    assert not AuditEvent.objects.filter(after__spec="test.engine_people").exists()


def test_export_now_stamps_and_audits(in_tenant_a, admin_a):
    from tenant_apps.accounts.models import User

    User.objects.create(username="engine-1")
    exported = services.export_now(actor=admin_a, spec_name="test.engine_people", reason="  核对  账号 ")
    workbook = load_workbook(io.BytesIO(exported.content))
    assert exported.rows == 1 and exported.filename.startswith("引擎测试-") and exported.filename.endswith(".xlsx")
    assert workbook.properties.description.endswith("事由：核对 账号") and admin_a.username in workbook.properties.creator
    assert "核对 账号" in workbook.worksheets[0].oddFooter.left.text
    event = AuditEvent.objects.filter(action="file_job.export", after__spec="test.engine_people").latest("id")
    assert event.after["reason"] == "核对 账号" and event.after["rows"] == 1 and event.actor_id == admin_a.pk


def test_non_personal_export_needs_no_reason(in_tenant_a, admin_a):
    exported = services.export_now(actor=admin_a, spec_name="test.engine_counts")
    workbook = load_workbook(io.BytesIO(exported.content))
    assert workbook.properties.keywords in ("", None) and "导出人" in workbook.properties.description
    assert AuditEvent.objects.filter(action="file_job.export", after__spec="test.engine_counts", after__reason="").exists()


def test_export_start_goes_to_the_background_over_the_threshold(in_tenant_a, admin_a):
    from tenant_apps.accounts.models import User

    User.objects.bulk_create([User(username=f"engine-{i}") for i in range(3)])
    small = services.export_start(actor=admin_a, spec_name="test.engine_people", reason="会务联系")
    assert isinstance(small, services.ExportFile) and small.rows == 3
    with override_settings(EXPORT_BACKGROUND_THRESHOLD=2):
        big = services.export_start(actor=admin_a, spec_name="test.engine_people", reason="会务联系")
    assert isinstance(big, FileJob) and big.params["_reason"] == "会务联系"
    done = services.export_job_run(job_id=big.pk)
    assert done.status == FileJob.Status.DONE and done.total_rows == 3


def _xlsx() -> bytes:
    workbook = Workbook()
    workbook.active.append(["姓名"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _docx() -> bytes:
    document = Document()
    document.add_paragraph("签到表")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_export_document_refuses_without_reason_and_stamps_with_one(in_tenant_a, admin_a):
    with pytest.raises(ApplicationError) as refused:
        services.export_document(actor=admin_a, title="签到表", filename="签到表.xlsx", personal_data=True, reason="", build=_xlsx)
    assert refused.value.code == "export_reason_required"

    content = services.export_document(actor=admin_a, title="签到表", filename="签到表.xlsx", personal_data=True, reason="评审会签到",
                                       build=_xlsx, action="test.sheet_export")
    workbook = load_workbook(io.BytesIO(content))
    assert "评审会签到" in workbook.properties.description and "评审会签到" in workbook.active.oddFooter.left.text

    content = services.export_document(actor=admin_a, title="签到表", filename="签到表.docx", personal_data=True, reason="评审会签到",
                                       build=_docx, action="test.sheet_export")
    document = Document(io.BytesIO(content))
    assert "评审会签到" in document.core_properties.comments and document.core_properties.keywords == "个人信息"
    assert "评审会签到" in document.sections[0].footer.paragraphs[-1].text
    events = AuditEvent.objects.filter(action="test.sheet_export")
    assert events.count() == 2 and all(e.after["reason"] == "评审会签到" for e in events)
