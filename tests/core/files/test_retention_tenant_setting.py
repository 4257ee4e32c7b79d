"""The retention period of import/export files is a tenant setting (issue 12 item 2, P12, P15):
set on the site settings page where the upload limits live, read by the daily per-tenant
`core.files_purge_expired` job; one tenant's period never applies to another's files."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.utils import timezone
from django_tenants.utils import schema_context


def _job(days_old: int):
    from core.models import FileJob

    job = FileJob.objects.create(kind="export", spec="test.people", status="done")
    job.result_file.save("people.xlsx", ContentFile(b"PK people"), save=False)
    job.save()
    FileJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - timezone.timedelta(days=days_old))
    return job


def test_the_period_is_set_on_the_site_settings_page_and_used_by_the_purge(admin_client_a, tenant_b):
    from core.files.retention import retention_days
    from core.files.tasks import purge_expired_files
    from tenant_apps.cms.selectors import site_settings

    page = admin_client_a.get("/admin-ui/site/")
    assert page.status_code == 200 and "导入导出文件保留天数" in page.content.decode()
    with schema_context("alpha"):
        current = site_settings()
        form = {name: getattr(current, name) for name in ("site_name", "image_max_mb", "image_extensions", "file_max_mb", "file_extensions")}
    saved = admin_client_a.post("/admin-ui/site/", {**form, "job_file_retention_days": "7"})
    assert saved.status_code == 302, saved.content.decode()[:500]
    refused = admin_client_a.post("/admin-ui/site/", {**form, "job_file_retention_days": "0"})
    assert refused.status_code == 400

    with schema_context("alpha"):
        assert retention_days() == 7
        old, recent = _job(8), _job(6)
        name = old.result_file.name
        assert purge_expired_files() == 1
        old.refresh_from_db()
        recent.refresh_from_db()
        assert not old.result_file and old.params["retention_days"] == 7 and not storages["default"].exists(name)
        assert recent.result_file
    with schema_context("beta"):  # beta keeps the default 30 days: its 8-day-old file stays
        assert retention_days() == 30
        other = _job(8)
        assert purge_expired_files() == 0
        other.refresh_from_db()
        assert other.result_file


def test_the_period_is_in_the_site_settings_api(admin_client_a):
    response = admin_client_a.get("/api/v1/site/settings/")
    assert response.json()["job_file_retention_days"] == 30
