"""Expert import on the import kernel (spec "experts.experts"): checks per row, duplicates in
the file and against the library, the report of rejected rows, pages, permissions, isolation."""

import json

import pytest
from django_tenants.utils import schema_context

from core.importexport import services
from core.importexport.testing import workbook_rows, xlsx_upload
from core.models import FileJob
from tests.tenant_apps.experts.conftest import make_domain_tree, make_expert, make_staff
from tests.tenant_apps.experts.test_views import url

pytestmark = pytest.mark.django_db

SPEC = "experts.experts"
HEADERS = ["姓名", "手机号", "工作单位", "职称", "职称级别", "邮箱", "性别", "身份证号", "职务", "学历", "专业方向", "专业领域", "所在地区", "标签分组", "通知专家"]


def row(name="", phone="", employer="", title="", **extra):
    values = dict.fromkeys(HEADERS, "")
    values.update({"姓名": name, "手机号": phone, "工作单位": employer, "职称": title})
    values.update(extra)
    return [values[h] for h in HEADERS]


def import_rows(actor, rows) -> FileJob:
    job = services.import_job_create(actor=actor, spec_name=SPEC, upload=xlsx_upload(HEADERS, rows, name="experts.xlsx"))
    return services.import_job_run(job_id=job.pk)


def reasons(job) -> dict[int, str]:
    return {r[-1]: r[-2] for r in workbook_rows(job.report_file)[1:]}


def test_good_rows_imported_bad_rows_reported_with_reasons(in_bureau, bureau_admin, django_capture_on_commit_callbacks):
    from tenant_apps.experts.models import Expert, Tag
    from tenant_apps.messaging.models import Message

    make_domain_tree()
    Tag.objects.create(name="重点专家")
    make_expert(phone="13711112222", name="原有专家")
    with django_capture_on_commit_callbacks(execute=True):
        job = import_rows(bureau_admin, [
            row("周志明", "13600000001", "浙江大学", "教授", 职称级别="正高级", 性别="男", 专业领域="工程技术/土木工程/结构工程", 所在地区="浙江省杭州市", 标签分组="重点专家"),
            row("吴晓东", "13711112222", "天津大学", "副教授"),                      # 3: phone already in the library
            row("郑丽", "13600000001", "天津大学", "副教授"),                        # 4: phone repeats row 2
            row("", "1360000", "某单位", "", 职称级别="大师", 邮箱="bad-mail", 专业领域="不存在的领域"),  # 5: format
            row("钱多", 13600000002, "中山大学", "研究员", 身份证号="110105198001011234", 通知专家="否"),  # 6: fine, number cell
            row("孙立", "13600000003", "中山大学", "研究员", 身份证号="110105198001011234"),  # 7: ID number repeats row 6
        ])
    assert job.status == FileJob.Status.DONE
    assert (job.total_rows, job.succeeded_rows, job.rejected_rows) == (6, 2, 4)

    created = Expert.objects.get(name="周志明")
    assert created.user is not None and created.user.kind == "expert" and created.source == "import" and created.status == "approved"
    assert created.title_level == "senior" and created.gender == "male" and created.is_drawable
    assert created.domains.filter(name="结构工程").exists() and created.tags.filter(name="重点专家").exists()
    assert len(created.domain_ids) == 3  # the domain and its two ancestors
    assert Expert.objects.get(name="钱多").phone == "13600000002"

    why = reasons(job)
    assert "已被专家库中的专家“原有专家”" in why[3] and "137****2222" in why[3]
    assert "手机号与第 2 行重复" in why[4]
    assert "姓名：必填" in why[5] and "手机号：应为 11 位" in why[5] and "邮箱" in why[5] and "职称级别" in why[5] and "不存在" in why[5]
    assert "身份证号与第 6 行重复" in why[7]
    # accounts are notified, unless the row says not to
    notified = {r["name"] for m in Message.objects.all() for r in json.loads(m.explicit_recipients or "[]")}
    assert "周志明" in notified and "钱多" not in notified
    assert job.result_file and [r[1] for r in workbook_rows(job.result_file)[1:]] == ["周志明", "钱多"]


def test_unreadable_or_incomplete_file_is_refused_before_queueing(in_bureau, bureau_admin):
    from core.errors import ApplicationError

    with pytest.raises(ApplicationError) as missing:
        services.import_job_create(actor=bureau_admin, spec_name=SPEC, upload=xlsx_upload(["姓名", "职称"], [["张三", "教授"]]))
    assert "手机号" in missing.value.message and "工作单位" in missing.value.message
    assert not FileJob.objects.exists()


def test_import_needs_the_permission(in_bureau):
    from core.errors import PermissionDenied

    viewer = make_staff(username="import-viewer", perms=["experts.view_expert"])
    with pytest.raises(PermissionDenied):
        services.import_job_create(actor=viewer, spec_name=SPEC, upload=xlsx_upload(HEADERS, [row("张三", "13600000009", "x", "y")]))


def test_pages_template_upload_and_job(admin_client_bureau, client_bureau):
    with schema_context("bureau"):
        viewer = make_staff(username="import-page-viewer", perms=["experts.view_expert"])
    page = admin_client_bureau.get(url("backoffice:experts:expert_import"))
    assert page.status_code == 200 and "下载导入模板" in page.content.decode()
    template = admin_client_bureau.get(url("backoffice:experts:expert_import_template"))
    assert template.status_code == 200 and template.content[:2] == b"PK"
    assert workbook_rows(template.content)[0] == HEADERS
    assert admin_client_bureau.get(url("backoffice:experts:expert_import") + "?template=1").status_code == 302
    upload = xlsx_upload(HEADERS, [row("网页导入", "13600000011", "同济大学", "教授")], name="experts.xlsx")
    response = admin_client_bureau.post(url("backoffice:experts:expert_import"), {"file": upload})
    assert response.status_code == 302 and "/jobs/" in response["Location"]
    with schema_context("bureau"):
        job = FileJob.objects.get(spec=SPEC)
        assert job.status == FileJob.Status.PENDING and job.total_rows == 1  # the worker runs it
    detail = admin_client_bureau.get(response["Location"])
    assert detail.status_code == 200
    bad = admin_client_bureau.post(url("backoffice:experts:expert_import"), {"file": xlsx_upload(["姓名"], [["x"]], name="x.xlsx")})
    assert bad.status_code == 400 and "缺少必填列" in bad.content.decode()
    other = client_bureau.login_as(viewer)
    assert other.get(url("backoffice:experts:expert_import")).status_code == 403
    assert other.get(url("backoffice:experts:expert_import_template")).status_code == 403


def test_other_tenant_cannot_see_or_download_bureau_import_jobs(admin_client_bureau, admin_client_a):
    upload = xlsx_upload(HEADERS, [row("跨租户", "13600000021", "同济大学", "教授")], name="experts.xlsx")
    response = admin_client_bureau.post(url("backoffice:experts:expert_import"), {"file": upload})
    job_url = response["Location"]
    with schema_context("bureau"):
        job = FileJob.objects.get(spec=SPEC)
        services.import_job_run(job_id=job.pk)
    assert admin_client_bureau.get(job_url).status_code == 200
    assert admin_client_a.get(job_url).status_code == 404
    assert admin_client_a.get(url("backoffice:jobs:download", job.pk, "source")).status_code == 404
    assert "跨租户" not in admin_client_a.get(url("backoffice:jobs:list")).content.decode()
