"""Import and export jobs in the API (P13, P19): start an import or a background export, follow
its progress, download through a signed link; each person sees only their own jobs, each
tenant only its own."""

import pytest
from django_tenants.utils import schema_context

from core.importexport import services
from core.importexport.testing import workbook_rows, xlsx_upload
from core.models import FileJob
from tests.tenant_apps.accounts.test_users_factories import make_staff

pytestmark = pytest.mark.django_db

API = "/api/v1/jobs/"


def test_export_job_through_the_api(admin_client_a, admin_a):
    refused = admin_client_a.post(API + "exports/", {"spec": "accounts.users"}, content_type="application/json")
    assert refused.status_code == 400 and refused.json()["code"] == "export_reason_required"
    created = admin_client_a.post(API + "exports/", {"spec": "accounts.users", "params": {"kind": "staff"}, "reason": "账号年度核对"},
                                  content_type="application/json")
    assert created.status_code == 201, created.content
    job = created.json()
    assert job["kind"] == "export" and job["reason"] == "账号年度核对" and job["result_url"] == ""
    with schema_context("alpha"):
        services.export_job_run(job_id=job["id"])
    done = admin_client_a.get(f"{API}{job['id']}/").json()
    assert done["status"] == "done" and done["progress"] == 100 and done["result_url"]
    signed = admin_client_a.get(done["result_url"])
    assert signed.status_code == 302
    blob = admin_client_a.get(signed["Location"])
    assert workbook_rows(b"".join(blob.streaming_content) if blob.streaming else blob.content)[0][0] == "用户名"
    assert [row["id"] for row in admin_client_a.get(API, {"kind": "export"}).json()["results"]] == [job["id"]]
    unknown = admin_client_a.post(API + "exports/", {"spec": "no.such", "reason": "看看而已啦"}, content_type="application/json")
    assert unknown.status_code == 404


def test_import_job_through_the_api(admin_client_a):
    upload = xlsx_upload(["用户名", "姓名", "身份"], [["api-import-1", "接口导入", "学生"]])
    created = admin_client_a.post(API + "imports/", {"spec": "accounts.users", "file": upload})
    assert created.status_code == 201, created.content
    assert created.json()["kind"] == "import" and created.json()["total_rows"] == 1
    bad = admin_client_a.post(API + "imports/", {"spec": "accounts.users", "file": xlsx_upload(["x"], [["y"]], name="a.csv")})
    assert bad.status_code == 400 and bad.json()["code"] == "file_type"


def test_permissions_and_own_jobs_only(client_a, admin_a):
    with schema_context("alpha"):
        job = services.export_job_create(actor=admin_a, spec_name="accounts.users", reason="账号年度核对")
        clerk = make_staff("alpha")
    client_a.login_as(clerk)
    assert client_a.get(API).json()["count"] == 0  # not the admin's job
    assert client_a.get(f"{API}{job.pk}/").status_code == 404
    assert client_a.post(f"{API}{job.pk}/retry/").status_code == 404
    # Starting a job needs the spec's own permission.
    assert client_a.post(API + "exports/", {"spec": "accounts.users", "reason": "账号年度核对"}, content_type="application/json").status_code == 403
    assert client_a.post(API + "imports/", {"spec": "accounts.users", "file": xlsx_upload(["用户名"], [["x"]])}).status_code == 403


def test_retry_only_failed_jobs(admin_client_a, admin_a):
    with schema_context("alpha"):
        job = services.export_job_create(actor=admin_a, spec_name="accounts.users", reason="账号年度核对")
    assert admin_client_a.post(f"{API}{job.pk}/retry/").status_code == 400
    with schema_context("alpha"):
        FileJob.objects.filter(pk=job.pk).update(status=FileJob.Status.FAILED, error="x")
    assert admin_client_a.post(f"{API}{job.pk}/retry/").json()["status"] == "pending"


def test_other_tenant_gets_404(admin_client_b, admin_a):
    with schema_context("alpha"):
        job = services.export_job_create(actor=admin_a, spec_name="accounts.users", reason="账号年度核对")
    with schema_context("beta"):
        FileJob.objects.filter(pk=job.pk).delete()
    assert admin_client_b.get(f"{API}{job.pk}/").status_code == 404
    assert admin_client_b.post(f"{API}{job.pk}/retry/").status_code == 404
