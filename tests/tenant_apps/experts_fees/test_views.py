"""Back-office pages, the expert's H5 pages, the two panoramas, permissions and tenant
isolation of expert fees."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from django_tenants.utils import schema_context

from core.importexport.testing import workbook_rows
from tenant_apps.experts.fees import services
from tenant_apps.experts.fees.models import FeeLetter, FeeLine, FeeStandard

from .conftest import make_staff, signature_data_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed(panel, bureau_admin):
    """The attending expert's fee, letter sent and signed; the second expert's still a draft."""
    line = services.fee_line_create(actor=bureau_admin, project=panel.project, member=panel.attending, data=services.FeeLineInput(workload_days=Decimal("1.5")))
    services.fee_letter_sign(user=panel.attending.expert.user, letter=services.fee_letter_send(actor=bureau_admin, line=line), signature_data_url=signature_data_url())
    services.fee_line_create(actor=bureau_admin, project=panel.project, member=panel.second, data=services.FeeLineInput(workload_days=Decimal("1")))
    line.refresh_from_db()
    return line


def test_back_office_pages_render(admin_client_bureau, signed, panel):
    pages = {
        reverse("backoffice:experts_fees:project_list"): ["专家劳务费", panel.project.title],
        reverse("backoffice:experts_fees:project_fees", args=[panel.project.pk]): ["张三丰", "已签字", "未参加评审，不计劳务费", "1400.00", "登记工作量"],
        reverse("backoffice:experts_fees:line_list"): ["劳务费发放", "张三丰", "导出发放表"],
        reverse("backoffice:experts_fees:line_list") + "?status=draft": ["李思远"],
        reverse("backoffice:experts_fees:line_edit", args=[signed.pk]): ["专家已签字确认", signed.current_letter.number],
        reverse("backoffice:experts_fees:standard_list"): ["正高级标准", "通用标准"],
        reverse("backoffice:experts_fees:standard_edit", args=[FeeStandard.objects.first().pk]): ["修改劳务费标准"],
    }
    for url, texts in pages.items():
        response = admin_client_bureau.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        for text in texts:
            assert text in body, (url, text)
    empty = admin_client_bureau.get(reverse("backoffice:experts_fees:line_list") + "?q=没有这个人").content.decode()
    assert "没有符合条件的劳务费记录" in empty
    pdf = admin_client_bureau.get(reverse("backoffice:experts_fees:letter_pdf", args=[signed.current_letter_id]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    sheet_url = reverse("backoffice:experts_fees:payout_sheet") + f"?project={panel.project.pk}"
    form = admin_client_bureau.get(sheet_url)
    assert form.status_code == 200 and 'name="reason"' in form.content.decode() and "导出事由" in form.content.decode()
    refused = admin_client_bureau.post(sheet_url, {"reason": ""})
    assert refused.status_code == 400 and "请填写导出事由" in refused.content.decode()
    sheet = admin_client_bureau.post(sheet_url, {"reason": "财务发放"})
    assert sheet.status_code == 200 and sheet["Cache-Control"] == "no-store"
    rows = workbook_rows(sheet.content, "发放明细")
    assert [r[rows[1].index("专家姓名")] for r in rows[2:-1]] == ["张三丰"]  # only signed fees are payable


def test_panoramas_show_the_fees(admin_client_bureau, signed, panel):
    expert_page = admin_client_bureau.get(reverse("backoffice:experts:expert_detail", args=[panel.attending.expert_id]) + "?tab=fees").content.decode()
    assert 'id="expert-fees"' in expert_page and panel.project.title in expert_page and "1400.00" in expert_page and "已签字" in expert_page
    project_page = admin_client_bureau.get(reverse("backoffice:experts_panels:project_detail", args=[panel.project.pk])).content.decode()
    assert 'id="project-fees"' in project_page and "专家费记录" in project_page and "张三丰" in project_page and "李思远" in project_page


def test_entering_workload_by_form_and_the_absent_expert_error(admin_client_bureau, panel):
    url = reverse("backoffice:experts_fees:project_fees", args=[panel.project.pk])
    response = admin_client_bureau.post(url, {"action": "add", "member": panel.attending.pk, "workload_days": "1", "travel_fee": "60"})
    assert response.status_code == 302
    with schema_context("bureau"):
        assert FeeLine.objects.get(member=panel.attending).net_amount == Decimal("860.00")
    refused = admin_client_bureau.post(url, {"action": "add", "member": panel.absent.pk, "workload_days": "1"}, HTTP_REFERER=url, follow=True)
    assert "未记录为实际参加评审，不能登记劳务费" in refused.content.decode()
    with schema_context("bureau"):
        assert not FeeLine.objects.filter(member=panel.absent).exists()
        line = FeeLine.objects.get(member=panel.attending)
    assert admin_client_bureau.post(url, {"action": "send", "line": line.pk}).status_code == 302
    with schema_context("bureau"):
        line.refresh_from_db()
        assert line.status == "sent"
    edit = admin_client_bureau.post(reverse("backoffice:experts_fees:line_edit", args=[line.pk]), {"workload_days": "2", "travel_fee": "60"})
    assert edit.status_code == 302
    with schema_context("bureau"):
        line.refresh_from_db()
        assert line.status == "draft" and line.current_letter is None and FeeLetter.objects.get(line=line).status == "withdrawn"


def test_mark_paid_from_the_payout_list(admin_client_bureau, signed):
    response = admin_client_bureau.post(reverse("backoffice:experts_fees:lines_mark_paid"), {"line": [signed.pk], "paid_on": "2026-01-05", "reference": "凭证9"})
    assert response.status_code == 302
    with schema_context("bureau"):
        signed.refresh_from_db()
        assert signed.status == "paid" and str(signed.paid_on) == "2026-01-05"


def test_standards_by_form(admin_client_bureau, in_bureau):
    url = reverse("backoffice:experts_fees:standard_list")
    data = {"name": "副高级标准", "title_level": "associate", "half_day_rate": "400", "day_rate": "700", "travel_allowance": "80", "effective_from": "2024-01-01", "is_active": "on"}
    assert admin_client_bureau.post(url, data).status_code == 302
    with schema_context("bureau"):
        standard = FeeStandard.objects.get(name="副高级标准")
        assert standard.day_rate == Decimal("700.00") and standard.title_level == "associate"
    bad = admin_client_bureau.post(url, {**data, "effective_from": ""})
    assert bad.status_code == 400 and "生效日期" in bad.content.decode()
    edit = reverse("backoffice:experts_fees:standard_edit", args=[standard.pk])
    assert admin_client_bureau.post(edit, {**data, "day_rate": "750"}).status_code == 302
    assert admin_client_bureau.post(edit, {"action": "delete"}).status_code == 302
    with schema_context("bureau"):
        assert not FeeStandard.objects.filter(pk=standard.pk).exists()


def test_permission_matrix(client_bureau, signed, panel):
    project_url = reverse("backoffice:experts_fees:project_fees", args=[panel.project.pk])
    with schema_context("bureau"):
        nobody = make_staff(username="fees-nobody")
        viewer = make_staff(username="fees-viewer", perms=["expert_fees.view_feeline", "expert_panels.view_project", "experts.view_expert"])
    client_bureau.login_as(nobody)
    for url in (reverse("backoffice:experts_fees:project_list"), project_url, reverse("backoffice:experts_fees:line_list"),
                reverse("backoffice:experts_fees:standard_list"), reverse("backoffice:experts_fees:letter_pdf", args=[signed.current_letter_id])):
        assert client_bureau.get(url).status_code == 403, url
    client_bureau.login_as(viewer)
    assert client_bureau.get(project_url).status_code == 200
    assert "登记工作量" not in client_bureau.get(project_url).content.decode()
    assert client_bureau.post(project_url, {"action": "add", "member": panel.second.pk, "workload_days": "1"}).status_code == 403
    assert client_bureau.post(project_url, {"action": "send", "line": signed.pk}).status_code == 403
    assert client_bureau.get(reverse("backoffice:experts_fees:payout_sheet")).status_code == 403
    assert client_bureau.post(reverse("backoffice:experts_fees:lines_mark_paid"), {"line": [signed.pk], "paid_on": "2026-01-05"}).status_code == 403
    assert client_bureau.get(reverse("backoffice:experts_fees:line_edit", args=[signed.pk])).status_code == 403
    # the panoramas hide the fee section from people without the right
    with schema_context("bureau"):
        no_fees = make_staff(username="fees-none-panorama", perms=["expert_panels.view_project", "experts.view_expert"])
    client_bureau.login_as(no_fees)
    page = client_bureau.get(reverse("backoffice:experts_panels:project_detail", args=[panel.project.pk])).content.decode()
    assert 'id="project-fees"' not in page
    page = client_bureau.get(reverse("backoffice:experts:expert_detail", args=[panel.attending.expert_id]) + "?tab=fees").content.decode()
    assert 'id="expert-fees"' not in page and "没有查看专家劳务费的权限" in page


def test_other_tenant_gets_404(admin_client_a, signed, panel):
    with schema_context("alpha"):
        for url in (reverse("backoffice:experts_fees:project_fees", args=[panel.project.pk]), reverse("backoffice:experts_fees:line_edit", args=[signed.pk]),
                    reverse("backoffice:experts_fees:letter_pdf", args=[signed.current_letter_id]), reverse("h5:experts_fees:my_letter", args=[signed.current_letter_id]),
                    reverse("h5:experts_fees:my_letter_pdf", args=[signed.current_letter_id])):
            assert admin_client_a.get(url).status_code == 404, url
        assert admin_client_a.post(reverse("backoffice:experts_fees:project_fees", args=[panel.project.pk]), {"action": "send_all"}).status_code == 404


def test_expert_signs_in_the_h5(client_bureau, panel, bureau_admin):
    line = services.fee_line_create(actor=bureau_admin, project=panel.project, member=panel.attending, data=services.FeeLineInput(workload_days=Decimal("1")))
    letter = services.fee_letter_send(actor=bureau_admin, line=line)
    other_expert = panel.second.expert.user
    client_bureau.login_as(panel.attending.expert.user)
    listing = client_bureau.get(reverse("h5:experts_fees:my_letters")).content.decode()
    assert panel.project.title in listing and "待签字" in listing
    url = reverse("h5:experts_fees:my_letter", args=[letter.pk])
    page = client_bureau.get(url)
    body = page.content.decode()
    assert page.status_code == 200 and 'id="signature-canvas"' in body and "fees/signature.js" in body and "<script>" not in body
    assert "900.00" in body and "**** **** **** 3445" in body
    blank = client_bureau.post(url, {"signature": signature_data_url(blank=True)})
    assert blank.status_code == 400 and "请在签名区域手写签名" in blank.content.decode()
    done = client_bureau.post(url, {"signature": signature_data_url()}, REMOTE_ADDR="203.0.113.20")
    assert done.status_code == 302
    page = client_bureau.get(url).content.decode()
    assert "您已于" in page and 'id="signature-image"' in page and "data:image/png;base64," in page and 'id="signature-canvas"' not in page
    with schema_context("bureau"):
        letter.refresh_from_db()
        assert letter.status == "signed" and letter.signed_ip and letter.signature_sha256 in page
    pdf = client_bureau.get(reverse("h5:experts_fees:my_letter_pdf", args=[letter.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    # another expert neither sees nor signs it
    client_bureau.login_as(other_expert)
    assert client_bureau.get(url).status_code == 404
    assert client_bureau.post(url, {"signature": signature_data_url()}).status_code == 404
    assert letter.number not in client_bureau.get(reverse("h5:experts_fees:my_letters")).content.decode()
