"""Project import on the import kernel (spec "expert_panels.projects"): checks per row, codes
repeated in the file or already used, the report of rejected rows, bulk approval and batches
afterwards, pages, permissions and isolation."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tenants.utils import schema_context

from core.importexport import services
from core.importexport.testing import workbook_rows, xlsx_upload
from core.models import FileJob

from .conftest import make_project, make_staff

pytestmark = pytest.mark.django_db

SPEC = "expert_panels.projects"
HEADERS = ["项目名称", "项目编号", "项目单位", "相关单位", "评审时间", "评审结束时间", "评审地点", "项目类型", "负责部门", "批次", "项目说明"]


def row(title="", owner="", opens="", **extra):
    values = dict.fromkeys(HEADERS, "")
    values.update({"项目名称": title, "项目单位": owner, "评审时间": opens})
    values.update(extra)
    return [values[h] for h in HEADERS]


def import_rows(actor, rows):
    job = services.import_job_create(actor=actor, spec_name=SPEC, upload=xlsx_upload(HEADERS, rows, name="projects.xlsx"))
    return services.import_job_run(job_id=job.pk)


def reasons(job) -> dict[int, str]:
    return {r[-1]: r[-2] for r in workbook_rows(job.report_file)[1:]}


def test_good_rows_become_pending_projects_bad_rows_are_reported(in_bureau, bureau_admin):
    import datetime

    from tenant_apps.accounts.models import OrgUnit
    from tenant_apps.experts.panels.models import Project

    OrgUnit.objects.create(name="采购处", kind="department")
    existing = make_project(bureau_admin, approve=False)
    job = import_rows(bureau_admin, [
        row("桥梁设计评审", "甲建设集团", "2030-03-01 09:30", 相关单位="乙公司；丙公司", 评审地点="评审中心", 项目类型="工程评审", 负责部门="采购处", 批次="三月批"),
        row("软件验收", "丁科技", datetime.datetime(2030, 3, 2, 14, 0), 项目编号="IMP-001"),    # 3: an Excel date cell
        row("重复编号", "戊单位", "2030-03-03 09:00", 项目编号="IMP-001"),                       # 4: code repeats row 3
        row("已有编号", "戊单位", "2030-03-03 09:00", 项目编号=existing.code),                   # 5: code already used
        row("", "", "明天上午", 负责部门="不存在的处"),                                            # 6: format
        row("只有日期", "己单位", "2030-03-04"),                                                  # 7: no time
        row("结束早于开始", "庚单位", "2030-03-05 09:00", 评审结束时间="2030-03-04 18:00"),       # 8
        row("中文日期", "辛单位", "2030年3月6日 9:30"),                                            # 9: fine
    ])
    assert job.status == FileJob.Status.DONE
    assert (job.total_rows, job.succeeded_rows, job.rejected_rows) == (8, 3, 5)

    bridge = Project.objects.get(title="桥梁设计评审")
    assert bridge.status == "pending" and bridge.source == "import" and bridge.created_by == bureau_admin
    assert bridge.related_units == ["乙公司", "丙公司"] and bridge.department.name == "采购处" and bridge.batch.name == "三月批"
    assert bridge.category == "工程评审" and bridge.location == "评审中心"
    assert timezone.localtime(Project.objects.get(code="IMP-001").opens_at).strftime("%m-%d %H:%M") == "03-02 14:00"
    assert Project.objects.filter(title="中文日期").exists()

    why = reasons(job)
    assert "项目编号与第 3 行重复" in why[4]
    assert f"项目编号“{existing.code}”已存在" in why[5]
    assert "项目名称：必填" in why[6] and "项目单位：必填" in why[6] and "评审时间：应为日期和时间" in why[6] and "不存在的处" in why[6]
    assert "评审时间：应为日期和时间" in why[7]
    assert "评审结束时间：不能早于评审时间" in why[8]
    assert [r[1] for r in workbook_rows(job.result_file)[1:]] == ["桥梁设计评审", "软件验收", "中文日期"]


def test_import_needs_the_permission(in_bureau):
    from core.errors import PermissionDenied

    viewer = make_staff(username="proj-import-viewer", perms=["expert_panels.view_project", "expert_panels.add_project"])
    with pytest.raises(PermissionDenied):
        services.import_job_create(actor=viewer, spec_name=SPEC, upload=xlsx_upload(HEADERS, [row("x", "y", "2030-01-01 09:00")]))


def test_pages_template_upload_and_job(admin_client_bureau, client_bureau):
    with schema_context("bureau"):
        viewer = make_staff(username="proj-import-page", perms=["expert_panels.view_project"])
    list_page = admin_client_bureau.get(reverse("backoffice:experts_panels:project_list")).content.decode()
    assert "导入项目" in list_page
    page = admin_client_bureau.get(reverse("backoffice:experts_panels:project_import"))
    assert page.status_code == 200 and "下载导入模板" in page.content.decode()
    template = admin_client_bureau.get(reverse("backoffice:experts_panels:project_import_template"))
    assert template.status_code == 200 and workbook_rows(template.content)[0] == HEADERS
    upload = xlsx_upload(HEADERS, [row("网页导入项目", "某单位", "2030-04-01 09:00")], name="projects.xlsx")
    response = admin_client_bureau.post(reverse("backoffice:experts_panels:project_import"), {"file": upload})
    assert response.status_code == 302 and "/jobs/" in response["Location"]
    with schema_context("bureau"):
        job = FileJob.objects.get(spec=SPEC)
        assert job.status == FileJob.Status.PENDING and job.total_rows == 1
    bad = admin_client_bureau.post(reverse("backoffice:experts_panels:project_import"), {"file": xlsx_upload(["项目名称"], [["x"]], name="x.xlsx")})
    assert bad.status_code == 400 and "缺少必填列" in bad.content.decode()
    client_bureau.login_as(viewer)
    assert "导入项目" not in client_bureau.get(reverse("backoffice:experts_panels:project_list")).content.decode()
    assert client_bureau.get(reverse("backoffice:experts_panels:project_import")).status_code == 403
    assert client_bureau.get(reverse("backoffice:experts_panels:project_import_template")).status_code == 403


def test_other_tenant_cannot_see_the_import_job(admin_client_bureau, admin_client_a):
    upload = xlsx_upload(HEADERS, [row("跨租户项目", "某单位", "2030-04-01 09:00")], name="projects.xlsx")
    job_url = admin_client_bureau.post(reverse("backoffice:experts_panels:project_import"), {"file": upload})["Location"]
    with schema_context("bureau"):
        services.import_job_run(job_id=FileJob.objects.get(spec=SPEC).pk)
    assert admin_client_bureau.get(job_url).status_code == 200
    assert admin_client_a.get(job_url).status_code == 404
    page = admin_client_a.get(reverse("backoffice:experts_panels:project_list") + "?archived=all").content.decode()
    assert "跨租户项目" not in page


def test_bulk_approve_and_batch_after_import(admin_client_bureau, client_bureau, bureau_admin, admin_client_a):
    from tenant_apps.experts.panels.models import Project

    with schema_context("bureau"):
        job = import_rows(bureau_admin, [row(f"批量项目{i}", "某单位", "2030-05-01 09:00") for i in range(3)])
        assert job.succeeded_rows == 3
        ids = [str(pk) for pk in Project.objects.filter(title__startswith="批量项目").values_list("pk", flat=True)]
        operator = make_staff(username="bulk-operator", perms=["expert_panels.view_project", "expert_panels.change_project"])
    url = reverse("backoffice:experts_panels:project_list")
    response = admin_client_bureau.post(url, {"project": ids, "action": "batch", "batch_name": "五月批"}, follow=True)
    assert "已将 3 个项目设为批次“五月批”" in response.content.decode()
    # the importer's own projects are skipped (management separate from use) ...
    response = admin_client_bureau.post(url, {"project": ids[:2], "action": "approve", "note": "材料齐全"}, follow=True)
    assert "已审核通过 0 个项目" in response.content.decode()
    # ... someone else approves them
    from tests.conftest import TenantClient
    from tests.tenant_apps.experts_panels.conftest import second_approver

    with schema_context("bureau"):
        approver = second_approver()
    response = TenantClient(admin_client_bureau.tenant).login_as(approver).post(url, {"project": ids[:2], "action": "approve", "note": "材料齐全"}, follow=True)
    assert "已审核通过 2 个项目" in response.content.decode()
    with schema_context("bureau"):
        statuses = dict(Project.objects.filter(pk__in=ids).values_list("title", "status"))
        assert sorted(statuses.values()) == ["approved", "approved", "pending"]
        assert set(Project.objects.filter(pk__in=ids).values_list("batch__name", flat=True)) == {"五月批"}
        assert Project.objects.filter(pk__in=ids, status="approved").first().review_note == "材料齐全"
    # an operator without the approve permission: refused
    client_bureau.login_as(operator)
    assert client_bureau.post(url, {"project": ids[2:], "action": "approve"}).status_code == 403
    with schema_context("bureau"):
        assert Project.objects.get(pk=ids[2]).status == "pending"
    # another tenant cannot touch them: the ids are not found there
    response = admin_client_a.post(url, {"project": ids, "action": "reject"}, follow=True)
    assert "请先勾选项目" in response.content.decode()
    with schema_context("bureau"):
        assert Project.objects.filter(pk__in=ids, status="rejected").count() == 0
