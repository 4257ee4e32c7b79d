"""The file kernel (P18): per-tenant storage computed per call, the permission-checking
download view, short-lived signed blob links with HTTP Range support, inline preview for
PDFs and images, and the tenant's upload limits on every upload."""

from __future__ import annotations

import os
import urllib.request

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django_tenants.utils import schema_context

from core.errors import ApplicationError
from core.files import download_url, register_download_rule
from core.files.rules import _rules
from tests.tenant_apps.experts.conftest import make_staff
from tests.tenant_apps.experts_panels.conftest import make_project

PDF = b"%PDF-1.4\n" + bytes(range(256)) * 8 + b"\n%%EOF\n"


def add_attachment(actor, *, name="评审须知.pdf", content=PDF, shared=True):
    from tenant_apps.experts.panels.services import project_attachment_add

    project = make_project(actor)
    return project_attachment_add(actor=actor, project=project, uploaded=SimpleUploadedFile(name, content), shared=shared)


def follow_to_blob(client, link):
    redirect = client.get(link)
    assert redirect.status_code == 302, redirect.content[:300]
    assert redirect["Cache-Control"] == "no-store"
    return redirect["Location"]


# --- storage: the tenant prefix is computed on every call -----------------------------------


def test_file_system_storage_prefixes_each_call_with_the_current_schema(db, settings):
    storage = storages["default"]
    with schema_context("alpha"):
        name = storage.save("notes/a.txt", ContentFile(b"alpha"))
        assert name == "notes/a.txt"  # stored names are relative to the tenant
        assert storage.path(name) == os.path.join(settings.MEDIA_ROOT, "alpha", "notes", "a.txt")
    with schema_context("beta"):
        # Same storage object, same name: beta sees nothing of alpha's file.
        assert not storage.exists("notes/a.txt")
        storage.save("notes/a.txt", ContentFile(b"beta"))
    with schema_context("alpha"), storage.open("notes/a.txt") as handle:
        assert handle.read() == b"alpha"


def test_path_traversal_outside_the_tenant_is_refused(db):
    from django.core.exceptions import SuspiciousFileOperation

    with schema_context("alpha"), pytest.raises(SuspiciousFileOperation):
        storages["default"].path("../beta/notes/a.txt")


def test_s3_storage_writes_under_each_tenants_prefix_with_one_storage_object(db, s3_files):
    client, bucket = s3_files
    storage = storages["default"]
    with schema_context("alpha"):
        storage.save("jobs/x.txt", ContentFile(b"alpha"))
    with schema_context("beta"):
        storage.save("jobs/x.txt", ContentFile(b"beta"))
        assert storage.open("jobs/x.txt").read() == b"beta"
    keys = sorted(item["Key"] for item in client.list_objects_v2(Bucket=bucket)["Contents"])
    assert keys == ["tenants/alpha/jobs/x.txt", "tenants/beta/jobs/x.txt"]  # never tenants/public/...
    head = client.head_object(Bucket=bucket, Key="tenants/alpha/jobs/x.txt")
    assert head["ServerSideEncryption"] == "AES256"


# --- the download view and the local blob links ---------------------------------------------


def test_project_attachment_opens_inline_through_a_signed_link(admin_client_bureau, in_bureau, bureau_admin):
    attachment = add_attachment(bureau_admin)
    link = download_url(attachment.file, user=bureau_admin, filename=attachment.original_name)
    assert link.startswith("/files/d/")
    connection.set_schema_to_public()
    blob = follow_to_blob(admin_client_bureau, link)
    assert blob.startswith("/files/b/")
    response = admin_client_bureau.get(blob)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert "filename*=utf-8''%E8%AF%84" in response["Content-Disposition"]  # the Chinese original name
    assert response["Accept-Ranges"] == "bytes"
    assert "script" not in response["Content-Security-Policy"]


def test_blob_link_answers_byte_ranges(admin_client_bureau, in_bureau, bureau_admin):
    attachment = add_attachment(bureau_admin)
    link = download_url(attachment.file, user=bureau_admin)
    connection.set_schema_to_public()
    blob = follow_to_blob(admin_client_bureau, link)
    size = len(PDF)

    first = admin_client_bureau.get(blob, HTTP_RANGE="bytes=0-9")
    assert first.status_code == 206
    assert first["Content-Range"] == f"bytes 0-9/{size}" and first["Content-Length"] == "10"
    assert b"".join(first.streaming_content) == PDF[:10]

    middle = admin_client_bureau.get(blob, HTTP_RANGE="bytes=100-")
    assert middle.status_code == 206 and b"".join(middle.streaming_content) == PDF[100:]

    tail = admin_client_bureau.get(blob, HTTP_RANGE="bytes=-7")
    assert tail.status_code == 206 and b"".join(tail.streaming_content) == PDF[-7:]

    beyond = admin_client_bureau.get(blob, HTTP_RANGE=f"bytes={size}-")
    assert beyond.status_code == 416 and beyond["Content-Range"] == f"bytes */{size}"

    head = admin_client_bureau.head(blob, HTTP_RANGE="bytes=0-1")
    assert head.status_code == 206 and head["Content-Length"] == "2"


