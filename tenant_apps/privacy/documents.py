"""The person's copy: a machine-readable zip (data.json + 说明.txt) and a readable PDF with
Chinese text (core.pdf's shipped CJK font, never a system font)."""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

from core.pdf import CJK_FAMILY, new_pdf

NBSP = "\u00a0"
README = """个人信息副本说明

data.json 是本单位在本系统中保存的、与您有关的全部个人信息，按业务模块分组：
- providers[].label：业务模块；sections[].label：信息类别；rows：每条记录（字段名: 值）。
- sections[].on_erasure：若您申请删除，此类信息的处理方式（erase = 删除；pseudonymise = 去标识化后依法保留），
  legal_reason 为依法保留的法律依据。
依据：《中华人民共和国个人信息保护法》第四十五条（查阅、复制）、第四十六条（更正、补充）、第四十七条（删除）。
"""


def archive_bytes(payload: dict[str, Any]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(payload, ensure_ascii=False, indent=2, default=str))
        archive.writestr("说明.txt", README)
    return buffer.getvalue()


def _text(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, dict):
        value = "\n".join(f"{key}：{_text(item)}" for key, item in value.items())
    elif isinstance(value, list):
        value = "\n".join(_text(item) for item in value)
    # Chinese wraps by character; plain spaces would make fpdf2 break only at them.
    return str(value).replace(" ", NBSP)


def pdf_bytes(payload: dict[str, Any]) -> bytes:
    request, subject = payload["request"], payload["subject"]
    pdf = new_pdf()
    pdf.set_title(f"个人信息副本 {request['number']}")
    pdf.set_auto_page_break(auto=True, margin=16)
    pdf.add_page()
    pdf.set_font(CJK_FAMILY, size=18)
    pdf.cell(0, 12, "个人信息副本", new_x="LMARGIN", new_y="NEXT", align="C")
    pdf.set_font(CJK_FAMILY, size=9)
    pdf.set_text_color(110, 110, 110)
    pdf.cell(0, 6, f"请求编号：{request['number']}　类型：{request['kind']}　生成时间：{payload['generated_at']}", new_x="LMARGIN", new_y="NEXT", align="R")
    pdf.set_text_color(0, 0, 0)
    pdf.set_font(CJK_FAMILY, size=11)
    pdf.multi_cell(0, 7, _text(f"当事人：{subject['display_name'] or subject['username']}（账号 {subject['username']}）。"
                               "以下为本单位在本系统中保存的与您有关的个人信息，依据《个人信息保护法》第四十五条提供。"),
                   new_x="LMARGIN", new_y="NEXT")
    for provider in payload["providers"]:
        pdf.ln(3)
        pdf.set_font(CJK_FAMILY, size=14)
        pdf.set_fill_color(240, 240, 240)
        pdf.cell(0, 9, provider["label"], new_x="LMARGIN", new_y="NEXT", fill=True)
        for section in provider["sections"]:
            pdf.set_font(CJK_FAMILY, size=12)
            pdf.ln(1)
            pdf.cell(0, 8, f"{section['label']}（{len(section['rows'])} 条）", new_x="LMARGIN", new_y="NEXT")
            pdf.set_font(CJK_FAMILY, size=8)
            pdf.set_text_color(110, 110, 110)
            keep = f"；依据：{section['legal_reason']}" if section.get("legal_reason") else ""
            pdf.multi_cell(0, 5, _text(f"申请删除时：{section['on_erasure_label']}{keep}"), new_x="LMARGIN", new_y="NEXT")
            pdf.set_text_color(0, 0, 0)
            if not section["rows"]:
                pdf.set_font(CJK_FAMILY, size=10)
                pdf.cell(0, 7, "无记录", new_x="LMARGIN", new_y="NEXT")
                continue
            pdf.set_font(CJK_FAMILY, size=9)
            for row in section["rows"]:
                with pdf.table(col_widths=(40, 140), text_align=("LEFT", "LEFT"), line_height=6, first_row_as_headings=False) as table:
                    for label, value in row.items():
                        table.row((_text(label), _text(value)))
                pdf.ln(2)
    return bytes(pdf.output())
