"""Files the expert library produces and reads: certificate PDF, Excel import/export,
statistics in Excel and PDF. Rendering only; writes go through services."""

from __future__ import annotations

import contextlib
import io
import re
from dataclasses import dataclass, field
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from core.audit import audit_record
from core.errors import ApplicationError
from core.masking import mask_value
from core.pdf import CJK_FAMILY, new_pdf
from tenant_apps.experts.enums import ExpertSource, Gender, TitleLevel
from tenant_apps.experts.errors import ExpertError
from tenant_apps.experts.models import Certificate, Domain, Expert, ImportRun, Tag
from tenant_apps.experts.selectors import (
    EXPORT_FIELDS,
    PERSONAL_FIELDS,
    REVEAL_PERMISSION,
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


def _export_value(expert: Expert, name: str, *, reveal: bool) -> Any:
    if name == "domains":
        return "；".join(d.name for d in expert.domains.all())
    if name == "tags":
        return "；".join(t.name for t in expert.tags.all())
    if name == "expert_type":
        return expert.expert_type.name if expert.expert_type else ""
    if name in ("gender", "title_level", "source", "status"):
        return getattr(expert, f"get_{name}_display")()
    value = getattr(expert, name)
    if hasattr(value, "tzinfo") and value is not None:
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if value is not None and hasattr(value, "isoformat"):
        return value.isoformat()
    if name in PERSONAL_FIELDS and not reveal and value:
        kind = {"phone": "phone", "id_number": "id_number", "name": "name"}.get(name, "default")
        return mask_value(kind, value)
    return value if value is not None else ""


def experts_workbook(*, actor, queryset, fields: list[str]) -> bytes:
    """Export the experts with only the fields the actor's role may export; personal data is
    masked unless the actor holds the reveal right. The export itself is audited."""
    reveal = actor.has_perm(REVEAL_PERMISSION)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("专家")
    sheet.append([EXPORT_FIELDS[name] for name in fields])
    count = 0
    for expert in queryset.select_related("expert_type").prefetch_related("domains", "tags").iterator(chunk_size=1000):
        sheet.append([_export_value(expert, name, reveal=reveal) for name in fields])
        count += 1
    buffer = io.BytesIO()
    workbook.save(buffer)
    with transaction.atomic():
        audit_record(actor=actor, action="experts.expert.export", object_type="experts.expert", after={"rows": count, "fields": fields, "unmasked": reveal})
    return buffer.getvalue()


# --- import (X9) ---------------------------------------------------------------------------
# Built on openpyxl directly; the columns and row checks are declared here so that the import
# can move onto core.importexport's spec without changing the template or the report.

IMPORT_COLUMNS = [
    ("name", "姓名*"), ("phone", "手机号*"), ("employer", "工作单位*"), ("title", "职称*"), ("title_level", "职称级别"),
    ("email", "邮箱"), ("gender", "性别"), ("id_number", "身份证号"), ("position", "职务"), ("education", "学历"),
    ("specialty", "专业方向"), ("domains", "专业领域"), ("region", "所在地区"), ("tags", "标签分组"),
]
REQUIRED = {"name", "phone", "employer", "title"}
MAX_IMPORT_ROWS = 5000


def import_template() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "专家导入"
    sheet.append([label for _, label in IMPORT_COLUMNS])
    sheet.append(["张三", "13800000000", "某某大学", "教授", "正高级", "zhangsan@example.com", "男", "", "院长", "博士研究生",
                  "结构工程", "工程技术/土木工程/结构工程", "北京市", ""])
    for index, (_, label) in enumerate(IMPORT_COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(12, len(label) * 3)
        if label.endswith("*"):
            sheet.cell(row=1, column=index).font = Font(bold=True, color="C8102E")
    notes = workbook.create_sheet("填写说明")
    for line in (
        "带 * 的列必填；手机号为 11 位且不能与库中已有专家重复。",
        "职称级别：正高级 / 副高级 / 中级 / 其他；性别：男 / 女。",
        "专业领域：填写领域名称，多个用；分隔，可写完整路径如“工程技术/土木工程/结构工程”。",
        "标签分组：填写已有标签名称，多个用；分隔。示例行请删除后再导入。",
    ):
        notes.append([line])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@dataclass
class ImportOutcome:
    run: ImportRun
    created: list[Expert] = field(default_factory=list)
    rejected: list[tuple[int, list[Any], list[str]]] = field(default_factory=list)


def _domain_lookup() -> tuple[dict[str, int], dict[str, list[int]]]:
    domains = list(Domain.objects.all())
    by_id = {d.pk: d for d in domains}
    by_path: dict[str, int] = {}
    by_name: dict[str, list[int]] = {}
    for d in domains:
        names = [by_id[int(p)].name for p in d.path.strip("/").split("/") if p and int(p) in by_id]
        by_path["/".join(names)] = d.pk
        by_name.setdefault(d.name, []).append(d.pk)
    return by_path, by_name


def _split(value: str) -> list[str]:
    return [part.strip() for part in re.split(r"[;；,，]", value or "") if part.strip()]


def experts_import(*, actor, uploaded, org_unit=None, notify: bool = True) -> ImportOutcome:
    """Import experts from the template: format and duplicate checks per row; valid rows become
    experts with accounts (notified); the others go to a report with the reason."""
    from tenant_apps.experts.services import ExpertInput, check_phone_free, expert_create

    try:
        workbook = load_workbook(uploaded, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a bad file
        raise ApplicationError("无法读取文件，请使用下载的 Excel 模板（.xlsx）。", code=ExpertError.IMPORT_FILE) from exc
    sheet = workbook.worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    if not rows:
        raise ApplicationError("文件是空的。", code=ExpertError.IMPORT_FILE)
    header = [str(c or "").strip().rstrip("*") for c in rows[0]]
    positions: dict[str, int] = {}
    for key, label in IMPORT_COLUMNS:
        plain = label.rstrip("*")
        if plain in header:
            positions[key] = header.index(plain)
    missing = [label for key, label in IMPORT_COLUMNS if key in REQUIRED and key not in positions]
    if missing:
        raise ApplicationError("模板缺少必填列：" + "、".join(missing), code=ExpertError.IMPORT_FILE)
    body = [row for row in rows[1:] if any(c not in (None, "") for c in row)]
    if len(body) > MAX_IMPORT_ROWS:
        raise ApplicationError(f"一次最多导入 {MAX_IMPORT_ROWS} 行。", code=ExpertError.IMPORT_FILE)
    by_path, by_name = _domain_lookup()
    tags = {t.name: t.pk for t in Tag.objects.all()}
    levels = {label: value for value, label in TitleLevel.choices}
    genders = {label: value for value, label in Gender.choices}
    run = ImportRun.objects.create(created_by=actor, file_name=(getattr(uploaded, "name", "") or "import.xlsx")[:200], total_rows=len(body))
    outcome = ImportOutcome(run=run)
    seen_phones: dict[str, int] = {}
    for offset, row in enumerate(body, start=2):
        def cell(key: str, row=row) -> str:
            index = positions.get(key)
            value = row[index] if index is not None and index < len(row) else None
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            return str(value).strip() if value is not None else ""

        values = {key: cell(key) for key, _ in IMPORT_COLUMNS}
        reasons: list[str] = []
        for key in REQUIRED:
            if not values[key]:
                reasons.append(f"{dict(IMPORT_COLUMNS)[key].rstrip('*')}为空")
        phone = values["phone"]
        if phone and not re.match(r"^1[3-9]\d{9}$", phone):
            reasons.append("手机号格式不正确")
        elif phone in seen_phones:
            reasons.append(f"手机号与第 {seen_phones[phone]} 行重复")
        elif phone:
            seen_phones[phone] = offset
            try:
                check_phone_free(phone=phone)
            except ApplicationError:
                reasons.append("手机号重复（专家库中已存在）")
        if values["email"] and not re.match(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", values["email"]):
            reasons.append("邮箱格式不正确")
        if values["id_number"] and not re.match(r"^\d{17}[\dXx]$", values["id_number"]):
            reasons.append("身份证号格式不正确")
        if values["title_level"] and values["title_level"] not in levels:
            reasons.append("职称级别应为 正高级/副高级/中级/其他")
        if values["gender"] and values["gender"] not in genders:
            reasons.append("性别应为 男/女")
        domain_ids: list[int] = []
        for name in _split(values["domains"]):
            if name in by_path:
                domain_ids.append(by_path[name])
            elif len(by_name.get(name, [])) == 1:
                domain_ids.append(by_name[name][0])
            else:
                reasons.append(f"专业领域“{name}”不存在或不唯一")
        tag_ids = []
        for name in _split(values["tags"]):
            if name in tags:
                tag_ids.append(tags[name])
            else:
                reasons.append(f"标签“{name}”不存在")
        if not reasons:
            try:
                with transaction.atomic():
                    expert = expert_create(
                        actor=actor, source=ExpertSource.IMPORT, notify=notify,
                        data=ExpertInput(
                            name=values["name"], phone=phone, employer=values["employer"], title=values["title"], email=values["email"],
                            gender=genders.get(values["gender"], ""), id_number=values["id_number"], position=values["position"],
                            title_level=levels.get(values["title_level"], ""), education=values["education"], specialty=values["specialty"],
                            region=values["region"], domain_ids=tuple(domain_ids), tag_ids=tuple(tag_ids), org_unit=org_unit,
                        ),
                    )
                outcome.created.append(expert)
            except ApplicationError as exc:
                reasons.append(exc.message)
        if reasons:
            outcome.rejected.append((offset, [values[key] for key, _ in IMPORT_COLUMNS], reasons))
    run.created_count, run.rejected_count = len(outcome.created), len(outcome.rejected)
    if outcome.rejected:
        run.report.save(f"rejected-{run.pk}.xlsx", ContentFile(_report_bytes(outcome.rejected)), save=False)
    run.save()
    with transaction.atomic():
        audit_record(actor=actor, action="experts.expert.import", target=run, after={"created": run.created_count, "rejected": run.rejected_count})
    return outcome


def _report_bytes(rejected: list[tuple[int, list[Any], list[str]]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "未导入信息"
    sheet.append(["原行号", *[label.rstrip("*") for _, label in IMPORT_COLUMNS], "未导入原因"])
    red = PatternFill("solid", fgColor="FDECEC")
    for row_number, values, reasons in rejected:
        sheet.append([row_number, *values, "；".join(reasons)])
        sheet.cell(row=sheet.max_row, column=len(IMPORT_COLUMNS) + 2).fill = red
    sheet.column_dimensions[get_column_letter(len(IMPORT_COLUMNS) + 2)].width = 50
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


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


__all__ = ["certificate_pdf", "certificate_status", "experts_import", "experts_workbook", "import_template", "qr_svg", "statistics_pdf", "statistics_workbook"]