def test_documents_that_are_not_pdf_or_images_download_as_attachments(admin_client_bureau, in_bureau, bureau_admin):
    attachment = add_attachment(bureau_admin, name="评分表.docx", content=b"PK\x03\x04 docx")
    link = download_url(attachment.file, user=bureau_admin, filename=attachment.original_name)
    connection.set_schema_to_public()
    response = admin_client_bureau.get(follow_to_blob(admin_client_bureau, link))
    assert response["Content-Disposition"].startswith("attachment")


def test_link_minted_for_one_user_is_refused_to_another(client_bureau, in_bureau, bureau_admin):
    attachment = add_attachment(bureau_admin)
    link = download_url(attachment.file, user=bureau_admin)
    other = make_staff(username="files-other")
    connection.set_schema_to_public()
    client_bureau.login_as(other)
    response = client_bureau.get(link)
    assert response.status_code == 403
    assert "不是发给您的" in response.content.decode()


def test_anonymous_user_is_sent_to_login(client_bureau, in_bureau, bureau_admin):
    attachment = add_attachment(bureau_admin)
    link = download_url(attachment.file, user=bureau_admin)
    connection.set_schema_to_public()
    response = client_bureau.get(link)
    assert response.status_code == 302 and "login" in response["Location"]


def test_link_of_one_tenant_is_unknown_on_another(in_bureau, bureau_admin, admin_client_a):
    attachment = add_attachment(bureau_admin)
    link = download_url(attachment.file, user=bureau_admin)
    connection.set_schema_to_public()
    blob_client_bureau = admin_client_a  # alpha's admin, on alpha's host
    assert blob_client_bureau.get(link).status_code == 404


def test_blob_link_of_one_tenant_does_not_open_on_another(admin_client_bureau, in_bureau, bureau_admin, admin_client_a):
    attachment = add_attachment(bureau_admin)
    link = download_url(attachment.file, user=bureau_admin)
    connection.set_schema_to_public()
    blob = follow_to_blob(admin_client_bureau, link)
    assert admin_client_a.get(blob).status_code == 404


def test_tampered_and_expired_links_are_refused(admin_client_bureau, in_bureau, bureau_admin, settings):
    attachment = add_attachment(bureau_admin)
    link = download_url(attachment.file, user=bureau_admin)
    connection.set_schema_to_public()
    assert admin_client_bureau.get(link[:-3] + "xx/").status_code == 404
    blob = follow_to_blob(admin_client_bureau, link)
    settings.FILES_LINK_MAX_AGE = -1
    settings.FILES_BLOB_MAX_AGE = -1
    assert admin_client_bureau.get(link).status_code == 410
    assert admin_client_bureau.get(blob).status_code == 404


def test_deleted_object_no_longer_downloads(admin_client_bureau, in_bureau, bureau_admin):
    from tenant_apps.experts.panels.services import project_attachment_delete

    attachment = add_attachment(bureau_admin)
    link = download_url(attachment.file, user=bureau_admin)
    project_attachment_delete(actor=bureau_admin, attachment=attachment)
    connection.set_schema_to_public()
    assert admin_client_bureau.get(link).status_code == 404


def test_registered_download_rule_is_checked_at_download_time(admin_client_bureau, in_bureau, bureau_admin):
    attachment = add_attachment(bureau_admin, shared=False)
    link = download_url(attachment.file, user=bureau_admin)
    label = attachment._meta.label
    register_download_rule(label, lambda user, obj: obj.is_shared_with_experts)
    try:
        connection.set_schema_to_public()
        assert admin_client_bureau.get(link).status_code == 403
    finally:
        _rules.pop(label.lower(), None)


def test_api_and_pages_list_download_links_not_media_urls(admin_client_bureau, in_bureau, bureau_admin):
    attachment = add_attachment(bureau_admin)
    project_id = attachment.project_id
    connection.set_schema_to_public()
    listed = admin_client_bureau.get(f"/api/v1/panels/projects/{project_id}/attachments/").json()
    url = listed[0]["url"]
    assert url.startswith("/files/d/")
    blob = follow_to_blob(admin_client_bureau, url)
    assert admin_client_bureau.get(blob).status_code == 200
    page = admin_client_bureau.get(f"/admin-ui/panels/{project_id}/").content.decode()
    assert "/media/panels/" not in page and "/files/d/" in page


# --- S3: presigned links from the same view --------------------------------------------------


