"""User import (spec "accounts.users"): pages, validation, duplicates, resume, real worker."""

import time
import uuid

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import schema_context

from core.importexport import services
from core.importexport.spec import import_spec
from core.importexport.testing import workbook_rows, xlsx_upload
from core.models import FileJob
from tenant_apps.accounts.models import OrgUnit, User

HEADERS = ["用户名", "姓名", "身份", "手机号", "邮箱", "所属单位", "用户组", "初始密码"]


def run(job):
    return services.import_job_run(job_id=job.pk)


def import_rows(actor, rows):
    return run(services.import_job_create(actor=actor, spec_name="accounts.users", upload=xlsx_upload(HEADERS, rows)))


def reasons(job):
    return {row[-1]: row[-2] for row in workbook_rows(job.report_file)[1:]}


@pytest.fixture
def units(in_tenant_a):
    college = OrgUnit.objects.create(name="计算机学院", kind="college", code="CS")
    OrgUnit.objects.create(name="一班", kind="class", parent=college, code="CS-1")
    OrgUnit.objects.create(name="一班", kind="class", code="EE-1")
    Group.objects.get_or_create(name="辅导员")
    Group.objects.get_or_create(name="就业老师")
    return college


@pytest.mark.django_db
def test_good_rows_kept_bad_rows_reported(units, admin_a):
    User.objects.create(username="taken", email="taken@example.cn", phone="13900000000")
    job = import_rows(admin_a, [
        ["zhang", "张三", "学生", "13800000001", "Zhang@Example.cn", "计算机学院", "辅导员，就业老师", "Secret-pass-1"],
        ["li", "李四", "staff", 13800000002, "", "CS-1", "", ""],
        ["wang", "王五", "外星人", "138", "not-an-email", "不存在学院", "无此组", "123"],
        ["taken", "重名", "学生", "", "", "", "", ""],
        ["zhao", "赵六", "校友", "13900000000", "", "", "", ""],
        ["qian", "钱七", "学生", "", "TAKEN@example.cn", "", "", ""],
        ["", "", "", "", "", "", "", "x"],
        ["sun", "孙八", "教职工/管理员", "", "", "", "", ""],
        ["zhou", "周九", "学生", "", "", "一班", "", ""],
    ])
    assert job.status == FileJob.Status.DONE
    assert (job.succeeded_rows, job.rejected_rows) == (3, 6)

    zhang = User.objects.get(username="zhang")
    assert (zhang.display_name, zhang.kind, zhang.phone, zhang.email) == ("张三", "student", "13800000001", "zhang@example.cn")
    assert zhang.org_unit == units and sorted(g.name for g in zhang.groups.all()) == ["就业老师", "辅导员"]
    assert zhang.check_password("Secret-pass-1") and zhang.must_change_password
    li = User.objects.get(username="li")
    assert li.kind == "staff" and li.org_unit.code == "CS-1" and li.phone == "13800000002"
    assert User.objects.get(username="sun").kind == "staff"
    assert not User.objects.filter(username__in=["wang", "zhao", "qian"]).exists()

    why = reasons(job)
    assert "身份：应为" in why[4] and "手机号：应为 11 位中国大陆手机号" in why[4]
    assert "邮箱：邮箱格式不正确" in why[4] and "所属单位：单位“不存在学院”不存在" in why[4]
    assert "用户组：用户组不存在：无此组" in why[4] and "初始密码：" in why[4]
    assert why[5] == "用户名：该用户名已存在。"
    assert why[6] == "手机号：该手机号已被其他账号使用。"
    assert why[7] == "邮箱：该邮箱已被其他账号使用。"
    assert "用户名：必填" in why[8] and "初始密码：" in why[8]
    assert why[10] == "所属单位：有多个名为“一班”的单位，请填写单位编码"
    report = workbook_rows(job.report_file)
    assert report[0] == [*HEADERS, "失败原因", "原行号"]
    assert report[1][:3] == ["wang", "王五", "外星人"]

    result = workbook_rows(job.result_file)
    assert result[0] == ["用户名", "姓名", "初始密码"]
    generated = {row[0]: row[2] for row in result[1:]}
    assert set(generated) == {"zhang", "li", "sun"}
    assert li.check_password(generated["li"])
    assert "results" not in job.params  # generated passwords do not stay in the database


@pytest.mark.django_db
def test_duplicates_within_the_file(in_tenant_a, admin_a):
    job = import_rows(admin_a, [
        ["a1", "甲", "学生", "13800000011", "a@example.cn", "", "", ""],
        ["A1", "乙", "学生", "13800000012", "", "", "", ""],
        ["a3", "丙", "学生", "13800000011", "A@EXAMPLE.CN", "", "", ""],
    ])
    assert list(User.objects.filter(username__in=["a1", "A1", "a3"]).values_list("username", flat=True)) == ["a1"]
    why = reasons(job)
    assert why[3] == "用户名与第 2 行重复"
    assert why[4] == "手机号与第 2 行重复；邮箱与第 2 行重复"


