"""Draw sheets (评审专家抽取表 / 签到表, X22) made from a template, for offline sign-in.

A template is a Word file with docxtpl placeholders (`{{ project_title }}`, a table row loop
`{%tr for m in members %}` … `{{ m.name }}` … `{%tr endfor %}`) and optionally an Excel file
whose cells hold the same placeholders; the Excel row that uses `{{ m.… }}` is repeated once per
expert. Uploaded templates are rendered in Jinja's sandbox, and checked before they are saved by
rendering them with sample data: any placeholder we do not provide is reported by name."""

from __future__ import annotations

import contextlib
import copy
import io
import re
from dataclasses import dataclass, field

from django.utils import timezone
from jinja2 import ChainableUndefined, TemplateError, TemplateSyntaxError, UndefinedError, meta
from jinja2.sandbox import SandboxedEnvironment, SecurityError
from jinja2.utils import missing

from core.errors import ApplicationError
from core.masking import mask_default, mask_name, mask_phone
from tenant_apps.experts.panels.enums import MemberKind, MemberStatus
from tenant_apps.experts.panels.errors import PanelErrorCode
from tenant_apps.experts.panels.models import Draw

MAX_TEMPLATE_BYTES = 5 * 1024 * 1024

# (placeholder, meaning, sample value) — shown on the template page and used for the check.
PROJECT_PLACEHOLDERS: list[tuple[str, str, str]] = [
    ("project_title", "项目名称", "“科创中国”综合能源产业科技服务团"),
    ("project_code", "项目编号", "XM202501010001"),
    ("owner_unit", "项目单位（所属机构）", "北京中科服科技有限公司"),
    ("department", "负责部门", "采购处"),
    ("category", "项目类型", "工程评审"),
    ("location", "评审（报到）地点", "评审中心 3 楼"),
    ("opens_at", "评审（报到）时间", "2025-01-01 09:30"),
    ("assigned_to", "项目负责人（跟进人）", "周一木"),
    ("drawn_by", "抽取人", "王经办"),
    ("drawn_by_phone", "抽取人联系电话", "17812209520"),
    ("drawn_at", "抽取时间", "2024-12-30 15:30"),
    ("mode", "抽取方式", "随机抽取"),
    ("member_count", "专家人数", "3"),
    ("printed_at", "生成时间", "2024-12-31 08:00"),
    ("verify_token", "公开验证码", "Vt2u…"),
]
MEMBER_PLACEHOLDERS: list[tuple[str, str, str]] = [
    ("index", "序号", "1"),
    ("name", "专家姓名", "陈舜尧"),
    ("title", "职称", "研究员"),
    ("employer", "工作单位", "北京测试有限公司"),
    ("number", "专家编号", "1024"),
    ("specialty", "专业方向", "辐射防护材料"),
    ("domains", "专业领域", "新材料、核工业"),
    ("matched_domain", "抽中所依据的专业领域（与条件组相符的领域）", "核工业"),
    ("phone", "联系方式", "13100000033"),
    ("role", "组内角色", "组长"),
    ("kind", "抽取类型", "抽取"),
    ("status", "受邀状态（是否参加）", "确认参加"),
]
MEMBER_ROW = re.compile(r"\{\{[^}]*\bm\.")


@dataclass
class TemplateCheck:
    """What rendering a template with sample data found."""

    unknown: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    used: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.unknown and not self.errors

    def message(self, label: str) -> str:
        parts = []
        if self.unknown:
            parts.append("未知占位符：" + "、".join("{{ " + name + " }}" for name in self.unknown))
        parts.extend(self.errors)
        return f"{label}无法使用。" + "；".join(parts) + "。可用的占位符见页面下方列表。"


# --- context --------------------------------------------------------------------------------


def sheet_members(draw: Draw):
    """Experts holding a seat (pending, invited, accepted), in panel order."""
    return (
        draw.members.select_related("expert", "group").prefetch_related("expert__domains").exclude(kind=MemberKind.SKIPPED)
        .filter(status__in=[MemberStatus.PENDING, MemberStatus.INVITED, MemberStatus.ACCEPTED]).order_by("row")
    )


def matched_domains(member) -> list[str]:
    """The expert's domains that match the member's condition group (a rail and communications
    draw shows 通信工程, not the expert's first-listed 儿科); all domains when the group set none
    or the match came through the parent-domain fallback."""
    domains = list(member.expert.domains.all())
    wanted = [int(pk) for pk in ((member.group.domain_ids or []) if member.group_id else [])]
    if wanted:
        matched = [d for d in domains if d.pk in wanted or any(f"/{pk}/" in (d.path or "") for pk in wanted)]
        if matched:
            return [d.name for d in matched]
    return [d.name for d in domains]


