"""Files of an online review: the summary table (Excel with the rules and each expert's
scores; PDF) and the template for importing submissions."""

from __future__ import annotations

import io

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from core.pdf import new_pdf
from tenant_apps.experts.review.selectors import Summary

HEADER_FILL = PatternFill("solid", fgColor="F2F3F5")
DROPPED = {"highest": "去掉最高分", "lowest": "去掉最低分"}


def _number(value):
    return float(value) if value is not None else None


def _plain(value) -> str:
    """60.00 -> "60", 7.50 -> "7.5"."""
    return format(value.normalize(), "f") if value is not None else ""


def _passed(value) -> str:
    return "" if value is None else ("通过" if value else "未通过")


def _style_header(sheet, row: int = 1) -> None:
    for cell in sheet[row]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(vertical="center", wrap_text=True)


def summary_headers(summary: Summary) -> list[str]:
    return ["排名", "序号", "材料名称", "申报人", "申报单位", *[f"{i.name}（{_plain(i.max_score)}）" for i in summary.indicators],
            f"最终得分（满分 {_plain(summary.max_total)}）", "有效评分", "回避", "未完成", "结果"]


def summary_rows(summary: Summary, *, as_text: bool = False) -> list[list]:
    """One row per submission by rank; numbers as numbers (Excel) or as rounded text (PDF)."""
    number = (lambda v: "" if v is None else str(v)) if as_text else _number
    rows = []
    for row in summary.ranked:
        result = row.result
        rows.append([result.rank or "", row.submission.number, row.submission.title, row.submission.applicant, row.submission.unit,
                     *[number(v) for v in row.means], number(result.final) if result.final is not None else "有效评分不足",
                     result.valid_count, row.recused, row.pending, _passed(result.passed)])
    return rows


def summary_xlsx(summary: Summary, *, tenant_name: str = "") -> bytes:
    """Sheet 1 the summary table by rank, sheet 2 every expert's scores (counted or dropped,
    recusals with their reason), sheet 3 the rules and the indicators."""
    setup = summary.setup
    workbook = Workbook()
    table = workbook.active
    table.title = "评审汇总表"
    table.append([f"{tenant_name} {setup.project.title} 网上评审汇总表".strip()])
    table.append([f"项目编号 {setup.project.code}　评审时间 {timezone.localtime(setup.opens_at):%Y-%m-%d %H:%M} 至 {timezone.localtime(setup.closes_at):%Y-%m-%d %H:%M}"
                  f"　评审专家 {summary.reviewer_count} 人　生成时间 {timezone.localtime():%Y-%m-%d %H:%M}"])
    table.append(summary_headers(summary))
    _style_header(table, 3)
    for row in summary_rows(summary):
        table.append(row)
    table.cell(row=1, column=1).font = Font(bold=True, size=14)
    for index, width in enumerate([6, 6, 36, 12, 24], start=1):
        table.column_dimensions[get_column_letter(index)].width = width
    table.freeze_panes = "A4"

    details = workbook.create_sheet("评分明细")
    details.append(["序号", "材料名称", "专家", *[i.name for i in summary.indicators], "专家总分", "计入汇总", "评审意见 / 回避理由", "提交时间"])
    _style_header(details)
    for row in summary.rows:
        for line in row.lines:
            sheet = line.sheet
            if sheet.status == "recused":
                counted, note = "回避", sheet.recusal_reason
            else:
                counted, note = ("是" if line.counted else DROPPED.get(line.dropped, "否")), sheet.comment
            details.append([row.submission.number, row.submission.title, line.name, *[_number(line.scores.get(i.pk)) for i in summary.indicators],
                            _number(line.total), counted, note, timezone.localtime(sheet.submitted_at).strftime("%Y-%m-%d %H:%M") if sheet.submitted_at else ""])
    details.column_dimensions["B"].width = 30

    rules = workbook.create_sheet("评审规则")
    for line in summary.rules:
        rules.append([line])
    rules.append([])
    rules.append(["评分指标", "满分", "权重（%）", "评分标准"])
    _style_header(rules, rules.max_row)
    for indicator in summary.indicators:
        rules.append([indicator.name, _number(indicator.max_score), _number(indicator.weight), indicator.description])
    rules.column_dimensions["A"].width = 60
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def summary_pdf(summary: Summary, *, tenant_name: str = "") -> bytes:
    """The summary table on landscape A4 with the rules below it."""
    setup = summary.setup
    pdf = new_pdf(orientation="landscape")
    pdf.set_auto_page_break(auto=True, margin=12)
    pdf.add_page()
    pdf.set_font("cjk", size=15)
    pdf.cell(0, 10, f"{tenant_name} {setup.project.title} 网上评审汇总表".strip(), new_x="LMARGIN", new_y="NEXT", align="C")
    pdf.set_font("cjk", size=9)
    pdf.cell(0, 6, f"项目编号 {setup.project.code}　评审时间 {timezone.localtime(setup.opens_at):%Y-%m-%d %H:%M} 至 {timezone.localtime(setup.closes_at):%Y-%m-%d %H:%M}"
                   f"　评审专家 {summary.reviewer_count} 人　生成时间 {timezone.localtime():%Y-%m-%d %H:%M}", new_x="LMARGIN", new_y="NEXT")
    headers = summary_headers(summary)
    rows = [[str(v) for v in r] for r in summary_rows(summary, as_text=True)]
    fixed = {0: 12, 1: 12, 2: 60, 3: 22, 4: 40}
    usable = pdf.w - pdf.l_margin - pdf.r_margin
    rest = usable - sum(fixed.values())
    flexible = len(headers) - len(fixed)
    widths = [fixed.get(i, rest / flexible) for i in range(len(headers))]
    with pdf.table(col_widths=widths, text_align="CENTER", line_height=5, first_row_as_headings=True) as table:
        header = table.row()
        for text in headers:
            header.cell(text)
        for values in rows:
            line = table.row()
            for index, text in enumerate(values):
                line.cell(text, align="LEFT" if index in (2, 3, 4) else "CENTER")
    pdf.ln(4)
    pdf.set_font("cjk", size=9)
    for line in summary.rules:
        pdf.multi_cell(0, 5, line, new_x="LMARGIN", new_y="NEXT")
    pdf.multi_cell(0, 5, "评分指标：" + "；".join(f"{i.name} 满分{_plain(i.max_score)} 权重{_plain(i.weight)}%" for i in summary.indicators), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(8)
    pdf.cell(0, 6, "评审组长签字：________________　　　　项目负责人签字：________________　　　　日期：____________", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def import_template_xlsx() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "评审材料"
    sheet.append(["名称*", "申报人", "申报单位", "简介"])
    _style_header(sheet)
    sheet.cell(row=1, column=1).font = Font(bold=True, color="C8102E")
    sheet.append(["（示例）城市更新片区规划方案", "张三", "某某设计研究院", "请删除本示例行后填写"])
    for index, width in enumerate([40, 14, 30, 50], start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
