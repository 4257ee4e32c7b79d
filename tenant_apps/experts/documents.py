"""Files the expert library produces: certificate PDF, Excel export, statistics in Excel and
PDF (the Excel import is a spec in imports.py). Rendering only; writes go through services."""

from __future__ import annotations

import contextlib
import io
from typing import Any

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font

from core.masking import mask_value
from core.pdf import CJK_FAMILY, new_pdf
from tenant_apps.experts.models import Certificate, Expert
from tenant_apps.experts.selectors import (
    PERSONAL_FIELDS,
    REASON_REQUIRED_FIELDS,
    certificate_status,
)

# --- certificate ---------------------------------------------------------------------------

DEFAULT_LAYOUT = [
    {"field": "title", "x": 0, "y": 40, "size": 30},
    {"field": "body", "x": 40, "y": 75, "size": 15},
    {"field": "number", "x": 40, "y": 150, "size": 11},
    {"field": "valid_until", "x": 40, "y": 158, "size": 11},
    {"field": "issuer", "x": 170, "y": 150, "size": 13},
    {"field": "qr", "x": 240, "y": 140, "size": 36},
]


def _qr_png(url: str) -> bytes:
    import segno

    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=8, border=2)
    return buffer.getvalue()


def qr_svg(url: str) -> str:
    import segno

    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="svg", scale=5, border=2, xmldecl=False, svgns=True)
    return buffer.getvalue().decode()


def certificate_values(certificate: Certificate, *, issuer: str) -> dict[str, str]:
    expert = certificate.expert
    domains = "、".join(expert.domains.values_list("name", flat=True)[:6]) or "—"
    template = certificate.template
    body = (template.body_text if template else "兹聘请 {name} 为本单位评审专家，专业领域：{domains}。")
    values = {"name": expert.name, "domains": domains, "employer": expert.employer, "title": expert.title,
              "expert_type": expert.expert_type.name if expert.expert_type else "评审专家"}
    with contextlib.suppress(KeyError, IndexError, ValueError):
        body = body.format(**values)
    return {
        "title": template.title_text if template else "评审专家证书",
        "body": body,
        "name": expert.name,
        "number": f"证书编号：{certificate.number}",
        "valid_until": f"有效期至：{certificate.valid_until:%Y年%m月%d日}",
        "issuer": f"{issuer}\n{timezone.localtime(certificate.issued_at):%Y年%m月%d日}",
        "expert_type": values["expert_type"],
        "employer": expert.employer,
    }


def certificate_pdf(certificate: Certificate, *, verify_url: str, issuer: str) -> bytes:
    """A4 landscape: the bureau's background image (if any), the fields where the template
    places them, and a QR code opening the public verification page."""
    pdf = new_pdf(orientation="landscape")
    pdf.set_auto_page_break(False)
    pdf.add_page()
    template = certificate.template
    if template and template.background:
        with template.background.open("rb") as handle:
            pdf.image(io.BytesIO(handle.read()), x=0, y=0, w=pdf.w, h=pdf.h)
    else:
        pdf.set_draw_color(200, 16, 46)
        pdf.set_line_width(2)
        pdf.rect(8, 8, pdf.w - 16, pdf.h - 16)
        pdf.set_line_width(0.5)
        pdf.rect(12, 12, pdf.w - 24, pdf.h - 24)
    values = certificate_values(certificate, issuer=issuer)
    layout = (template.layout if template and template.layout else None) or DEFAULT_LAYOUT
    for item in layout:
        name, x, y, size = item.get("field"), float(item.get("x", 0)), float(item.get("y", 0)), float(item.get("size", 12))
        if name == "qr":
            pdf.image(io.BytesIO(_qr_png(verify_url)), x=x, y=y, w=size, h=size)
            pdf.set_font(CJK_FAMILY, size=8)
            pdf.set_xy(x - 6, y + size + 1)
            pdf.cell(size + 12, 4, "扫码验证真伪", align="C")
            continue
        text = values.get(name, "")
        if not text:
            continue
        pdf.set_font(CJK_FAMILY, size=size)
        pdf.set_text_color(31, 35, 41)
        if x == 0 and name == "title":
            pdf.set_xy(0, y)
            pdf.cell(pdf.w, size * 0.5, text, align="C")
        else:
            pdf.set_xy(x, y)
            pdf.multi_cell(pdf.w - x - 40, size * 0.55, text)
    return bytes(pdf.output())