def sheet_context(draw: Draw, *, revealed: bool) -> dict:
    """Values for one draw. Without `revealed` (outside the reveal window, X15) names, phones and
    employers are masked, as on the pages."""
    project = draw.project
    members = []
    for index, member in enumerate(sheet_members(draw), start=1):
        expert = member.expert
        members.append({
            "index": index, "name": expert.name if revealed else mask_name(expert.name), "title": expert.title,
            "employer": expert.employer if revealed else mask_default(expert.employer), "number": str(expert.pk), "specialty": expert.specialty,
            "domains": "、".join(d.name for d in expert.domains.all()), "matched_domain": "、".join(matched_domains(member)), "phone": expert.phone if revealed else mask_phone(expert.phone),
            "role": member.get_role_display(), "kind": member.get_kind_display(), "status": member.get_status_display(),
        })
    creator = draw.created_by
    return {
        "project_title": project.title, "project_code": project.code, "owner_unit": project.owner_unit,
        "department": project.department.name if project.department_id else "", "category": project.category, "location": project.location,
        "opens_at": timezone.localtime(project.opens_at).strftime("%Y-%m-%d %H:%M"),
        "assigned_to": str(project.assigned_to) if project.assigned_to_id else "",
        "drawn_by": str(creator) if creator else "", "drawn_by_phone": getattr(creator, "phone", "") or "" if creator else "",
        "drawn_at": timezone.localtime(draw.drawn_at).strftime("%Y-%m-%d %H:%M") if draw.drawn_at else "",
        "mode": draw.get_mode_display(), "member_count": str(len(members)), "printed_at": timezone.localtime().strftime("%Y-%m-%d %H:%M"),
        "verify_token": draw.verify_token, "members": members,
    }


def sample_context() -> dict:
    member = {key: sample for key, _, sample in MEMBER_PLACEHOLDERS}
    return {**{key: sample for key, _, sample in PROJECT_PLACEHOLDERS}, "members": [dict(member, index=str(i)) for i in (1, 2, 3)]}


# --- rendering ------------------------------------------------------------------------------


def _environment(*, autoescape: bool) -> tuple[SandboxedEnvironment, list[str]]:
    """A sandboxed Jinja environment that records every placeholder it could not resolve
    (`name` at the top level, `m.name` on an expert row)."""
    unknown: list[str] = []

    class Collecting(ChainableUndefined):
        def __init__(self, hint=None, obj=missing, name=None, exc=UndefinedError):
            super().__init__(hint, obj, name, exc)
            if name is not None and not str(name).startswith("_"):
                label = f"m.{name}" if isinstance(obj, dict) else str(name)
                if label not in unknown:
                    unknown.append(label)

    return SandboxedEnvironment(undefined=Collecting, autoescape=autoescape), unknown


def _template_error(exc: Exception, where: str = "") -> str:
    prefix = f"{where}：" if where else ""
    if isinstance(exc, SecurityError):
        return f"{prefix}模板包含不允许的表达式"
    if isinstance(exc, TemplateSyntaxError):
        nearby = " ".join(line.strip() for line in getattr(exc, "docx_context", []) if line.strip())[:60]
        return f"{prefix}模板语法错误（{exc.message}）" + (f"，附近文字：{nearby}" if nearby else "")
    return f"{prefix}模板无法生成（{exc}）"


def _render_docx(template: bytes, context: dict, environment: SandboxedEnvironment) -> bytes:
    from docxtpl import DocxTemplate

    document = DocxTemplate(io.BytesIO(template))
    document.render(context, jinja_env=environment, autoescape=True)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def render_docx(template: bytes, context: dict) -> bytes:
    environment, _ = _environment(autoescape=True)
    try:
        return _render_docx(template, context, environment)
    except Exception as exc:  # checked at upload, so only a broken stored file gets here
        raise ApplicationError(f"抽取表无法生成：{_template_error(exc)}。请检查或停用当前的 Word 模板。", code=PanelErrorCode.SHEET_TEMPLATE_INVALID) from exc


def check_docx(content: bytes) -> TemplateCheck:
    """Render with sample data; report unknown placeholders and syntax errors."""
    from docxtpl import DocxTemplate

    check = TemplateCheck()
    if len(content) > MAX_TEMPLATE_BYTES:
        check.errors.append("文件不能超过 5MB")
        return check
    try:
        DocxTemplate(io.BytesIO(content)).init_docx()
    except Exception:  # python-docx raises many kinds of errors for files that are not .docx
        check.errors.append("不是有效的 Word（.docx）文件")
        return check
    environment, unknown = _environment(autoescape=True)
    try:
        check.used = sorted(DocxTemplate(io.BytesIO(content)).get_undeclared_template_variables(jinja_env=SandboxedEnvironment()))
        _render_docx(content, sample_context(), environment)
    except Exception as exc:  # syntax errors, the sandbox, or a template that breaks docxtpl's XML handling
        check.errors.append(_template_error(exc))
    check.unknown = list(unknown)
    return check