@pytest.mark.django_db
def test_resume_does_not_create_users_twice(in_tenant_a, admin_a):
    rows = [[f"resume{i}", f"用户{i}", "学生", f"1370000{i:04d}", "", "", "", ""] for i in range(120)]
    job = services.import_job_create(actor=admin_a, spec_name="accounts.users", upload=xlsx_upload(HEADERS, rows))
    spec = import_spec("accounts.users")
    # A worker that committed two chunks and died: the first 2 * chunk_size users exist.
    done = 2 * spec.chunk_size
    for values in rows[:done]:
        spec.handler(actor=admin_a, values={"username": values[0], "display_name": values[1], "kind": "student", "phone": values[3]})
    FileJob.objects.filter(pk=job.pk).update(status=FileJob.Status.RUNNING, processed_rows=done, succeeded_rows=done)
    job = run(job)
    job = run(job)  # and a duplicate delivery of the task
    assert job.status == FileJob.Status.DONE
    assert (job.processed_rows, job.succeeded_rows, job.rejected_rows) == (120, 120, 0)
    assert User.objects.filter(username__startswith="resume").count() == 120


# --- pages ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_import_page_and_template(admin_client_a):
    page = admin_client_a.get("/admin-ui/users/import/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "下载导入模板" in body and 'name="file"' in body
    template = admin_client_a.get("/admin-ui/users/import/template/")
    assert template.status_code == 200
    assert "attachment" in template["Content-Disposition"]
    rows = workbook_rows(template.content)
    assert rows[0] == HEADERS
    assert rows[1][:3] == ["zhangsan01", "张三", "学生"]
    assert workbook_rows(template.content, "填写说明")[0] == ["列名", "是否必填", "填写规则", "示例"]


@pytest.mark.django_db
def test_upload_wrong_type_is_refused_with_a_message(admin_client_a):
    response = admin_client_a.post("/admin-ui/users/import/", {"file": SimpleUploadedFile("users.csv", b"a,b\n")})
    assert response.status_code == 400
    assert "只支持 .xlsx 格式" in response.content.decode()
    with schema_context("alpha"):
        assert not FileJob.objects.exists()


@pytest.mark.django_db
def test_upload_creates_job_and_redirects(admin_client_a, django_capture_on_commit_callbacks, monkeypatch):
    from celery import current_app

    sent = []
    monkeypatch.setattr(current_app, "send_task", lambda name, args=None, **kw: sent.append((name, args)))
    upload = xlsx_upload(HEADERS, [["upl1", "上传", "学生", "", "", "", "", ""]], name="名单.xlsx")
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client_a.post("/admin-ui/users/import/", {"file": upload})
    with schema_context("alpha"):
        job = FileJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/admin-ui/jobs/{job.pk}/"
    assert sent == [("core.run_import_job", [job.pk])]
    assert job.params["file_name"] == "名单.xlsx" and job.total_rows == 1


@pytest.mark.django_db
def test_import_needs_add_user(client_a, in_tenant_a):
    clerk = User.objects.create_user(username="viewer-only", password="x-pass-123456")
    clerk.user_permissions.add(Permission.objects.get(codename="view_user"))
    client_a.login_as(clerk)
    assert client_a.get("/admin-ui/users/import/").status_code == 403
    assert client_a.get("/admin-ui/users/import/template/").status_code == 403
    upload = xlsx_upload(HEADERS, [["nope", "无权", "学生", "", "", "", "", ""]])
    assert client_a.post("/admin-ui/users/import/", {"file": upload}).status_code == 403
    with schema_context("alpha"):
        assert not User.objects.filter(username="nope").exists()


@pytest.mark.django_db
def test_import_pages_need_login(client_a):
    assert client_a.get("/admin-ui/users/import/").status_code == 302


@pytest.mark.django_db
def test_imported_users_stay_in_their_tenant(admin_a, in_tenant_a):
    import_rows(admin_a, [["alpha-only", "甲", "学生", "", "", "", "", ""]])
    with schema_context("beta"):
        assert not User.objects.filter(username="alpha-only").exists()


# --- real worker ------------------------------------------------------------------------------


@pytest.mark.worker
def test_import_through_a_real_worker(celery_worker_process, live_db):
    tag = uuid.uuid4().hex[:8]
    # 60 rows: two chunks; the worker runs production settings (Argon2), so keep it small.
    rows = [[f"w{tag}{i}", f"工人{i}", "学生", "", "", "", "", ""] for i in range(60)]
    rows.append([f"w{tag}0", "重复", "学生", "", "", "", "", ""])
    with schema_context("live"):
        admin = User.objects.get(username="admin")
        job = services.import_job_create(actor=admin, spec_name="accounts.users", upload=xlsx_upload(HEADERS, rows))
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            job.refresh_from_db()
            if job.status in (FileJob.Status.DONE, FileJob.Status.FAILED):
                break
            time.sleep(0.3)
        assert job.status == FileJob.Status.DONE, celery_worker_process.log()[-3000:]
        assert job.progress == 100
        assert (job.succeeded_rows, job.rejected_rows) == (60, 1)
        assert "/live/jobs/report/" in job.report_file.path  # stored under the tenant's folder
        assert workbook_rows(job.report_file)[1][-2] == "用户名与第 2 行重复"
        assert User.objects.filter(username__startswith=f"w{tag}").count() == 60
