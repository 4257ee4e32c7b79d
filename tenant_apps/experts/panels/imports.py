"""Import spec for draw projects (抽取项目导入, X17): bulk entry from the Excel template, run by the
import kernel in the worker (progress page, report of rejected rows with reasons).

Checks per row: required cells, lengths, dates, the department by name, project codes repeated
in the file or already used. Valid rows become projects waiting for approval (source “批量导入”),
which the list page can then approve or put into a batch together."""

from __future__ import annotations

import datetime
import re

from django.utils import timezone

from core.errors import ApplicationError
from core.importexport import parsers
from core.importexport.spec import Column, ImportSpec, register_import
from tenant_apps.accounts.models import OrgUnit
from tenant_apps.experts.panels.enums import ProjectSource
from tenant_apps.experts.panels.models import Project
from tenant_apps.experts.panels.services import ProjectInput, project_create

IMPORT_SPEC_NAME = "expert_panels.projects"
DATETIME_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M", "%Y.%m.%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M")
CHINESE_DATE = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日\s*(\d{1,2})[:：时](\d{1,2})分?$")


def parse_datetime(value: str) -> datetime.datetime:
    """“2025-03-01 09:30” (Excel date cells arrive in this form too), “2025/3/1 9:30” or
    “2025年3月1日 9:30”; a date without a time is refused so nobody is summoned at midnight."""
    text = value.strip()
    parsed = None
    match = CHINESE_DATE.match(text)
    if match:
        year, month, day, hour, minute = (int(part) for part in match.groups())
        try:
            parsed = datetime.datetime(year, month, day, hour, minute)
        except ValueError:
            parsed = None
    for fmt in DATETIME_FORMATS:
        if parsed is not None:
            break
        try:
            parsed = datetime.datetime.strptime(text, fmt)
        except ValueError:
            continue
    if parsed is None:
        raise ValueError("应为日期和时间，如 2025-03-01 09:30")
    return timezone.make_aware(parsed) if timezone.is_naive(parsed) else parsed


def parse_code(value: str) -> str:
    code = value.strip()
    if len(code) > 40:
        raise ValueError("不能超过 40 个字符")
    if Project.objects.filter(code=code).exists():
        raise ValueError(f"项目编号“{code}”已存在")
    return code


def parse_department(value: str) -> int:
    matches = list(OrgUnit.objects.filter(name=value.strip()).values_list("pk", flat=True)[:2])
    if not matches:
        raise ValueError(f"“{value}”不存在，请填写系统中已有的部门名称")
    if len(matches) > 1:
        raise ValueError(f"“{value}”有多个同名部门，请留空后在系统中选择")
    return matches[0]


def import_project_row(*, actor, values: dict) -> dict:
    """Create one project waiting for approval, in the importer's department unless the row names one."""

    def text(key: str) -> str:
        return values.get(key) or ""

    data = ProjectInput(
        title=text("title"), owner_unit=text("owner_unit"), opens_at=values["opens_at"], code=text("code"),
        related_units=list(values.get("related_units") or []), department_id=values.get("department") or getattr(actor, "org_unit_id", None),
        category=text("category"), location=text("location"), ends_at=values.get("ends_at"), description=text("description"),
        batch_name=text("batch_name"),
    )
    if data.ends_at is not None and data.ends_at < data.opens_at:
        raise ApplicationError("评审结束时间不能早于评审时间", fields={"ends_at": ["不能早于评审时间"]})
    project = project_create(actor=actor, data=data, source=ProjectSource.IMPORT)
    return {"code": project.code, "title": project.title, "opens_at": timezone.localtime(project.opens_at).strftime("%Y-%m-%d %H:%M")}


PROJECT_IMPORT = register_import(
    ImportSpec(
        name=IMPORT_SPEC_NAME,
        title="抽取项目",
        permission="expert_panels.import_project",
        handler=import_project_row,
        max_rows=2000,
        columns=[
            Column("title", "项目名称", required=True, parser=parsers.text(200), example="某某工程设计评审", help="最多 200 字。"),
            Column("code", "项目编号", parser=parse_code, unique_in_file=True, example="",
                   help="选填，留空自动生成；不能与已有项目或文件中其他行重复。"),
            Column("owner_unit", "项目单位", required=True, parser=parsers.text(200), example="某某建设集团",
                   help="该单位的在职/曾任职专家抽取时自动回避。"),
            Column("related_units", "相关单位", parser=parsers.split_list, example="甲公司；乙公司", help="投标单位等，同样回避；多个用；分隔。"),
            Column("opens_at", "评审时间", required=True, parser=parse_datetime, example="2025-03-01 09:30",
                   help="日期和时间，如 2025-03-01 09:30，或 Excel 日期时间格式。"),
            Column("ends_at", "评审结束时间", parser=parse_datetime, example="", help="选填，格式同评审时间。"),
            Column("location", "评审地点", parser=parsers.text(200), example="评审中心 3 楼"),
            Column("category", "项目类型", parser=parsers.text(50), example="工程评审", help="选填；可按项目类型使用不同的抽取表模板。"),
            Column("department", "负责部门", parser=parse_department, example="", help="系统中已有的部门名称；留空则为导入人所在部门。"),
            Column("batch_name", "批次", parser=parsers.text(100), example="", help="选填；同一批次的项目共用一组专家。"),
            Column("description", "项目说明", parser=parsers.text(2000), example=""),
        ],
        result_columns=[("code", "项目编号"), ("title", "项目名称"), ("opens_at", "评审时间")],
        result_title="导入成功的项目",
        notes=[
            "导入的项目状态为“待审核”，审核通过后才能抽取专家；可在项目列表中勾选后批量审核或设为同一批次。",
            "项目编号在文件内重复或与已有项目重复的行不会导入，失败报告写明原因。",
        ],
    )
)
