"""Destination exports: columns staff pick for their own templates, and the national
registration layout (our reading of the 毕业去向登记 import columns; check it against the
province's current template before uploading)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from core.importexport.xlsx import StreamingTable
from core.masking import mask_id_number
from tenant_apps.employment.destinations.enums import CATEGORIES
from tenant_apps.employment.destinations.models import Destination


def _units(d: Destination) -> tuple[str, str, str]:
    unit = d.record.org_unit
    major = unit.parent if unit and unit.parent_id else None
    college = major.parent if major and major.parent_id else None
    return (college.name if college else "", major.name if major else "", unit.name if unit else "")


# key -> (default header, value)
EXPORT_COLUMNS = {
    "student_number": ("学号", lambda d: d.record.student_number),
    "name": ("姓名", lambda d: d.record.name),
    "id_number": ("身份证号", lambda d: d.record.id_number),
    "gender": ("性别", lambda d: d.record.get_gender_display()),
    "graduation_year": ("届别", lambda d: d.record.graduation_year),
    "education": ("学历", lambda d: d.record.get_education_display()),
    "college": ("学院", lambda d: _units(d)[0]),
    "major": ("专业", lambda d: d.record.major_name),
    "class_name": ("班级", lambda d: _units(d)[2]),
    "origin_region": ("生源所在地代码", lambda d: d.record.origin_region),
    "category": ("毕业去向代码", lambda d: d.category),
    "category_label": ("毕业去向", lambda d: CATEGORIES[d.category].label),
    "sub_code": ("去向细类代码", lambda d: d.sub_code),
    "employer_name": ("单位名称", lambda d: d.employer_name),
    "employer_credit_code": ("统一社会信用代码", lambda d: d.employer_credit_code),
    "employer_region": ("单位所在地代码", lambda d: d.employer_region),
    "employer_nature": ("单位性质", lambda d: d.get_employer_nature_display() if d.employer_nature else ""),
    "job_title": ("岗位", lambda d: d.job_title),
    "contract_start": ("合同开始", lambda d: d.contract_start.isoformat() if d.contract_start else ""),
    "contract_end": ("合同结束", lambda d: d.contract_end.isoformat() if d.contract_end else ""),
    "monthly_pay": ("月收入", lambda d: d.monthly_pay if d.monthly_pay is not None else ""),
    "admitting_school": ("录取院校", lambda d: d.admitting_school),
    "country": ("国家/地区", lambda d: d.country),
    "status": ("审核状态", lambda d: d.get_status_display()),
    "is_filed_by_staff": ("老师代填", lambda d: "是" if d.is_filed_by_staff else "否"),
    "confirmation": ("学生确认", lambda d: d.get_confirmation_display()),
    "approved_at": ("终审时间", lambda d: d.approved_at.strftime("%Y-%m-%d %H:%M") if d.approved_at else ""),
}

# The national registration layout: field names of the 毕业去向登记 exchange format.
NATIONAL_COLUMNS = [
    ("YXDM", "院校代码", lambda d, school: school),
    ("XH", "学号", lambda d, school: d.record.student_number),
    ("KSH", "考生号", lambda d, school: d.record.exam_number),
    ("XM", "姓名", lambda d, school: d.record.name),
    ("SFZH", "身份证号", lambda d, school: d.record.id_number),
    ("XLDM", "学历代码", lambda d, school: d.record.education),
    ("ZYDM", "专业代码", lambda d, school: d.record.major_code),
    ("BYQXDM", "毕业去向代码", lambda d, school: d.sub_code or d.category),
    ("DWMC", "单位名称", lambda d, school: d.employer_name or d.admitting_school or d.project_name),
    ("TYSHXYDM", "统一社会信用代码", lambda d, school: d.employer_credit_code),
    ("DWSZDDM", "单位所在地代码", lambda d, school: d.employer_region),
    ("GZZWLBMC", "工作职位", lambda d, school: d.job_title),
    ("HTQSRQ", "合同起始日期", lambda d, school: d.contract_start.strftime("%Y%m%d") if d.contract_start else ""),
    ("HTZZRQ", "合同终止日期", lambda d, school: d.contract_end.strftime("%Y%m%d") if d.contract_end else ""),
    ("YX", "月薪", lambda d, school: d.monthly_pay if d.monthly_pay is not None else ""),
    ("SXYX", "升学院校", lambda d, school: d.admitting_school),
    ("GJDQ", "国家或地区", lambda d, school: d.country),
]


def rows_for_template(destinations: Iterable[Destination], columns: list[list[str]], *, can_see_id: bool) -> Iterator[list]:
    for d in destinations:
        row = []
        for key, _header in columns:
            value = EXPORT_COLUMNS[key][1](d)
            row.append(mask_id_number(value) if key == "id_number" and not can_see_id else value)
        yield row


def build_template_export(destinations: Iterable[Destination], columns: list[list[str]], *, can_see_id: bool) -> bytes:
    table = StreamingTable("毕业去向", [header for _key, header in columns])
    for row in rows_for_template(destinations, columns, can_see_id=can_see_id):
        table.append(row)
    return table.to_bytes()


def build_national_export(destinations: Iterable[Destination], *, school_code: str, can_see_id: bool = False) -> bytes:
    """The national layout; the ID number is masked for exporters without the right to see it
    (such a file cannot be uploaded: the page says so)."""
    table = StreamingTable("毕业去向登记", [f"{name}({code})" for code, name, _ in NATIONAL_COLUMNS])
    for d in destinations:
        table.append([mask_id_number(v) if code == "SFZH" and not can_see_id and v else v
                      for code, v in ((code, value(d, school_code)) for code, _name, value in NATIONAL_COLUMNS)])
    return table.to_bytes()


def destination_export(*, actor, search, template=None, reason: str) -> tuple[bytes, str]:
    """(workbook, file name) of the destinations in the actor's scope matching `search`: with the
    actor's own `template`, or the national layout when `template` is None. Through the export
    engine's rule: refused without a reason, stamped with requester, time and reason, audited;
    ID numbers masked unless the exporter may see full personal data. Used by page and API."""
    from django.utils import timezone

    from core.importexport.services import export_document
    from tenant_apps.employment.destinations.selectors import destination_list
    from tenant_apps.employment.students.selectors import settings_get

    rows = destination_list(actor=actor, search=search).select_related("record__org_unit__parent__parent").order_by("record__student_number")
    can_see_id = actor.has_perm("employment_students.reveal_personal_data")
    stamp = timezone.now().strftime("%Y%m%d%H%M")
    if template is None:
        kind, title, filename = "national", "毕业去向登记（国家格式）", f"毕业去向登记-国家格式-{stamp}.xlsx"

        def build() -> bytes:
            return build_national_export(rows.iterator(chunk_size=2000), school_code=settings_get().school_code, can_see_id=can_see_id)
    else:
        kind, title, filename = "template", f"毕业去向（{template.name}）", f"毕业去向-{template.name}-{stamp}.xlsx"

        def build() -> bytes:
            return build_template_export(rows.iterator(chunk_size=2000), template.columns, can_see_id=can_see_id)
    content = export_document(actor=actor, title=title, filename=filename, personal_data=True, reason=reason, build=build,
                              action="employment_destinations.export", object_type="employment_destinations.destination",
                              details={"kind": kind, "masked": [] if can_see_id else ["id_number"]})
    return content, filename
