"""Files made from draws: the receipt (JSON for auditors, PDF), the draw sheet (Word from a
docxtpl template, Excel) and Excel exports of projects and the draw history."""

from __future__ import annotations

import io

from django.utils import timezone
from openpyxl import Workbook

from core.masking import mask_name
from core.pdf import new_pdf
from tenant_apps.experts.panels import drawing
from tenant_apps.experts.panels.enums import MemberKind
from tenant_apps.experts.panels.models import Draw


def receipt_json(draw: Draw) -> dict:
    """Everything needed to recompute the panel with `drawing.verify()`. Before the draw the
    server value is withheld (only its commitment is published)."""
    groups = list(draw.groups.order_by("number"))
    members = list(draw.members.order_by("row"))
    return {
        "algorithm": draw.algorithm,
        "mode": draw.mode,
        "project": {"code": draw.project.code, "title": draw.project.title},
        "draw_id": draw.pk,
        "frozen_at": draw.frozen_at.isoformat() if draw.frozen_at else None,
        "drawn_at": draw.drawn_at.isoformat() if draw.drawn_at else None,
        "commitment": draw.commitment,
        "server_value": draw.server_value if draw.drawn_at else None,
        "supervisors": draw.supervisors,
        "supervisor_values": draw.supervisor_values,
        "seed": draw.seed,
        "rules": draw.rules,
        "groups": [{"number": g.number, "count": g.count, "conditions": {"domain_ids": g.domain_ids, "title_levels": g.title_levels, "regions": g.regions,
                                                                            "tag_ids": g.tag_ids, "max_times_drawn": g.max_times_drawn},
                    "used_fallback": g.used_fallback, "list_hash": g.list_hash, "tiers": g.tiers} for g in groups],
        "rows": [{"row": m.row, "kind": m.kind, "group": m.group.number if m.group_id else None, "position": m.position, "expert_id": m.expert_id}
                 for m in members] if draw.drawn_at else [],
    }


def verify_draw(draw: Draw) -> drawing.VerifyResult | None:
    if draw.mode != "random" or not draw.drawn_at:
        return None
    return drawing.verify(receipt_json(draw))


