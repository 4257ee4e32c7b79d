"""User export (spec "accounts.users"): allow list, masking, audit, permissions, isolation."""

import pytest
from django.contrib.auth.models import Group, Permission
from django_tenants.utils import schema_context

from core.errors import PermissionDenied
from core.importexport import services
from core.importexport.testing import workbook_rows
from core.models import AuditEvent, FileJob
from tenant_apps.accounts.enums import DataScope
from tenant_apps.accounts.models import GroupProfile, User

pytestmark = pytest.mark.django_db


def make_viewer(username="exporter", *perms):
    group, _ = Group.objects.get_or_create(name=f"导出-{username}")
    GroupProfile.objects.update_or_create(group=group, defaults={"data_scope": DataScope.ALL})
    group.permissions.set(Permission.objects.filter(codename__in=["view_user", *perms]))
    user = User.objects.create_user(username=username, password="x-pass-123456", display_name="导出员")
    user.groups.add(group)
    return User.objects.get(pk=user.pk)  # fresh permission cache


def export(actor, params=None, reason="账号核对"):
    job = services.export_job_create(actor=actor, spec_name="accounts.users", params=params, reason=reason)
    return services.export_job_run(job_id=job.pk)


def rows_by_username(job):
    rows = workbook_rows(job.result_file)
    header = rows[0]
    return header, {row[0]: dict(zip(header, row, strict=True)) for row in rows[1:]}


def test_phone_and_email_masked_without_reveal_permission(in_tenant_a):
    User.objects.create(username="stu1", display_name="学生甲", phone="13812345678", email="stu1@example.cn", kind="student")
    viewer = make_viewer()
    job = export(viewer)
    assert job.status == FileJob.Status.DONE and job.progress == 100
    header, rows = rows_by_username(job)
    assert header[:4] == ["用户名", "姓名", "身份", "手机号"]
    assert rows["stu1"]["手机号"] == "138****5678"
    assert rows["stu1"]["邮箱"] == "s***@example.cn"
    assert rows["stu1"]["身份"] == "学生"
    assert "/alpha/jobs/result/" in job.result_file.path  # stored under the tenant's folder
    event = AuditEvent.objects.get(action="file_job.export", object_id=str(job.pk))
    assert event.actor_id == viewer.pk and event.after["masked"] == ["phone", "email"]


def test_full_values_with_reveal_permission(in_tenant_a, admin_a):
    User.objects.create(username="stu2", phone="13812345679", email="stu2@example.cn")
    revealer = make_viewer("revealer", "reveal_personal_data")
    for actor in (revealer, admin_a):
        _, rows = rows_by_username(export(actor))
        assert rows["stu2"]["手机号"] == "13812345679"
        assert rows["stu2"]["邮箱"] == "stu2@example.cn"


def test_filters_are_applied(in_tenant_a, admin_a):
    User.objects.create(username="filter-stu", kind="student")
    User.objects.create(username="filter-staff", kind="staff")
    _, rows = rows_by_username(export(admin_a, {"kind": "student", "search": "filter", "ignored": "x"}))
    assert set(rows) == {"filter-stu"}


def test_export_needs_view_user(in_tenant_a):
    nobody = User.objects.create_user(username="nobody", password="x-pass-123456")
    with pytest.raises(PermissionDenied):
        services.export_job_create(actor=nobody, spec_name="accounts.users")


