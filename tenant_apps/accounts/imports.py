"""Import specs for accounts: bulk user creation from the Excel template (P13)."""

from __future__ import annotations

import secrets

from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError

from core.importexport import parsers
from core.importexport.spec import Column, ImportSpec, register_import
from tenant_apps.accounts.enums import UserKind
from tenant_apps.accounts.models import OrgUnit
from tenant_apps.accounts.services import user_create

# Kinds a bulk import may create (vendor staff are never imported), by code and Chinese label.
IMPORTABLE_KINDS = {
    "教职工": UserKind.STAFF, "教职工/管理员": UserKind.STAFF, "管理员": UserKind.STAFF, "教师": UserKind.STAFF,
    "学生": UserKind.STUDENT, "校友": UserKind.ALUMNUS, "专家": UserKind.EXPERT, "用人单位": UserKind.EMPLOYER,
    **{kind.value: kind.value for kind in UserKind if kind != UserKind.VENDOR},
}


def parse_username(value: str) -> str:
    if len(value) > 150:
        raise ValueError("不能超过 150 个字符")
    try:
        UnicodeUsernameValidator()(value)
    except ValidationError:
        raise ValueError("只能包含字母、数字、汉字和 @ . + - _") from None
    return value


def parse_org_unit(value: str) -> OrgUnit:
    """By code first (unique in practice), then by name; a name used twice must be given as code."""
    by_code = list(OrgUnit.objects.filter(code=value)[:2])
    if len(by_code) == 1:
        return by_code[0]
    by_name = list(OrgUnit.objects.filter(name=value)[:2])
    if len(by_name) == 1:
        return by_name[0]
    if by_name or by_code:
        raise ValueError(f"有多个名为“{value}”的单位，请填写单位编码")
    raise ValueError(f"单位“{value}”不存在")


def parse_groups(value: str) -> list[Group]:
    names = parsers.split_list(value)
    groups = list(Group.objects.filter(name__in=names))
    missing = sorted(set(names) - {g.name for g in groups})
    if missing:
        raise ValueError(f"用户组不存在：{'、'.join(missing)}")
    return groups


def parse_password(value: str) -> str:
    validate_password(value)  # ValidationError with Django's (Chinese) messages
    return value


def import_user_row(*, actor, values: dict) -> dict:
    """Create one account; a generated initial password is returned for the result file.
    Duplicates of existing accounts (username, phone, e-mail) are refused by user_create."""
    password = values.get("password") or secrets.token_urlsafe(9)
    user = user_create(
        actor=actor,
        username=values["username"],
        password=password,
        display_name=values.get("display_name") or "",
        email=values.get("email") or "",
        phone=values.get("phone") or "",
        kind=values["kind"],
        org_unit=values.get("org_unit"),
        groups=values.get("groups") or [],
        must_change_password=True,
    )
    generated = not values.get("password")
    return {"username": user.username, "display_name": user.display_name, "password": password if generated else "（使用表格中的初始密码）"}


USER_IMPORT = register_import(
    ImportSpec(
        name="accounts.users",
        title="用户",
        permission="accounts.add_user",
        handler=import_user_row,
        columns=[
            Column("username", "用户名", required=True, parser=parse_username, example="zhangsan01", unique_in_file=True,
                   help="登录用的账号，全校唯一；字母、数字、汉字和 @ . + - _。"),
            Column("display_name", "姓名", required=True, parser=parsers.text(100), example="张三", help="真实姓名，最多 100 字。"),
            Column("kind", "身份", required=True, parser=parsers.choice(IMPORTABLE_KINDS, label="以下之一"), example="学生",
                   help="教职工、学生、校友、专家、用人单位之一（也可填 staff/student/alumnus/expert/employer）。"),
            Column("phone", "手机号", parser=parsers.mainland_mobile, example="13800138000", unique_in_file=True,
                   help="11 位中国大陆手机号，可用于登录；不能与已有账号重复。"),
            Column("email", "邮箱", parser=parsers.email, example="zhangsan@example.edu.cn", unique_in_file=True,
                   help="可用于登录；不能与已有账号重复。"),
            Column("org_unit", "所属单位", parser=parse_org_unit, example="计算机学院",
                   help="组织机构中的单位名称或编码；同名单位请填编码。"),
            Column("groups", "用户组", parser=parse_groups, example="学生",
                   help="已存在的用户组名称，多个用逗号分隔。"),
            Column("password", "初始密码", parser=parse_password, example="",
                   help="选填，至少 8 位且不能是纯数字；不填则由系统生成，在导入结果文件中下载。首次登录须修改密码。"),
        ],
        result_columns=[("username", "用户名"), ("display_name", "姓名"), ("password", "初始密码")],
        result_title="导入结果",
        notes=["与已有账号用户名、手机号或邮箱重复的行不会导入，失败报告中会写明原因。"],
    )
)
