"""The confirmation letter PDF (Chinese text, the signature once signed) and the payout
workbook for finance (rows, totals, bank accounts masked without the right)."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.utils import timezone

from core.errors import ApplicationError
from core.importexport.testing import workbook_rows
from tenant_apps.experts.fees import documents, services
from tenant_apps.experts.fees.selectors import line_scope

from .conftest import make_staff, signature_data_url
from .pdftext import pdf_text

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("amount", "words"), [
    ("1400", "壹仟肆佰元整"), ("1300.50", "壹仟叁佰元伍角整"), ("1005.07", "壹仟零伍元零柒分"), ("100500", "壹拾万零伍佰元整"),
    ("12345", "壹万贰仟叁佰肆拾伍元整"), ("0.05", "伍分"), ("0", "零元整"), ("100000001", "壹亿零壹元整"),
])
def test_amount_in_capital_numerals(amount, words):
    assert documents.amount_in_words(Decimal(amount)) == words


def test_letter_pdf_says_who_what_and_how_much_and_shows_the_signature(panel, bureau_admin):
    line = services.fee_line_create(actor=bureau_admin, project=panel.project, member=panel.attending,
                                    data=services.FeeLineInput(workload_days=Decimal("1.5"), note="含资料审阅"))
    letter = services.fee_letter_send(actor=bureau_admin, line=line)
    text = pdf_text(documents.letter_pdf(letter))
    for expected in ("评审专家劳务报酬确认函", "张三丰", panel.project.title, panel.project.code, "《政府采购评审专家管理办法》", "1,300.00 元",
                     "1,400.00 元", "壹仟肆佰元整", "**** **** **** 3445", "含资料审阅", "（待签字）", letter.number, letter.content_hash):
        assert expected in text, expected
    assert "6222020200112233445" not in text

    signed = services.fee_letter_sign(user=panel.attending.expert.user, letter=letter, signature_data_url=signature_data_url(), ip="203.0.113.9")
    pdf = documents.letter_pdf(signed, signature=signed.signature.open("rb").read())
    text = pdf_text(pdf)
    assert "（待签字）" not in text and signed.signature_sha256 in text and "203.0.113.9" in text
    assert timezone.localtime(signed.signed_at).strftime("%Y-%m-%d %H:%M") in text
    assert b"/Subtype /Image" in pdf  # the hand-written signature is drawn on the letter


def _pay_ready(panel, actor):
    signed = services.fee_line_create(actor=actor, project=panel.project, member=panel.attending, data=services.FeeLineInput(workload_days=Decimal("1.5")))
    services.fee_letter_sign(user=panel.attending.expert.user, letter=services.fee_letter_send(actor=actor, line=signed), signature_data_url=signature_data_url())
    draft = services.fee_line_create(actor=actor, project=panel.project, member=panel.second,
                                     data=services.FeeLineInput(workload_days=Decimal("1"), tax_withheld=Decimal("40")))
    return signed, draft


def test_payout_workbook_rows_and_totals_with_full_accounts_for_finance(panel, bureau_admin):
    signed, _draft = _pay_ready(panel, bureau_admin)
    finance = make_staff(username="finance", perms=["expert_fees.view_feeline", "expert_fees.export_payout", "expert_fees.view_bank_account", "experts.reveal_personal_data"])
    lines = line_scope(actor=finance).filter(status__in=["signed", "paid"])
    content = services.payout_sheet_export(actor=finance, lines=lines, title="测试发放表", reason="财务发放")
    detail = workbook_rows(content, "发放明细")
    assert detail[0][0] == "测试发放表"
    header = detail[1]
    row = dict(zip(header, detail[2], strict=True))
    assert row["专家姓名"] == "张三丰" and row["项目编号"] == panel.project.code and row["银行账号"] == "6222020200112233445"
    assert row["身份证号"] == "110105198001011234" and row["开户银行"] == "中国银行南京分行"
    assert (row["工作量（天）"], row["评审劳务费"], row["交通费"], row["应发合计"], row["实发金额"]) == (1.5, 1300, 100, 1400, 1400)
    signed.refresh_from_db()
    assert row["状态"] == "已签字" and row["确认函编号"] == signed.current_letter.number
    assert len(detail) == 4 and detail[3][0] == "合计" and detail[3][header.index("实发金额")] == 1400
    summary = workbook_rows(content, "按专家汇总")
    assert dict(zip(summary[1], summary[2], strict=True))["实发金额"] == 1400


def test_payout_workbook_masks_accounts_without_the_right_and_export_is_audited(panel, bureau_admin):
    from core.models import AuditEvent

    _pay_ready(panel, bureau_admin)
    clerk = make_staff(username="clerk", perms=["expert_fees.view_feeline", "expert_fees.export_payout"])
    content = services.payout_sheet_export(actor=clerk, lines=line_scope(actor=clerk), title="发放表", reason="财务发放")
    detail = workbook_rows(content, "发放明细")
    rows = [dict(zip(detail[1], r, strict=True)) for r in detail[2:-1]]
    assert len(rows) == 2
    for row in rows:
        assert "6222020200112233445" not in str(row["银行账号"]) and str(row["银行账号"]).endswith("445") and "*" in row["银行账号"]
    assert "110105198001011234" not in str(detail)
    event = AuditEvent.objects.filter(action="expert_fees.payout.export").latest("id")
    assert event.actor_id == clerk.pk and event.after["bank_accounts"] == "masked" and event.after["count"] == 2
    assert event.after["reason"] == "财务发放"  # issue 19 item 5: the reason is audited and stamped
    from openpyxl import load_workbook

    stamped = load_workbook(io.BytesIO(content))
    assert "财务发放" in stamped.properties.description and "财务发放" in stamped.worksheets[0].oddFooter.left.text
    with pytest.raises(ApplicationError) as refused:
        services.payout_sheet_export(actor=clerk, lines=line_scope(actor=clerk), title="发放表", reason="")
    assert refused.value.code == "export_reason_required"