def test_export_page_flow_and_permission(client_a, admin_client_a, in_tenant_a):
    response = admin_client_a.post("/admin-ui/jobs/export/accounts.users/", {"kind": "staff", "reason": "账号年度核对"})
    assert response.status_code == 302
    with schema_context("alpha"):
        job = FileJob.objects.get(kind="export")
        assert job.params == {"kind": "staff", "_reason": "账号年度核对"}
        services.export_job_run(job_id=job.pk)
    download = admin_client_a.get(f"/admin-ui/jobs/{job.pk}/download/result/")
    assert download.status_code == 200
    assert workbook_rows(b"".join(download.streaming_content))[0][0] == "用户名"

    with schema_context("alpha"):
        nobody = User.objects.create_user(username="nobody2", password="x-pass-123456")
    client_a.login_as(nobody)
    assert client_a.post("/admin-ui/jobs/export/accounts.users/").status_code == 404
    assert client_a.get(f"/admin-ui/jobs/{job.pk}/download/result/").status_code == 404
    assert admin_client_a.post("/admin-ui/jobs/export/no.such/").status_code == 404


def test_other_tenant_cannot_fetch_export(admin_client_b, admin_a):
    with schema_context("alpha"):
        job = export(admin_a)
        assert job.result_file
    with schema_context("beta"):
        FileJob.objects.filter(pk=job.pk).delete()  # make sure the id is free in beta
    assert admin_client_b.get(f"/admin-ui/jobs/{job.pk}/").status_code == 404
    assert admin_client_b.get(f"/admin-ui/jobs/{job.pk}/download/result/").status_code == 404


def test_export_without_reason_is_refused(in_tenant_a, admin_a):
    from core.errors import ApplicationError

    for reason in ("", "  ", "看看"):
        with pytest.raises(ApplicationError) as refused:
            services.export_job_create(actor=admin_a, spec_name="accounts.users", reason=reason)
        assert refused.value.code == "export_reason_required" and "导出事由" in refused.value.message
    assert not FileJob.objects.filter(kind="export").exists()


def test_export_with_reason_is_stamped_and_audited(in_tenant_a, admin_a):
    from openpyxl import load_workbook

    User.objects.create(username="stamp-stu", display_name="学生乙", phone="13812345670")
    job = export(admin_a, reason="学籍核对需要")
    workbook = load_workbook(job.result_file.open("rb"))
    assert "学籍核对需要" in workbook.properties.description and "导出人" in workbook.properties.description
    assert workbook.properties.keywords == "个人信息"
    sheet = workbook.worksheets[0]
    assert "学籍核对需要" in sheet.oddFooter.left.text and "个人信息" in sheet.oddHeader.center.text
    event = AuditEvent.objects.get(action="file_job.export", object_id=str(job.pk))
    assert event.after["reason"] == "学籍核对需要" and event.after["personal_data"] is True


def test_export_page_asks_for_a_reason(admin_client_a, in_tenant_a):
    page = admin_client_a.get("/admin-ui/users/import/")
    body = page.content.decode()
    assert page.status_code == 200 and 'name="reason"' in body and "导出事由" in body and "required" in body
    refused = admin_client_a.post("/admin-ui/jobs/export/accounts.users/", {"kind": "staff"}, HTTP_REFERER="/admin-ui/users/import/", follow=True)
    assert "请填写导出事由" in refused.content.decode()
    with schema_context("alpha"):
        assert not FileJob.objects.filter(kind="export").exists()


def test_finished_export_offers_a_signed_link(admin_client_a, admin_a, client_a):
    with schema_context("alpha"):
        job = export(admin_a)
    body = admin_client_a.get(f"/admin-ui/jobs/{job.pk}/").content.decode()
    import re

    link = re.search(r'href="(/files/[^"]+)"[^>]*>下载导出文件|data-download="result" href="([^"]+)"', body)
    assert link, body
    url = link.group(1) or link.group(2)
    redirect = admin_client_a.get(url)
    assert redirect.status_code == 302
    blob = admin_client_a.get(redirect["Location"])
    assert blob.status_code == 200
    assert workbook_rows(b"".join(blob.streaming_content) if blob.streaming else blob.content)[0][0] == "用户名"
    with schema_context("alpha"):
        other = User.objects.create_user(username="other-staff", password="x-pass-123456", kind="staff")
    client_a.login_as(other)
    assert client_a.get(url).status_code in (403, 404)  # the link was minted for the requester
