"""Import/export kernel: spec, template, validation, report, resume, job pages and isolation.

A test spec ("test.people") saves each row as an audit event, so the kernel is tested
without any app's models."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import schema_context

from core.errors import ApplicationError
from core.importexport import parsers, services
from core.importexport.spec import Column, ImportSpec, register_import
from core.importexport.testing import workbook_rows, xlsx_bytes, xlsx_upload
from core.importexport.xlsx import build_template
from core.models import AuditEvent, FileJob

pytestmark = pytest.mark.django_db

HEADERS = ["姓名", "手机号", "身份"]


class Crash(Exception):
    """Stands for a worker dying half way through a job."""


crash_at: set[str] = set()


def save_person(*, actor, values):
    if values["name"] in crash_at:
        crash_at.discard(values["name"])
        raise Crash(values["name"])
    if values["name"] == "拒绝":
        raise ApplicationError("该行被业务规则拒绝。", fields={"name": ["不允许叫“拒绝”。"]})
    audit_record_person(values)
    return None


def audit_record_person(values):
    from core.audit import audit_record

    audit_record(actor=None, action="test.person", object_label=values["name"], after={"phone": values["phone"]}, only_changes=False)


SPEC = register_import(
    ImportSpec(
        name="test.people",
        title="测试人员",
        permission="accounts.add_user",
        handler=save_person,
        chunk_size=3,
        columns=[
            Column("name", "姓名", required=True, parser=parsers.text(10), example="示例"),
            Column("phone", "手机号", parser=parsers.mainland_mobile, example="13800138000", unique_in_file=True, help="11 位"),
            Column("kind", "身份", parser=parsers.choice({"学生": "student", "student": "student", "教职工": "staff"}), example="学生"),
        ],
    )
)


def people():
    return list(AuditEvent.objects.filter(action="test.person").order_by("id").values_list("object_label", flat=True))


def run(job):
    return services.import_job_run(job_id=job.pk)


def test_template_has_headers_example_comments_and_help_sheet():
    rows = workbook_rows(build_template(SPEC))
    assert rows[0] == HEADERS
    assert rows[1] == ["示例", "13800138000", "学生"]
    from io import BytesIO

    from openpyxl import load_workbook

    workbook = load_workbook(BytesIO(build_template(SPEC)))
    assert "必填" in workbook.active["A1"].comment.text
    assert "11 位" in workbook.active["B1"].comment.text
    help_rows = [r for r in workbook["填写说明"].iter_rows(values_only=True)]
    assert help_rows[0] == ("列名", "是否必填", "填写规则", "示例")
    assert ("姓名", "必填", None, "示例") in help_rows


def test_good_rows_saved_bad_rows_reported(in_tenant_a, admin_a):
    upload = xlsx_upload(HEADERS, [
        ["甲", "13800000001", "学生"],
        ["", "13800000002", "学生"],          # name missing
        ["乙", "12345", "教职工"],              # bad phone
        ["丙", 13800000003, "外星人"],          # bad kind; phone given as a number cell
        ["丁", "13800000004", ""],
        [None, None, None],                    # blank rows are skipped
        ["拒绝", "13800000005", "学生"],        # refused by the handler
        ["示例", "13800138000", "学生"],        # the example row is skipped
    ])
    job = services.import_job_create(actor=admin_a, spec_name="test.people", upload=upload)
    assert job.total_rows == 6
    job = run(job)
    assert job.status == FileJob.Status.DONE
    assert job.progress == 100
    assert (job.succeeded_rows, job.rejected_rows) == (2, 4)
    assert people() == ["甲", "丁"]
    report = workbook_rows(job.report_file)
    assert report[0] == [*HEADERS, "失败原因", "原行号"]
    by_row = {r[-1]: r for r in report[1:]}
    assert by_row[3][-2] == "姓名：必填"
    assert by_row[4][-2] == "手机号：应为 11 位中国大陆手机号"
    assert "身份：应为" in by_row[5][-2] and by_row[5][1] == "13800000003"
    assert by_row[8][-2] == "姓名：不允许叫“拒绝”。"
    assert job.params["rejections"] and "results" not in job.params


def test_duplicate_in_file_rejected(in_tenant_a, admin_a):
    upload = xlsx_upload(HEADERS, [["甲", "13800000001", ""], ["乙", "13800000001", ""], ["丙", "13800000002", ""]])
    job = run(services.import_job_create(actor=admin_a, spec_name="test.people", upload=upload))
    assert people() == ["甲", "丙"]
    assert workbook_rows(job.report_file)[1][-2:] == ["手机号与第 2 行重复", 3]


def test_headers_can_be_in_any_order_and_extra_columns_ignored(in_tenant_a, admin_a):
    upload = xlsx_upload(["备注", "手机号", "姓名*"], [["x", "13800000009", "戊"]])
    job = run(services.import_job_create(actor=admin_a, spec_name="test.people", upload=upload))
    assert job.succeeded_rows == 1 and people() == ["戊"]


@pytest.mark.parametrize(
    ("upload", "code"),
    [
        (SimpleUploadedFile("data.csv", b"name,phone\n", content_type="text/csv"), "file_type"),
        (SimpleUploadedFile("data.xls", b"\xd0\xcf\x11\xe0", content_type="application/vnd.ms-excel"), "file_type"),
        (SimpleUploadedFile("fake.xlsx", b"not a zip at all"), "file_type"),
        (SimpleUploadedFile("broken.xlsx", b"PK\x03\x04garbage"), "unreadable_file"),
        (SimpleUploadedFile("cols.xlsx", xlsx_bytes(["手机号"], [["13800000001"]])), "missing_columns"),
        (SimpleUploadedFile("empty.xlsx", xlsx_bytes(HEADERS, [])), "empty_file"),
        (None, "file_missing"),
    ],
)
def test_unusable_files_refused_before_a_job_exists(in_tenant_a, admin_a, upload, code):
    with pytest.raises(ApplicationError) as info:
        services.import_job_create(actor=admin_a, spec_name="test.people", upload=upload)
    assert info.value.code == code
    assert info.value.message
    assert not FileJob.objects.exists()


def test_file_size_limit(in_tenant_a, admin_a, settings):
    settings.IMPORT_MAX_UPLOAD_BYTES = 1024
    upload = xlsx_upload(HEADERS, [["甲" * 5, f"138{i:08d}", "学生"] for i in range(300)])
    with pytest.raises(ApplicationError) as info:
        services.import_job_create(actor=admin_a, spec_name="test.people", upload=upload)
    assert info.value.code == "file_too_large"
    assert "文件过大" in info.value.message


def test_resume_after_crash_does_not_save_rows_twice(in_tenant_a, admin_a):
    rows = [[f"人{i}", f"138000000{i:02d}", "学生"] for i in range(10)]
    rows[4][0] = "拒绝"
    job = services.import_job_create(actor=admin_a, spec_name="test.people", upload=xlsx_upload(HEADERS, rows))
    crash_at.add("人7")  # chunk size 3: rows 0-2 and 3-5 are committed, 6-8 is lost
    with pytest.raises(Crash):
        run(job)
    job.refresh_from_db()
    assert job.status == FileJob.Status.FAILED
    assert job.processed_rows == 6
    assert (job.succeeded_rows, job.rejected_rows) == (5, 1)
    assert len(people()) == 5

    job = run(job)  # the redelivered task / "retry" button
    assert job.status == FileJob.Status.DONE
    assert people() == [f"人{i}" for i in range(10) if i != 4]
    assert (job.processed_rows, job.succeeded_rows, job.rejected_rows) == (10, 9, 1)
    assert len(workbook_rows(job.report_file)) == 2

    run(job)  # running a finished job again does nothing
    assert len(people()) == 9


def test_resume_from_a_recorded_index(in_tenant_a, admin_a):
    rows = [[f"人{i}", "", ""] for i in range(5)]
    job = services.import_job_create(actor=admin_a, spec_name="test.people", upload=xlsx_upload(HEADERS, rows))
    for name in ("人0", "人1"):
        audit_record_person({"name": name, "phone": None})
    FileJob.objects.filter(pk=job.pk).update(status=FileJob.Status.RUNNING, processed_rows=2, succeeded_rows=2)
    job = run(job)
    assert people() == [f"人{i}" for i in range(5)]
    assert job.succeeded_rows == 5


def test_import_create_queues_the_task_after_commit(in_tenant_a, admin_a, django_capture_on_commit_callbacks, monkeypatch):
    sent = []
    from celery import current_app

    monkeypatch.setattr(current_app, "send_task", lambda name, args=None, **kw: sent.append((name, args)))
    with django_capture_on_commit_callbacks(execute=True):
        job = services.import_job_create(actor=admin_a, spec_name="test.people", upload=xlsx_upload(HEADERS, [["甲", "", ""]]))
    assert sent == [("core.run_import_job", [job.pk])]
    assert AuditEvent.objects.filter(action="file_job.import", object_id=str(job.pk)).exists()


def test_source_and_report_files_are_tenant_prefixed(in_tenant_a, admin_a):
    job = run(services.import_job_create(actor=admin_a, spec_name="test.people", upload=xlsx_upload(HEADERS, [["", "1", ""]])))
    # Names are relative; the storage puts them under the tenant's folder (core.storage).
    assert "/alpha/jobs/source/" in job.source_file.path
    assert "/alpha/jobs/report/" in job.report_file.path


# --- pages -------------------------------------------------------------------------------------


def _job_in(schema, admin, rows=(("", "1", ""),)):
    with schema_context(schema):
        return run(services.import_job_create(actor=admin, spec_name="test.people", upload=xlsx_upload(HEADERS, [list(r) for r in rows])))


def test_job_pages(admin_client_a, admin_a):
    job = _job_in("alpha", admin_a)
    page = admin_client_a.get("/admin-ui/jobs/")
    assert page.status_code == 200 and f'data-job="{job.pk}"' in page.content.decode()
    detail = admin_client_a.get(f"/admin-ui/jobs/{job.pk}/")
    body = detail.content.decode()
    assert "测试人员" in body and "下载失败报告" in body and 'hx-trigger' not in body
    report = admin_client_a.get(f"/admin-ui/jobs/{job.pk}/download/report/")
    assert report.status_code == 200
    assert workbook_rows(b"".join(report.streaming_content))[1][-2].startswith("姓名：必填")
    assert admin_client_a.get(f"/admin-ui/jobs/{job.pk}/download/result/").status_code == 404
    assert admin_client_a.get(f"/admin-ui/jobs/{job.pk}/download/nonsense/").status_code == 404


def test_running_job_fragment_polls(admin_client_a, admin_a):
    job = _job_in("alpha", admin_a)
    with schema_context("alpha"):
        FileJob.objects.filter(pk=job.pk).update(status=FileJob.Status.RUNNING, processed_rows=1, total_rows=4)
    fragment = admin_client_a.get(f"/admin-ui/jobs/{job.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert fragment.startswith('<div id="job-progress"')
    assert 'hx-trigger="every 1s"' in fragment and "25%" in fragment


def test_user_sees_only_own_jobs_unless_superuser(client_a, admin_client_a, admin_a):
    from django.contrib.auth.models import Permission

    from tenant_apps.accounts.models import User

    job = _job_in("alpha", admin_a)
    with schema_context("alpha"):
        clerk = User.objects.create_user(username="clerk", password="x-pass-123456")
        clerk.user_permissions.add(Permission.objects.get(codename="add_user"))
        own = run(services.import_job_create(actor=clerk, spec_name="test.people", upload=xlsx_upload(HEADERS, [["甲", "", ""]])))
    client_a.login_as(clerk)
    assert client_a.get(f"/admin-ui/jobs/{job.pk}/").status_code == 404
    assert client_a.get(f"/admin-ui/jobs/{job.pk}/download/report/").status_code == 404
    listing = client_a.get("/admin-ui/jobs/").content.decode()
    assert f'data-job="{own.pk}"' in listing and f'data-job="{job.pk}"' not in listing
    assert admin_client_a.get(f"/admin-ui/jobs/{own.pk}/").status_code == 200  # superuser


def test_other_tenant_cannot_see_job_or_report(admin_client_b, admin_a, admin_b):
    job = _job_in("alpha", admin_a)
    with schema_context("beta"):
        assert not FileJob.objects.filter(pk=job.pk).exists()
    assert admin_client_b.get(f"/admin-ui/jobs/{job.pk}/").status_code == 404
    assert admin_client_b.get(f"/admin-ui/jobs/{job.pk}/download/report/").status_code == 404
    assert admin_client_b.get(f"/admin-ui/jobs/{job.pk}/download/source/").status_code == 404
    assert f'data-job="{job.pk}"' not in admin_client_b.get("/admin-ui/jobs/").content.decode()


def test_jobs_pages_need_login(client_a):
    assert client_a.get("/admin-ui/jobs/").status_code == 302
    assert client_a.get("/admin-ui/jobs/1/").status_code == 302


def test_retry_only_failed_jobs(admin_client_a, admin_a, monkeypatch):
    from celery import current_app

    monkeypatch.setattr(current_app, "send_task", lambda *a, **k: None)
    job = _job_in("alpha", admin_a)
    admin_client_a.post(f"/admin-ui/jobs/{job.pk}/retry/")
    with schema_context("alpha"):
        assert FileJob.objects.get(pk=job.pk).status == FileJob.Status.DONE
        FileJob.objects.filter(pk=job.pk).update(status=FileJob.Status.FAILED)
    assert admin_client_a.post(f"/admin-ui/jobs/{job.pk}/retry/").status_code == 302
    with schema_context("alpha"):
        assert FileJob.objects.get(pk=job.pk).status == FileJob.Status.PENDING