def _cell_template(value) -> bool:
    return isinstance(value, str) and ("{{" in value or "{%" in value)


def _shift_below(sheet, first_row: int, amount: int) -> None:
    """openpyxl moves cells on insert but not merged ranges or row heights: move them too."""
    for cell_range in list(sheet.merged_cells.ranges):
        if cell_range.min_row >= first_row:
            cell_range.shift(row_shift=amount)
    heights = {row: dim.height for row, dim in list(sheet.row_dimensions.items()) if row >= first_row and dim.height}
    for row in heights:
        sheet.row_dimensions[row].height = None
    for row, height in heights.items():
        sheet.row_dimensions[row + amount].height = height


def _render_sheet(sheet, context: dict, environment: SandboxedEnvironment, errors: list[str]) -> None:
    def render(value: str, values: dict, coordinate: str) -> str:
        try:
            return environment.from_string(value).render(values)
        except (TemplateError, SecurityError) as exc:
            errors.append(_template_error(exc, f"工作表“{sheet.title}”单元格 {coordinate}"))
            return value

    member_row = next((row[0].row for row in sheet.iter_rows() if any(isinstance(c.value, str) and MEMBER_ROW.search(c.value) for c in row)), None)
    for row in sheet.iter_rows():
        for cell in row:
            if cell.row != member_row and _cell_template(cell.value):
                cell.value = render(cell.value, context, cell.coordinate)
    if member_row is None:
        return
    pattern = [(cell.column, cell.value, copy.copy(cell._style)) for cell in sheet[member_row]]
    height = sheet.row_dimensions[member_row].height
    members = context.get("members") or [{key: "" for key, _, _ in MEMBER_PLACEHOLDERS}]  # one blank row
    if len(members) > 1:
        sheet.insert_rows(member_row + 1, amount=len(members) - 1)
        _shift_below(sheet, member_row + 1, len(members) - 1)
    for offset, member in enumerate(members):
        row = member_row + offset
        for column, value, style in pattern:
            cell = sheet.cell(row=row, column=column)
            cell._style = copy.copy(style)
            cell.value = render(value, {**context, "m": member}, cell.coordinate) if _cell_template(value) else value
        if height:
            sheet.row_dimensions[row].height = height


def _render_xlsx(template: bytes, context: dict, environment: SandboxedEnvironment, errors: list[str]) -> bytes:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(template))
    for sheet in workbook.worksheets:
        _render_sheet(sheet, context, environment, errors)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def render_xlsx(template: bytes, context: dict) -> bytes:
    environment, _ = _environment(autoescape=False)
    errors: list[str] = []
    try:
        content = _render_xlsx(template, context, environment, errors)
    except Exception as exc:  # checked at upload, so only a broken stored file gets here
        errors.append(_template_error(exc))
    if errors:
        raise ApplicationError(f"抽取表无法生成：{'；'.join(errors)}。请检查或停用当前的 Excel 模板。", code=PanelErrorCode.SHEET_TEMPLATE_INVALID)
    return content


def check_xlsx(content: bytes) -> TemplateCheck:
    from openpyxl import load_workbook

    check = TemplateCheck()
    if len(content) > MAX_TEMPLATE_BYTES:
        check.errors.append("文件不能超过 5MB")
        return check
    try:
        workbook = load_workbook(io.BytesIO(content))
    except Exception:  # openpyxl raises many kinds of errors for files that are not .xlsx
        check.errors.append("不是有效的 Excel（.xlsx）文件")
        return check
    used: set[str] = set()
    parser = SandboxedEnvironment()
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if _cell_template(cell.value):
                    with contextlib.suppress(TemplateSyntaxError):  # reported with its cell by the render below
                        used |= meta.find_undeclared_variables(parser.parse(cell.value))
    check.used = sorted(used - {"m"})
    environment, unknown = _environment(autoescape=False)
    _render_xlsx(content, sample_context(), environment, check.errors)
    check.unknown = list(unknown)
    return check


# --- built-in templates ---------------------------------------------------------------------


def a4_page(document) -> None:
    """python-docx starts from US Letter; Chinese offices print on A4 (210 × 297 mm)."""
    from docx.shared import Mm

    for section in document.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin = section.right_margin = Mm(18)
        section.top_margin = section.bottom_margin = Mm(20)


