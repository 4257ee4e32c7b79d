"""Import spec for alumni records (导入校友, A3/A11): registers of many decades through the import
kernel (progress page, report of rejected rows). Each row's source and date go into the
record's per-field sources; rows whose student number is already known are refused (merge
the records instead). The tenant's custom fields (扩展字段) are columns too, after the built-in
ones: `custom_columns()` reads them when the spec is looked up, each validated by its type."""

from __future__ import annotations

import datetime
import re

from core.errors import ApplicationError
from core.importexport import parsers
from core.importexport.spec import Column, ImportSpec, register_import
from core.validators import china
from tenant_apps.alumni.records.enums import CustomFieldType, Degree, Gender
from tenant_apps.alumni.records.models import AlumniRecord, CustomField
from tenant_apps.alumni.records.services import record_save

IMPORT_SPEC_NAME = "alumni_records.records"
_DATE = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:\s.*)?$")


def parse_date(value: str) -> datetime.date:
    match = _DATE.match(value.strip())
    if not match:
        raise ValueError("应为日期，如 1985-07-01")
    try:
        return datetime.date(*(int(part) for part in match.groups()))
    except ValueError as exc:
        raise ValueError("日期不存在") from exc


def parse_year(value: str) -> int:
    text = value.strip().removesuffix("年").removesuffix("级").removesuffix("届")
    if not text.isdigit() or not 1900 <= int(text) <= 2100:
        raise ValueError("应为四位年份，如 1985")
    return int(text)


def parse_id_number(value: str) -> str:
    return china.normalise_id_number(value, pad_lost_zeros=True)


def parse_student_no(value: str) -> str:
    number = value.strip()
    if len(number) > 30:
        raise ValueError("不能超过 30 个字符")
    if AlumniRecord.objects.filter(student_no=number, merged_into__isnull=True).exists():
        raise ValueError(f"学号“{number}”已有档案")
    return number


def parse_number(value: str) -> str:
    """A number as the record form keeps it (text in `extra`): 12, -3, 4.5; 1,200 and 1 200 too."""
    text = value.strip().replace(",", "").replace("，", "").replace(" ", "")
    try:
        number = float(text)
    except ValueError:
        raise ValueError("应为数字，如 12 或 3.5") from None
    if number != number or number in (float("inf"), float("-inf")):
        raise ValueError("应为数字，如 12 或 3.5")
    return str(int(number)) if number.is_integer() and "." not in text and "e" not in text.lower() else text


def parse_custom_date(value: str) -> str:
    return parse_date(value).isoformat()


CUSTOM_PARSERS = {
    CustomFieldType.TEXT: (parsers.text(200), "不超过 200 个字", ""),
    CustomFieldType.NUMBER: (parse_number, "数字", "12"),
    CustomFieldType.DATE: (parse_custom_date, "日期，如 1985-07-01", "1985-07-01"),
}
CUSTOM_PREFIX = "custom:"  # column keys of custom fields, so a key never shadows a built-in one


def custom_columns() -> list[Column]:
    """One column per custom field of the current tenant, in the fields' order."""
    columns = []
    for field in CustomField.objects.order_by("sort_order", "pk"):
        parser, rule, example = CUSTOM_PARSERS.get(field.type, CUSTOM_PARSERS[CustomFieldType.TEXT])
        columns.append(Column(f"{CUSTOM_PREFIX}{field.key}", field.label, parser=parser, example=example, help=f"扩展字段（{field.get_type_display()}）：{rule}。"))
    return columns


def import_record_row(*, actor, values: dict) -> dict:
    source = values.get("source") or "批量导入"
    data = {k.removeprefix(CUSTOM_PREFIX): v for k, v in values.items() if k not in ("source", "source_date") and v not in (None, "")}
    if data.get("class_year") and data.get("graduation_year") and data["graduation_year"] < data["class_year"]:
        raise ApplicationError("毕业年份早于入学年份", fields={"graduation_year": ["早于入学年份"]})
    record = record_save(actor=actor, data=data, source=source, source_date=values.get("source_date"))
    return {"id": record.pk, "name": record.name, "college": record.college.name if record.college_id else record.college_name}


RECORD_IMPORT = register_import(
    ImportSpec(
        name=IMPORT_SPEC_NAME,
        title="校友档案",
        permission="alumni_records.import_alumnirecord",
        handler=import_record_row,
        max_rows=60000,
        chunk_size=200,
        columns=[
            Column("name", "姓名", required=True, parser=parsers.text(50), example="张伟", help="繁体字姓名也可，匹配时按简体比较。"),
            Column("gender", "性别", parser=parsers.choice({"男": Gender.MALE, "女": Gender.FEMALE}, label="性别"), example="男"),
            Column("birth_date", "出生日期", parser=parse_date, example="1965-03-02"),
            Column("student_no", "学号", parser=parse_student_no, unique_in_file=True, example="19850123"),
            Column("id_number", "身份证号", parser=parse_id_number, example="", help="加密保存，仅用于匹配。"),
            Column("class_year", "入学年份", parser=parse_year, example="1985"),
            Column("graduation_year", "毕业年份", parser=parse_year, example="1989"),
            Column("degree", "学历", parser=parsers.choice({label: value for value, label in Degree.choices if value}, label="学历"), example="本科"),
            Column("college_name", "院系", parser=parsers.text(100), example="机械系", help="填当年的名称即可，系统按院系别名对应到现名。"),
            Column("major", "专业", parser=parsers.text(100), example="机械制造工艺与设备"),
            Column("phone", "手机号", parser=parsers.mainland_mobile, example=""),
            Column("email", "邮箱", parser=parsers.email, example=""),
            Column("region", "所在地区", parser=parsers.text(50), example="上海"),
            Column("industry", "行业", parser=parsers.text(50), example="制造业"),
            Column("employer", "工作单位", parser=parsers.text(200), example=""),
            Column("source", "信息来源", parser=parsers.text(100), example="1985级学籍册", help="写入每个字段的来源；留空为“批量导入”。"),
            Column("source_date", "来源日期", parser=parse_date, example="1989-07-01", help="该来源的日期；留空为今天。"),
        ],
        tenant_columns=custom_columns,
        result_columns=[("id", "档案编号"), ("name", "姓名"), ("college", "院系（现名）")],
        result_title="导入成功的档案",
        notes=[
            "只有姓名必填；院系、专业可填历史名称，系统按“院系/专业别名”对应到现名。",
            "“信息来源”之后的列是本校在“扩展字段”中设置的字段：数字列只填数字，日期列填 1985-07-01 这样的日期，不符合的行写入失败报告。",
            "学号在文件内重复或已有档案的行不会导入，失败报告写明原因；疑似重复的档案请在“疑似重复”中合并。",
            "导入后可在档案列表中勾选档案发送短信邀请（推广短信，自动附“拒收请回复R”，不发给已故或已拒收的校友）。",
        ],
    )
)