def test_download_on_s3_redirects_to_a_presigned_url_with_inline_disposition(admin_client_bureau, in_bureau, bureau_admin, s3_files, settings):
    attachment = add_attachment(bureau_admin)
    link = download_url(attachment.file, user=bureau_admin, filename="须知.pdf")
    connection.set_schema_to_public()
    presigned = follow_to_blob(admin_client_bureau, link)
    assert presigned.startswith(settings.AWS_S3_ENDPOINT_URL)
    assert "/tenants/bureau/panels/projects/" in presigned
    assert "X-Amz-Expires=120" in presigned and "X-Amz-Signature=" in presigned
    with urllib.request.urlopen(presigned) as response:  # noqa: S310 - our local S3 server
        assert response.read() == PDF
        assert response.headers["Content-Disposition"].startswith("inline")
        assert response.headers["Content-Type"] == "application/pdf"
    ranged = urllib.request.Request(presigned, headers={"Range": "bytes=0-3"})  # noqa: S310
    with urllib.request.urlopen(ranged) as response:  # noqa: S310
        assert response.status == 206 and response.read() == PDF[:4]


# --- upload limits from the tenant's site settings (P15) -------------------------------------


def _site_limits(**values):
    from tenant_apps.cms.models import SiteSettings

    row = SiteSettings.objects.first() or SiteSettings()
    for key, value in values.items():
        setattr(row, key, value)
    row.save()


def test_tenant_upload_types_apply_to_project_attachments(in_bureau, bureau_admin):
    _site_limits(file_extensions="pdf,docx")
    with pytest.raises(ApplicationError) as refused:
        add_attachment(bureau_admin, name="脚本.exe", content=b"MZ")
    assert refused.value.code == "upload_type" and "file" in refused.value.fields
    assert "pdf、docx" in refused.value.message


def test_tenant_upload_size_applies_to_project_attachments(in_bureau, bureau_admin):
    _site_limits(file_max_mb=1)
    with pytest.raises(ApplicationError) as refused:
        add_attachment(bureau_admin, name="大文件.pdf", content=b"%PDF" + b"0" * (1024 * 1024 + 1))
    assert refused.value.code == "upload_too_large"
    assert "不能超过 1 MB" in refused.value.message


def test_refused_upload_over_the_api_is_a_400_with_the_field(admin_client_bureau, in_bureau, bureau_admin):
    _site_limits(file_extensions="pdf")
    project = make_project(bureau_admin)
    connection.set_schema_to_public()
    response = admin_client_bureau.post(f"/api/v1/panels/projects/{project.pk}/attachments/", {"file": SimpleUploadedFile("a.html", b"<script>")})
    assert response.status_code == 400
    assert response.json()["code"] == "upload_type" and "file" in response.json()["fields"]


def test_expert_attachment_obeys_the_tenant_limit_too(in_bureau, bureau_admin):
    from tenant_apps.experts.services import attachment_add
    from tests.tenant_apps.experts.conftest import make_expert

    _site_limits(file_extensions="pdf")
    expert = make_expert(name="上传测试")
    with pytest.raises(ApplicationError) as refused:
        attachment_add(actor=bureau_admin, expert=expert, kind="degree", uploaded=SimpleUploadedFile("证书.png", b"\x89PNG\r\n\x1a\n...."))
    assert refused.value.code == "upload_type"
    saved = attachment_add(actor=bureau_admin, expert=expert, kind="degree", uploaded=SimpleUploadedFile("证书.pdf", b"%PDF-1.4 ok"))
    assert saved.file.name.startswith("experts/attachments/")


# --- retention of import/export files ---------------------------------------------------------


def test_import_export_files_are_deleted_after_the_retention_period(in_tenant_a):
    from django.utils import timezone

    from core.files.tasks import purge_expired_files
    from core.models import AuditEvent, FileJob

    def job(days_old):
        item = FileJob.objects.create(kind="export", spec="test.people", status="done")
        item.result_file.save("people.xlsx", ContentFile(b"PK people"), save=False)
        item.report_file.save("report.xlsx", ContentFile(b"PK report"), save=False)
        item.save()
        FileJob.objects.filter(pk=item.pk).update(created_at=timezone.now() - timezone.timedelta(days=days_old))
        return item

    old, recent = job(31), job(29)
    old_names = [old.result_file.name, old.report_file.name]
    assert purge_expired_files() == 1
    old.refresh_from_db()
    recent.refresh_from_db()
    assert not old.result_file and not old.report_file and "files_purged_at" in old.params
    assert not any(storages["default"].exists(name) for name in old_names)
    assert recent.result_file and storages["default"].exists(recent.result_file.name)
    assert AuditEvent.objects.filter(action="core.files.retention_purge").exists()
    assert purge_expired_files() == 0  # running twice deletes nothing twice