# --- export --------------------------------------------------------------------------------


def expert_export_value(expert: Expert, *, name: str, reveal: bool) -> Any:
    """One cell of the expert export (tenant_apps.experts.exports): personal values masked
    unless `reveal`."""
    if name == "domains":
        return "；".join(d.name for d in expert.domains.all())
    if name == "tags":
        return "；".join(t.name for t in expert.tags.all())
    if name == "expert_type":
        return expert.expert_type.name if expert.expert_type else ""
    if name in ("gender", "title_level", "source", "status"):
        return getattr(expert, f"get_{name}_display")()
    value = getattr(expert, name)
    if name == "birth_date" and value is not None and not reveal:
        return f"{value:%Y}年"
    if hasattr(value, "tzinfo") and value is not None:
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if value is not None and hasattr(value, "isoformat"):
        return value.isoformat()
    if name in PERSONAL_FIELDS and not reveal and value:
        kind = {"phone": "phone", "id_number": "id_number", "name": "name", "email": "email"}.get(name, "default")
        return mask_value(kind, value)
    return value if value is not None else ""


def export_holds_personal_data(fields: list[str]) -> bool:
    return any(name in REASON_REQUIRED_FIELDS for name in fields)


# --- statistics exports --------------------------------------------------------------------

STAT_SECTIONS = [("by_domain", "按专业领域（一级）"), ("by_title", "按职称级别"), ("by_region", "按地区（前 15）"), ("by_activity", "近 12 个月参评活跃度")]


def statistics_workbook(stats: dict[str, Any]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "专家统计"
    sheet.append(["在库专家", stats["total"], "当前可抽取", stats["eligible"]])
    for key, label in STAT_SECTIONS:
        sheet.append([])
        sheet.append([label])
        sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True)
        for bar in stats[key]:
            sheet.append([bar["label"], bar["count"]])
    usage = workbook.create_sheet("部门月度使用")
    usage.append(["部门", *stats["months"], "合计"])
    for row in stats["monthly"]:
        usage.append([row["department"], *row["counts"], row["total"]])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def statistics_pdf(stats: dict[str, Any], *, title: str) -> bytes:
    pdf = new_pdf()
    pdf.add_page()
    pdf.set_font(CJK_FAMILY, size=18)
    pdf.cell(0, 12, title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(CJK_FAMILY, size=11)
    pdf.cell(0, 8, f"在库专家 {stats['total']} 人，当前可抽取 {stats['eligible']} 人。生成时间 {timezone.localtime():%Y-%m-%d %H:%M}", new_x="LMARGIN", new_y="NEXT")
    for key, label in STAT_SECTIONS:
        pdf.ln(3)
        pdf.set_font(CJK_FAMILY, size=13)
        pdf.cell(0, 9, label, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(CJK_FAMILY, size=10)
        for bar in stats[key]:
            y = pdf.get_y()
            pdf.set_xy(15, y)
            pdf.cell(50, 6, str(bar["label"])[:16])
            pdf.set_fill_color(200, 16, 46)
            pdf.rect(66, y + 1, max(0.5, bar["percent"] * 1.0), 4, style="F")
            pdf.set_xy(170, y)
            pdf.cell(20, 6, str(bar["count"]), align="R", new_x="LMARGIN", new_y="NEXT")
            if pdf.get_y() > 275:
                pdf.add_page()
    if stats["monthly"]:
        pdf.add_page()
        pdf.set_font(CJK_FAMILY, size=13)
        pdf.cell(0, 9, "各部门月度专家使用（抽取人次）", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(CJK_FAMILY, size=8)
        months = stats["months"][-12:]
        pdf.cell(36, 6, "部门", border=1)
        for month in months:
            pdf.cell(12, 6, month[2:], border=1, align="C")
        pdf.cell(12, 6, "合计", border=1, align="C", new_x="LMARGIN", new_y="NEXT")
        for row in stats["monthly"]:
            pdf.cell(36, 6, row["department"][:12], border=1)
            for count in row["counts"][-12:]:
                pdf.cell(12, 6, str(count), border=1, align="C")
            pdf.cell(12, 6, str(row["total"]), border=1, align="C", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


__all__ = ["certificate_pdf", "certificate_status", "expert_export_value", "qr_svg", "statistics_pdf", "statistics_workbook"]