def receipt_pdf(draw: Draw, *, verify_url: str, tenant_name: str = "") -> bytes:
    pdf = new_pdf()
    pdf.add_page()
    pdf.set_font("cjk", size=16)
    pdf.cell(0, 10, f"{tenant_name} 专家抽取回执", new_x="LMARGIN", new_y="NEXT", align="C")
    pdf.set_font("cjk", size=10)
    if draw.mode == "manual":
        pdf.set_text_color(200, 16, 46)
        pdf.multi_cell(0, 6, f"【人工指定，非随机抽取】理由：{draw.rules.get('manual_reason', '')}", new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(0, 0, 0)
    lines = [
        ("项目", f"{draw.project.code} {draw.project.title}"),
        ("抽取编号", str(draw.pk)), ("算法", draw.algorithm),
        ("名单冻结时间", timezone.localtime(draw.frozen_at).strftime("%Y-%m-%d %H:%M:%S") if draw.frozen_at else "—"),
        ("抽取时间", timezone.localtime(draw.drawn_at).strftime("%Y-%m-%d %H:%M:%S") if draw.drawn_at else "—"),
        ("随机值承诺 SHA-256", draw.commitment), ("服务器随机值", draw.server_value if draw.drawn_at else "（抽取后公布）"),
        ("监督人", "、".join(draw.supervisors) or "—"), ("监督随机值", " | ".join(draw.supervisor_values) or "—"), ("种子", draw.seed or "—"),
    ]
    for group in draw.groups.order_by("number"):
        lines.append((f"第{group.number}组", f"需{group.count}人，候选{group.candidate_count}人{'（含上一级领域）' if group.used_fallback else ''}，名单哈希 {group.list_hash}"))
    for label, value in lines:
        pdf.set_font("cjk", size=9)
        pdf.multi_cell(0, 5, f"{label}：{value}", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font("cjk", size=10)
    pdf.cell(0, 7, "抽取结果（姓名按保密规定遮蔽）", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("cjk", size=9)
    for member in draw.members.select_related("expert", "group").order_by("row"):
        group = f"第{member.group.number}组 第{member.seat}位" if member.group_id else "人工"
        pdf.cell(0, 5, f"{member.row}. {mask_name(member.expert.name)}  专家编号{member.expert_id}  {group}  {member.get_kind_display()}  {member.get_status_display()}",
                 new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    _receipt_footer(pdf, draw, verify_url=verify_url, tenant_name=tenant_name)
    return bytes(pdf.output())


def _qr_png(text: str) -> io.BytesIO:
    import segno

    buffer = io.BytesIO()
    segno.make(text, error="m").save(buffer, kind="png", scale=6, border=2)
    buffer.seek(0)
    return buffer


def _receipt_footer(pdf, draw: Draw, *, verify_url: str, tenant_name: str) -> None:
    """Where the paper receipt is signed: a line per supervisor and for the operator, the
    bureau's seal area, and a QR code of the public verification page."""
    if pdf.get_y() > pdf.h - 95:
        pdf.add_page()
    top = pdf.get_y() + 2
    pdf.set_font("cjk", size=10)
    pdf.set_xy(pdf.l_margin, top)
    pdf.cell(0, 7, "签字确认", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("cjk", size=9)
    signers = [f"监督人 {name}" for name in (draw.supervisors or [])] + ["抽取经办人"]
    for label in signers:
        pdf.cell(0, 9, f"{label}（签字）：________________________    日期：______年____月____日", new_x="LMARGIN", new_y="NEXT")
    seal_x, seal_y = pdf.w - pdf.r_margin - 45, top + 4
    pdf.set_draw_color(160, 160, 160)
    pdf.set_dash_pattern(dash=1.5, gap=1.2)
    pdf.ellipse(seal_x, seal_y, 40, 40)
    pdf.set_dash_pattern()
    pdf.set_text_color(150, 150, 150)
    pdf.set_xy(seal_x, seal_y + 14)
    pdf.cell(40, 6, "（单位盖章）", align="C")
    pdf.set_xy(seal_x, seal_y + 20)
    pdf.set_font("cjk", size=7)
    pdf.cell(40, 5, (tenant_name or "")[:14], align="C")
    pdf.set_text_color(0, 0, 0)
    pdf.set_xy(pdf.l_margin, max(pdf.get_y(), seal_y + 44))
    qr_y = pdf.get_y() + 2
    pdf.image(_qr_png(verify_url), x=pdf.l_margin, y=qr_y, w=28, h=28)
    pdf.set_xy(pdf.l_margin + 32, qr_y + 4)
    pdf.set_font("cjk", size=9)
    pdf.multi_cell(0, 5, f"扫码或打开下面的地址，公开核验本次抽取：\n{verify_url}", new_x="LMARGIN", new_y="NEXT")
    pdf.set_xy(pdf.l_margin, qr_y + 30)


# --- draw sheet -----------------------------------------------------------------------------


def sheet_rows(draw: Draw) -> list[dict]:
    rows = []
    for index, member in enumerate(draw.members.select_related("expert").exclude(kind=MemberKind.SKIPPED).filter(status="accepted").order_by("row"), start=1):
        expert = member.expert
        rows.append({"index": index, "name": expert.name, "employer": expert.employer, "title": expert.title, "role": member.get_role_display(),
                     "phone": expert.phone, "kind": member.get_kind_display()})
    return rows


def sheet_context(draw: Draw) -> dict:
    project = draw.project
    return {"project_title": project.title, "project_code": project.code, "owner_unit": project.owner_unit, "location": project.location,
            "opens_at": timezone.localtime(project.opens_at).strftime("%Y-%m-%d %H:%M"), "mode": draw.get_mode_display(), "members": sheet_rows(draw),
            "verify_token": draw.verify_token}


def default_sheet_template() -> bytes:
    """The built-in Word template (docxtpl placeholders), made with python-docx."""
    from docx import Document

    from tenant_apps.experts.panels.sheets import a4_page

    document = Document()
    a4_page(document)
    document.add_heading("{{ project_title }} 评审专家签到表", level=1)
    document.add_paragraph("项目编号：{{ project_code }}　项目单位：{{ owner_unit }}")
    document.add_paragraph("评审时间：{{ opens_at }}　地点：{{ location }}　抽取方式：{{ mode }}")
    table = document.add_table(rows=4, cols=6)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ["序号", "姓名", "工作单位", "职称", "角色", "签到"], strict=True):
        cell.text = text
    table.rows[1].cells[0].text = "{%tr for m in members %}"
    for cell, text in zip(table.rows[2].cells, ["{{ m.index }}", "{{ m.name }}", "{{ m.employer }}", "{{ m.title }}", "{{ m.role }}", ""], strict=True):
        cell.text = text
    table.rows[3].cells[0].text = "{%tr endfor %}"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def sheet_docx(draw: Draw, *, template: bytes | None = None) -> bytes:
    from docxtpl import DocxTemplate

    document = DocxTemplate(io.BytesIO(template or default_sheet_template()))
    document.render(sheet_context(draw))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _xlsx(headers: list[str], rows: list[list], title: str) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:30]
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def sheet_xlsx(draw: Draw) -> bytes:
    context = sheet_context(draw)
    rows = [[m["index"], m["name"], m["employer"], m["title"], m["role"], m["kind"], ""] for m in context["members"]]
    return _xlsx(["序号", "姓名", "工作单位", "职称", "角色", "抽取类型", "签到"], rows, "签到表")