def default_docx() -> bytes:
    """The built-in Word template, laid out like the bureau's paper form (评审专家抽取表)."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    document = Document()
    a4_page(document)
    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = heading.add_run("评审专家抽取表")
    run.bold = True
    run.font.size = Pt(16)
    info = document.add_table(rows=4, cols=4)
    info.style = "Table Grid"
    pairs = [("项目名称", "{{ project_title }}", "项目编号", "{{ project_code }}"), ("负责人", "{{ assigned_to }}", "所属机构", "{{ owner_unit }}"),
             ("报到时间", "{{ opens_at }}", "报到地址", "{{ location }}"), ("抽取人", "{{ drawn_by }}", "联系电话", "{{ drawn_by_phone }}")]
    for row, values in zip(info.rows, pairs, strict=True):
        for cell, text in zip(row.cells, values, strict=True):
            cell.text = text
    document.add_paragraph("评审专家抽取汇总表（{{ mode }}，共 {{ member_count }} 人）")
    headers = ["序号", "专家姓名", "职称", "工作单位", "专家编号", "专业", "联系方式", "是否参加", "确认签名"]
    table = document.add_table(rows=4, cols=len(headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = text
    table.rows[1].cells[0].text = "{%tr for m in members %}"
    cells = ["{{ m.index }}", "{{ m.name }}", "{{ m.title }}", "{{ m.employer }}", "{{ m.number }}", "{{ m.matched_domain }}", "{{ m.phone }}", "{{ m.status }}", ""]
    for cell, text in zip(table.rows[2].cells, cells, strict=True):
        cell.text = text
    table.rows[3].cells[0].text = "{%tr endfor %}"
    document.add_paragraph("生成时间：{{ printed_at }}　公开验证码：{{ verify_token }}")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def default_xlsx() -> bytes:
    """The built-in Excel template: the same form, one row per expert."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "评审专家抽取表"
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    sheet.merge_cells("A1:I1")
    sheet["A1"] = "评审专家抽取表"
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A1"].alignment = Alignment(horizontal="center")
    rows = [("项目名称", "{{ project_title }}", "项目编号", "{{ project_code }}"), ("负责人", "{{ assigned_to }}", "所属机构", "{{ owner_unit }}"),
            ("报到时间", "{{ opens_at }}", "报到地址", "{{ location }}"), ("抽取人", "{{ drawn_by }}", "联系电话", "{{ drawn_by_phone }}")]
    for offset, (label1, value1, label2, value2) in enumerate(rows, start=2):
        sheet.cell(row=offset, column=1, value=label1)
        sheet.merge_cells(start_row=offset, start_column=2, end_row=offset, end_column=4)
        sheet.cell(row=offset, column=2, value=value1)
        sheet.cell(row=offset, column=5, value=label2)
        sheet.merge_cells(start_row=offset, start_column=6, end_row=offset, end_column=9)
        sheet.cell(row=offset, column=6, value=value2)
    sheet.merge_cells("A6:I6")
    sheet["A6"] = "评审专家抽取汇总表"
    sheet["A6"].font = Font(bold=True)
    headers = ["序号", "专家姓名", "职称", "工作单位", "专家编号", "专业", "联系方式", "是否参加", "确认签名"]
    cells = ["{{ m.index }}", "{{ m.name }}", "{{ m.title }}", "{{ m.employer }}", "{{ m.number }}", "{{ m.matched_domain }}", "{{ m.phone }}", "{{ m.status }}", ""]
    for column, (header, value) in enumerate(zip(headers, cells, strict=True), start=1):
        sheet.cell(row=7, column=column, value=header).font = Font(bold=True)
        sheet.cell(row=8, column=column, value=value)
        for row in (7, 8):
            sheet.cell(row=row, column=column).border = border
    sheet.cell(row=9, column=1, value="生成时间：{{ printed_at }}")
    for column, width in zip("ABCDEFGHI", (6, 12, 10, 24, 10, 16, 14, 10, 14), strict=True):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def draw_sheet(draw: Draw, *, kind: str, revealed: bool) -> bytes:
    """The draw sheet as a file: the project type's active template, else the type-wide one,
    else the built-in one, rendered with the draw's members (names masked unless `revealed`)."""
    from tenant_apps.experts.panels.selectors import sheet_template_for

    template = sheet_template_for(draw.project)
    context = sheet_context(draw, revealed=revealed)

    def read(stored) -> bytes:
        with stored.open("rb") as handle:
            return handle.read()

    if kind == "docx":
        return render_docx(read(template.docx) if template is not None else default_docx(), context)
    return render_xlsx(read(template.xlsx) if template is not None and template.xlsx else default_xlsx(), context)
