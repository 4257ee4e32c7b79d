"""Files of expert fees: the confirmation letter (PDF, from the letter's frozen content and,
once signed, its signature) and the payout workbook for finance."""

from __future__ import annotations

import io
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font

from core.pdf import CJK_FAMILY, new_pdf

DIGITS = "零壹贰叁肆伍陆柒捌玖"
SMALL_UNITS = ["", "拾", "佰", "仟"]
BIG_UNITS = ["", "万", "亿", "兆"]
LAW = "《政府采购评审专家管理办法》（财库〔2016〕198号）"
NBSP = "\u00a0"


def _four_digits(number: int) -> str:
    """0-9999 in capital numerals, with 零 for inner gaps (1005 → 壹仟零伍)."""
    text, zero = "", False
    for position in range(3, -1, -1):
        digit = number // (10**position) % 10
        if digit == 0:
            zero = bool(text)
            continue
        if zero:
            text += "零"
            zero = False
        text += DIGITS[digit] + SMALL_UNITS[position]
    return text


def amount_in_words(amount: Decimal) -> str:
    """An amount of yuan in capital Chinese numerals, as on financial documents
    (1300.50 → 壹仟叁佰元伍角整, 1005.07 → 壹仟零伍元零柒分)."""
    cents = int(Decimal(amount).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP) * 100)
    if cents < 0:
        return "负" + amount_in_words(-Decimal(amount))
    yuan, jiao, fen = cents // 100, cents // 10 % 10, cents % 10
    if yuan == 0 and jiao == 0 and fen == 0:
        return "零元整"
    integer, groups, index, gap = "", [], 0, False
    remaining = yuan
    while remaining:
        groups.append(remaining % 10000)
        remaining //= 10000
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if group == 0:
            gap = bool(integer)
            continue
        if integer and (gap or group < 1000):
            integer += "零"
        integer += _four_digits(group) + BIG_UNITS[index]
        gap = False
    text = f"{integer}元" if integer else ""
    if jiao:
        text += DIGITS[jiao] + "角"
    elif fen and integer:
        text += "零"
    if fen:
        text += DIGITS[fen] + "分"
    else:
        text += "整"
    return text


def yuan(value: Any) -> str:
    return f"{Decimal(str(value)):,.2f} 元"


# --- the confirmation letter ----------------------------------------------------------------


