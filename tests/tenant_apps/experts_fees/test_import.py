"""Workload import on the import kernel (spec "expert_fees.workload"): good rows create or
update lines, rejected rows (absent expert, unknown project, name mismatch, letter already
out) are reported with the reason; template, pages, permissions, isolation."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from django_tenants.utils import schema_context

from core.importexport import services as jobs
from core.importexport.testing import workbook_rows, xlsx_upload
from core.models import FileJob
from tenant_apps.experts.fees import services
from tenant_apps.experts.fees.models import FeeLine

from .conftest import make_staff

pytestmark = pytest.mark.django_db

SPEC = "expert_fees.workload"
HEADERS = ["项目编号", "专家编号", "专家姓名", "工作量（天）", "评审劳务费", "交通费", "其他费用", "代扣个税", "备注"]


def row(code, expert_id, name="", workload="1", **extra):
    values = dict.fromkeys(HEADERS, "")
    values.update({"项目编号": code, "专家编号": expert_id, "专家姓名": name, "工作量（天）": workload})
    values.update(extra)
    return [values[h] for h in HEADERS]


def run(actor, rows) -> FileJob:
    job = jobs.import_job_create(actor=actor, spec_name=SPEC, upload=xlsx_upload(HEADERS, rows, name="workload.xlsx"))
    return jobs.import_job_run(job_id=job.pk)


def reasons(job) -> dict[int, str]:
    rows = workbook_rows(job.report_file)
    header = rows[0]
    return {r[header.index("原行号")]: r[header.index("失败原因")] for r in rows[1:]}


def test_import_creates_lines_and_reports_rejected_rows(panel, bureau_admin):
    code = panel.project.code
    sent = services.fee_line_create(actor=bureau_admin, project=panel.project, member=panel.no_account,
                                    data=services.FeeLineInput(workload_days=Decimal("1"), review_fee=Decimal("100")))
    FeeLine.objects.filter(pk=sent.pk).update(status="sent")  # its letter is out: import may not change it
    job = run(bureau_admin, [
        row(code, panel.attending.expert_id, "张三丰", 1.5, 交通费=80),             # 2: fine
        row(code, panel.second.expert_id, "", "0.5", 代扣个税="10"),             # 3: fine (no name given)
        row(code, panel.absent.expert_id, "王五", "1"),                        # 4: declined: no fee
        row("XM-NOPE", panel.attending.expert_id, "张三丰", "1"),                # 5: unknown project
        row(code, panel.second.expert_id, "别人", "1"),                         # 6: name does not match
        row(code, panel.no_account.expert_id, "赵无号", "1"),                    # 7: letter already out
        row(code, "abc", "", "0.7"),                                          # 8: format
    ])
    assert job.status == FileJob.Status.DONE and (job.succeeded_rows, job.rejected_rows) == (2, 5)
    first = FeeLine.objects.get(member=panel.attending)
    assert (first.workload_days, first.review_fee, first.travel_fee, first.net_amount) == (Decimal("1.5"), Decimal("1300.00"), Decimal("80.00"), Decimal("1380.00"))
    assert FeeLine.objects.get(member=panel.second).net_amount == Decimal("340.00")
    assert not FeeLine.objects.filter(member=panel.absent).exists()
    why = reasons(job)
    assert "王五" in why[4] and "未记录为实际参加评审" in why[4]
    assert "XM-NOPE" in why[5] and "不存在" in why[5]
    assert "不一致" in why[6]
    assert "不能通过导入修改" in why[7]
    assert "专家编号：" in why[8] and "工作量（天）：" in why[8]


def test_import_again_updates_draft_lines(panel, bureau_admin):
    run(bureau_admin, [row(panel.project.code, panel.attending.expert_id, "张三丰", "1")])
    job = run(bureau_admin, [row(panel.project.code, panel.attending.expert_id, "张三丰", "2")])
    assert job.succeeded_rows == 1
    assert FeeLine.objects.get(member=panel.attending).workload_days == Decimal("2.0")


def test_import_needs_the_permission_and_sees_only_projects_in_scope(panel, bureau_admin):
    from core.errors import PermissionDenied
    from tenant_apps.accounts.models import OrgUnit

    viewer = make_staff(username="fee-viewer", perms=["expert_fees.view_feeline"])
    with pytest.raises(PermissionDenied):
        jobs.import_job_create(actor=viewer, spec_name=SPEC, upload=xlsx_upload(HEADERS, [row(panel.project.code, panel.attending.expert_id)]))
    unit = OrgUnit.objects.create(name="采购三处", kind="department")
    narrow = make_staff(username="fee-narrow", perms=["expert_fees.view_feeline", "expert_fees.import_workload", "expert_fees.add_feeline"],
                        org_unit=unit, data_scope="unit")
    job = run(narrow, [row(panel.project.code, panel.attending.expert_id)])
    assert job.rejected_rows == 1 and "不在您的管理范围内" in reasons(job)[2]


def test_import_pages_template_and_upload(admin_client_bureau, client_bureau, panel):
    page = admin_client_bureau.get(reverse("backoffice:experts_fees:workload_import"))
    assert page.status_code == 200 and "下载导入模板" in page.content.decode() and "确认参加" in page.content.decode()
    template = admin_client_bureau.get(reverse("backoffice:experts_fees:workload_import_template"))
    assert template.status_code == 200 and workbook_rows(template.content)[0] == HEADERS
    upload = xlsx_upload(HEADERS, [row(panel.project.code, panel.attending.expert_id, "张三丰", "1")], name="workload.xlsx")
    response = admin_client_bureau.post(reverse("backoffice:experts_fees:workload_import"), {"file": upload})
    assert response.status_code == 302 and "/jobs/" in response["Location"]
    with schema_context("bureau"):
        assert FileJob.objects.get(spec=SPEC).total_rows == 1
        viewer = make_staff(username="fee-page-viewer", perms=["expert_fees.view_feeline"])
    client_bureau.login_as(viewer)
    assert client_bureau.get(reverse("backoffice:experts_fees:workload_import")).status_code == 403
    assert client_bureau.get(reverse("backoffice:experts_fees:workload_import_template")).status_code == 403


def test_other_tenant_cannot_import_into_bureau_projects(panel, admin_a):
    with schema_context("alpha"):
        job = run(admin_a, [row(panel.project.code, panel.attending.expert_id)])
        assert job.rejected_rows == 1 and "不存在" in reasons(job)[2]
    assert not FeeLine.objects.exists()
