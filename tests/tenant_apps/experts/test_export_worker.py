"""Issue 12 item 9 / P13: a large expert or panel export runs as a background job in the real
Celery worker: the page starts it, shows the progress (htmx polling), then offers a signed
download link (core.files); the file is stamped with the reason. Another tenant sees nothing."""

import re
import uuid

import pytest
from django.urls import reverse
from django_tenants.utils import get_public_schema_name, schema_context
from openpyxl import load_workbook

from core.testing.live import wait_until

pytestmark = pytest.mark.worker


def _client(schema: str):
    from shared_apps.provisioning.models import Tenant
    from tenant_apps.accounts.models import User
    from tests.conftest import TenantClient

    with schema_context(get_public_schema_name()):
        tenant = Tenant.objects.get(schema_name=schema)
    with schema_context(schema):
        admin = User.objects.get(username="admin")
    return TenantClient(tenant).login_as(admin), admin


def _download(client, body: str) -> bytes:
    link = re.search(r'data-download="result" href="([^"]+)"', body)
    assert link, body
    signed = client.get(link.group(1))
    assert signed.status_code == 302, signed.content[:300]
    blob = client.get(signed["Location"])
    assert blob.status_code == 200
    return b"".join(blob.streaming_content) if blob.streaming else blob.content


def _job_id(response) -> int:
    assert response.status_code == 302, response.content[:500]
    match = re.search(r"/jobs/(\d+)/$", response["Location"])
    assert match, response["Location"]
    return int(match.group(1))


def test_large_expert_export_runs_in_the_worker_with_progress_and_a_signed_link(celery_worker_process, settings):
    import io

    from core.models import AuditEvent, FileJob
    from tenant_apps.experts import services
    from tenant_apps.experts.models import Expert

    tag = uuid.uuid4().hex[:8]
    seed = uuid.uuid4().int
    client, admin = _client("live")
    with schema_context("live"):
        experts = [services.expert_create(actor=admin, create_account=False, notify=False, data=services.ExpertInput(
            name=f"导出{i}号", phone=f"136{(seed + i) % 10**8:08d}", employer=f"导出单位{tag}", title="教授")) for i in range(3)]
    settings.EXPORT_BACKGROUND_THRESHOLD = 2  # 3 experts: "large"
    try:
        refused = client.post(reverse("backoffice:experts:expert_export"), {"q": tag, "reason": ""})
        assert refused.status_code == 400 and "请填写导出事由" in refused.content.decode()
        job_id = _job_id(client.post(reverse("backoffice:experts:expert_export"), {"q": tag, "reason": "年度信息核对"}))
        page = client.get(reverse("backoffice:jobs:detail", args=[job_id])).content.decode()
        assert "导出：专家" in page and 'id="job-progress"' in page

        def finished():
            with schema_context("live"):
                job = FileJob.objects.get(pk=job_id)
            return job if job.status in (FileJob.Status.DONE, FileJob.Status.FAILED) else None

        job = wait_until(finished)
        assert job is not None, celery_worker_process.log()[-4000:]
        assert job.status == FileJob.Status.DONE and job.total_rows == 3 and job.progress == 100
        fragment = client.get(reverse("backoffice:jobs:detail", args=[job_id]), HTTP_HX_REQUEST="true").content.decode()
        assert 'data-status="done"' in fragment and "hx-trigger" not in fragment and "下载导出文件" in fragment
        workbook = load_workbook(io.BytesIO(_download(client, fragment)))
        rows = [list(r) for r in workbook.worksheets[0].iter_rows(values_only=True)]
        assert len(rows) == 4 and rows[0][0] == "姓名"
        assert "年度信息核对" in workbook.properties.description and "年度信息核对" in workbook.worksheets[0].oddFooter.left.text
        with schema_context("live"):
            event = AuditEvent.objects.get(action="experts.expert.export", object_id=str(job_id))
            assert event.after["reason"] == "年度信息核对"

        # Another tenant: neither the job page nor the signed link.
        other, _ = _client("beta")
        assert other.get(reverse("backoffice:jobs:detail", args=[job_id])).status_code == 404
        link = re.search(r'data-download="result" href="([^"]+)"', fragment).group(1)
        assert other.get(link).status_code in (403, 404)
    finally:
        with schema_context("live"):
            Expert.objects.filter(pk__in=[e.pk for e in experts]).delete()
            FileJob.objects.filter(created_by_id=admin.pk, spec="experts.experts").delete()


def test_large_panel_history_export_runs_in_the_worker(celery_worker_process, settings):
    from core.models import FileJob

    client, admin = _client("live")
    settings.EXPORT_BACKGROUND_THRESHOLD = -1  # any list is "large"
    try:
        response = client.get(reverse("backoffice:experts_panels:history") + "?export=1")
        job_id = _job_id(response)

        def finished():
            with schema_context("live"):
                job = FileJob.objects.get(pk=job_id)
            return job if job.status in (FileJob.Status.DONE, FileJob.Status.FAILED) else None

        job = wait_until(finished)
        assert job is not None and job.status == FileJob.Status.DONE, celery_worker_process.log()[-4000:]
        fragment = client.get(reverse("backoffice:jobs:detail", args=[job_id]), HTTP_HX_REQUEST="true").content.decode()
        from core.importexport.testing import workbook_rows

        assert workbook_rows(_download(client, fragment))[0][:3] == ["抽取编号", "项目编号", "项目名称"]
    finally:
        with schema_context("live"):
            FileJob.objects.filter(created_by_id=admin.pk, spec="expert_panels.history").delete()