def letter_pdf(letter, *, signature: bytes | None = None) -> bytes:
    """The letter as the expert sees and signs it. Everything comes from `letter.content`
    (frozen when sent), so the same letter always prints the same text."""
    content = letter.content
    project, expert = content["project"], content["expert"]
    pdf = new_pdf()
    pdf.set_title(f"劳务费确认函 {content['number']}")
    pdf.set_auto_page_break(auto=True, margin=18)
    pdf.add_page()
    pdf.set_font(CJK_FAMILY, size=18)
    pdf.cell(0, 12, "评审专家劳务报酬确认函", new_x="LMARGIN", new_y="NEXT", align="C")
    pdf.set_font(CJK_FAMILY, size=9)
    pdf.set_text_color(110, 110, 110)
    pdf.cell(0, 6, f"编号：{content['number']}　第 {content['version']} 版", new_x="LMARGIN", new_y="NEXT", align="R")
    if letter.status == "withdrawn":
        pdf.set_text_color(200, 16, 46)
        pdf.cell(0, 6, f"【已作废】{letter.withdraw_reason}", new_x="LMARGIN", new_y="NEXT", align="R")
    pdf.set_text_color(0, 0, 0)
    pdf.ln(2)
    pdf.set_font(CJK_FAMILY, size=12)
    pdf.cell(0, 8, f"{expert['name']} 专家：", new_x="LMARGIN", new_y="NEXT")
    role = f"，担任{content['role']}" if content.get("role") else ""
    standard = f"（{content['standard']}）" if content.get("standard") else ""
    opening = (f"　　您于 {project['opens_at']} 参加了“{project['title']}”（项目编号：{project['code']}，项目单位：{project['owner_unit']}）"
               f"评审工作{role}。根据{LAW}及本单位评审专家劳务报酬标准{standard}，您本次评审的工作量及劳务报酬如下：")
    # Chinese wraps by character; plain spaces would make fpdf2 break the line at them instead.
    pdf.multi_cell(0, 7, opening.replace(" ", NBSP), new_x="LMARGIN", new_y="NEXT", align="L")
    pdf.ln(2)
    if content.get("is_fee_manual"):
        workload = f"{content['workload_days']} 天（劳务费按核定金额）"
    else:
        parts = []
        if content["full_days"]:
            parts.append(f"全天 {content['full_days']} 个 × {yuan(content['day_rate'])}")
        if content["half_days"]:
            parts.append(f"半天 {content['half_days']} 个 × {yuan(content['half_day_rate'])}")
        workload = f"{content['workload_days']} 天（{'，'.join(parts)}）"
    rows = [
        ("专家姓名", expert["name"]), ("工作单位", expert["employer"] or "—"),
        ("职称", f"{expert['title'] or '—'}{('（' + expert['title_level'] + '）') if expert.get('title_level') else ''}"),
        ("评审工作量", workload), ("评审劳务费", yuan(content["review_fee"])), ("交通费", yuan(content["travel_fee"])),
        ("其他费用", yuan(content["other_fee"])), ("应发合计", yuan(content["total_amount"])), ("代扣个人所得税", yuan(content["tax_withheld"])),
        ("实发金额", f"{yuan(content['net_amount'])}（人民币大写：{content['net_amount_words']}）"),
        ("开户银行", expert.get("bank_name") or "—"), ("银行账号", expert.get("bank_account") or "—（请在专家端补充）"),
    ]
    if content.get("note"):
        rows.append(("备注", content["note"]))
    pdf.set_font(CJK_FAMILY, size=11)
    with pdf.table(col_widths=(34, 136), text_align=("CENTER", "LEFT"), line_height=8, first_row_as_headings=False) as table:
        for label, value in rows:
            table.row((label, value))
    pdf.ln(4)
    pdf.multi_cell(0, 7, f"　　{content['statement']}".replace(" ", NBSP), new_x="LMARGIN", new_y="NEXT", align="L")
    pdf.ln(6)
    top = pdf.get_y()
    pdf.set_x(110)
    pdf.cell(25, 10, "专家签字：")
    if signature:
        pdf.image(io.BytesIO(signature), x=135, y=top - 6, w=55, h=22, keep_aspect_ratio=True)
        pdf.set_xy(110, top + 18)
    else:
        pdf.set_text_color(150, 150, 150)
        pdf.cell(0, 10, "（待签字）")
        pdf.set_text_color(0, 0, 0)
        pdf.set_xy(110, top + 12)
    signed = timezone.localtime(letter.signed_at).strftime("%Y-%m-%d %H:%M:%S") if letter.signed_at else "______年____月____日"
    pdf.cell(0, 8, f"签字时间：{signed}", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.set_font(CJK_FAMILY, size=11)
    pdf.cell(0, 7, f"发函单位：{content.get('issuer') or '—'}", new_x="LMARGIN", new_y="NEXT", align="R")
    pdf.cell(0, 7, f"发函日期：{content['issued_on']}", new_x="LMARGIN", new_y="NEXT", align="R")
    pdf.ln(4)
    pdf.set_font(CJK_FAMILY, size=7)
    pdf.set_text_color(110, 110, 110)
    pdf.multi_cell(0, 4, f"确认函内容摘要（SHA-256）：{letter.content_hash}", new_x="LMARGIN", new_y="NEXT")
    if letter.signed_at:
        pdf.multi_cell(0, 4, f"签名图片摘要（SHA-256）：{letter.signature_sha256}　签字 IP：{letter.signed_ip or '—'}", new_x="LMARGIN", new_y="NEXT")
    pdf.multi_cell(0, 4, "本确认函由系统根据登记的工作量生成，专家在线手写签名后内容不可更改；金额如有调整，将另发新版确认函重新签字。", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


# --- the payout workbook --------------------------------------------------------------------

DETAIL_COLUMNS = [
    ("index", "序号"), ("project_code", "项目编号"), ("project_title", "项目名称"), ("review_date", "评审日期"), ("expert_id", "专家编号"),
    ("name", "专家姓名"), ("employer", "工作单位"), ("title", "职称"), ("id_number", "身份证号"), ("bank_name", "开户银行"),
    ("bank_account", "银行账号"), ("workload_days", "工作量（天）"), ("review_fee", "评审劳务费"), ("travel_fee", "交通费"),
    ("other_fee", "其他费用"), ("total_amount", "应发合计"), ("tax_withheld", "代扣个税"), ("net_amount", "实发金额"),
    ("letter_number", "确认函编号"), ("signed_at", "签字时间"), ("status", "状态"), ("paid_on", "发放日期"), ("payment_reference", "发放凭证号"),
]
SUMMARY_COLUMNS = [
    ("expert_id", "专家编号"), ("name", "专家姓名"), ("id_number", "身份证号"), ("bank_name", "开户银行"), ("bank_account", "银行账号"),
    ("projects", "项目数"), ("total_amount", "应发合计"), ("tax_withheld", "代扣个税"), ("net_amount", "实发金额"),
]
MONEY_KEYS = {"review_fee", "travel_fee", "other_fee", "total_amount", "tax_withheld", "net_amount"}
BOLD = Font(bold=True)


def _cell(key: str, value: Any) -> Any:
    if value is None:
        return ""
    if key in MONEY_KEYS or key == "workload_days":
        return float(value)
    if hasattr(value, "strftime"):
        return value.strftime("%Y-%m-%d %H:%M") if hasattr(value, "hour") else value.strftime("%Y-%m-%d")
    return value


def _sheet(sheet, title: str, columns: list[tuple[str, str]], rows: list[dict], *, caption: str) -> None:
    sheet.title = title
    sheet.append([caption])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([header for _, header in columns])
    for cell in sheet[2]:
        cell.font = BOLD
    for row in rows:
        sheet.append([_cell(key, row.get(key)) for key, _ in columns])
    totals = ["合计"] + [""] * (len(columns) - 1)
    for position, (key, _) in enumerate(columns):
        if key in MONEY_KEYS:
            totals[position] = float(sum((Decimal(str(r[key])) for r in rows), Decimal("0.00")))
    sheet.append(totals)
    for cell in sheet[sheet.max_row]:
        cell.font = BOLD
    for position, (key, _) in enumerate(columns, start=1):
        letter = sheet.cell(row=2, column=position).column_letter
        sheet.column_dimensions[letter].width = 24 if key in ("project_title", "employer", "bank_account", "id_number", "letter_number") else 13
        if key in MONEY_KEYS:
            for row_cells in sheet.iter_rows(min_row=3, min_col=position, max_col=position):
                row_cells[0].number_format = "#,##0.00"


def payout_xlsx(rows: list[dict], summary: list[dict], *, title: str) -> bytes:
    """Sheet 1: one row per expert and project (明细); sheet 2: one row per expert (汇总),
    each with a total row, for finance to pay from."""
    workbook = Workbook()
    _sheet(workbook.active, "发放明细", DETAIL_COLUMNS, rows, caption=title)
    _sheet(workbook.create_sheet(), "按专家汇总", SUMMARY_COLUMNS, summary, caption=f"{title}（按专家汇总）")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
