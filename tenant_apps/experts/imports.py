"""Import spec for the expert library (X9): bulk entry from the Excel template, run by the
import kernel in the worker (progress page, report of rejected rows with reasons).

Checks per row: format of every cell, duplicates inside the file (phone, ID number) and
against the library (the same clear message as a single entry); valid rows become approved
experts with an account, notified by SMS/e-mail unless the row says otherwise."""

from __future__ import annotations

from core.errors import ApplicationError
from core.importexport import parsers
from core.importexport.spec import Column, ImportSpec, register_import
from core.masking import mask_phone
from tenant_apps.experts.enums import ExpertSource, Gender, TitleLevel
from tenant_apps.experts.models import Domain, Tag
from tenant_apps.experts.services import (
    ID_NUMBER_RE,
    ExpertInput,
    check_id_number_free,
    check_phone_free,
    expert_create,
)

IMPORT_SPEC_NAME = "experts.experts"
PATH_SEPARATOR = "/"


def _choices(choices: list[tuple[str, str]]) -> dict[str, str]:
    """Accept the Chinese label or the stored code."""
    return {**{label: value for value, label in choices}, **{value: value for value, _ in choices}}


def parse_phone(value: str) -> str:
    phone = parsers.mainland_mobile(value)
    check_phone_free(phone=phone)  # Conflict naming the expert who already has it
    return phone


def parse_id_number(value: str) -> str:
    id_number = value.replace(" ", "").upper()
    if not ID_NUMBER_RE.match(id_number):
        raise ValueError("应为 18 位身份证号")
    check_id_number_free(id_number=id_number)
    return id_number


def parse_domains(value: str) -> list[int]:
    """Domain names, or full paths such as 工程技术/土木工程/结构工程 where a name is not unique."""
    rows = list(Domain.objects.values_list("pk", "name", "path"))
    names = {pk: name for pk, name, _ in rows}
    by_path: dict[str, int] = {}
    by_name: dict[str, list[int]] = {}
    for pk, name, path in rows:
        ancestry = [names.get(int(part), "") for part in path.strip("/").split("/") if part]
        by_path[PATH_SEPARATOR.join(ancestry)] = pk
        by_name.setdefault(name, []).append(pk)
    found: list[int] = []
    for item in parsers.split_list(value):
        item = PATH_SEPARATOR.join(part.strip() for part in item.split(PATH_SEPARATOR) if part.strip())
        if item in by_path:
            found.append(by_path[item])
        elif len(by_name.get(item, [])) == 1:
            found.append(by_name[item][0])
        elif by_name.get(item):
            raise ValueError(f"“{item}”有多个同名领域，请填写完整路径，如 一级/二级/三级")
        else:
            raise ValueError(f"“{item}”不存在")
    return found


def parse_tags(value: str) -> list[int]:
    names = parsers.split_list(value)
    tags = dict(Tag.objects.filter(name__in=names).values_list("name", "pk"))
    missing = [name for name in names if name not in tags]
    if missing:
        raise ValueError(f"标签不存在：{'、'.join(missing)}")
    return [tags[name] for name in names]


def import_expert_row(*, actor, values: dict) -> dict:
    """Create one approved expert with an account in the importer's department."""

    def text(key: str) -> str:
        return values.get(key) or ""

    data = ExpertInput(
        name=text("name"), phone=text("phone"), employer=text("employer"), title=text("title"), email=text("email"),
        gender=text("gender"), id_number=text("id_number"), position=text("position"), title_level=text("title_level"),
        education=text("education"), specialty=text("specialty"), region=text("region"),
        domain_ids=tuple(values.get("domains") or ()), tag_ids=tuple(values.get("tags") or ()),
        org_unit=getattr(actor, "org_unit", None),
    )
    try:
        expert = expert_create(actor=actor, data=data, source=ExpertSource.IMPORT, notify=values.get("notify") != "no")
    except ApplicationError as exc:  # keep the service's full sentence rather than its per-field hint
        raise ApplicationError(exc.message, code=exc.code) from exc
    return {"number": expert.pk, "name": expert.name, "phone": mask_phone(expert.phone)}


EXPERT_IMPORT = register_import(
    ImportSpec(
        name=IMPORT_SPEC_NAME,
        title="专家",
        permission="experts.import_expert",
        handler=import_expert_row,
        max_rows=5000,
        columns=[
            Column("name", "姓名", required=True, parser=parsers.text(50), example="张三", help="真实姓名，最多 50 字。"),
            Column("phone", "手机号", required=True, parser=parse_phone, example="13800000000", unique_in_file=True,
                   help="11 位中国大陆手机号，用于登录；不能与专家库（含已删除名单）中的专家重复。"),
            Column("employer", "工作单位", required=True, parser=parsers.text(200), example="某某大学", help="现任职单位，自动作为回避单位。"),
            Column("title", "职称", required=True, parser=parsers.text(100), example="教授"),
            Column("title_level", "职称级别", parser=parsers.choice(_choices(TitleLevel.choices), label="职称级别"), example="正高级",
                   help="正高级、副高级、中级、其他之一。"),
            Column("email", "邮箱", parser=parsers.email, example="zhangsan@example.com"),
            Column("gender", "性别", parser=parsers.choice(_choices(Gender.choices), label="性别"), example="男", help="男或女。"),
            Column("id_number", "身份证号", parser=parse_id_number, unique_in_file=True, example="",
                   help="18 位身份证号，选填；不能与库中已有专家重复。"),
            Column("position", "职务", parser=parsers.text(100), example="院长"),
            Column("education", "学历", parser=parsers.text(50), example="博士研究生"),
            Column("specialty", "专业方向", parser=parsers.text(200), example="结构工程"),
            Column("domains", "专业领域", parser=parse_domains, example="工程技术/土木工程/结构工程",
                   help="领域名称，多个用；分隔；同名领域请写完整路径，如 一级/二级/三级。"),
            Column("region", "所在地区", parser=parsers.text(50), example="北京市"),
            Column("tags", "标签分组", parser=parse_tags, example="", help="已有标签名称，多个用；分隔。"),
            Column("notify", "通知专家", parser=parsers.choice({"是": "yes", "否": "no", "yes": "yes", "no": "no"}, label="是或否"),
                   example="是", help="选填，默认“是”：以短信/邮件通知专家已入库及登录方式；填“否”则不通知。"),
        ],
        result_columns=[("number", "专家编号"), ("name", "姓名"), ("phone", "手机号")],
        result_title="导入成功的专家",
        notes=[
            "手机号在文件内重复，或与专家库（含已删除名单）中的专家重复的行不会导入，失败报告写明原因。",
            "导入的专家直接入库（来源“批量导入”），归入导入人所在部门，并自动创建专家账号。",
        ],
    )
)
