"""Export specs for accounts. Personal data is masked for people without
accounts.reveal_personal_data; the rows come from user_list, so data scope applies."""

from __future__ import annotations

from core.importexport.spec import ExportField, ExportSpec, register_export
from core.masking import mask_email, mask_phone
from tenant_apps.accounts.selectors import user_list

REVEAL = "accounts.reveal_personal_data"
USER_EXPORT_FILTERS = ("search", "kind", "group_id", "org_unit_id", "is_active")


def _users(*, actor, params: dict):
    is_active = {"1": True, "true": True, "0": False, "false": False}.get(str(params.get("is_active", "")).lower())
    return user_list(
        actor=actor,
        search=params.get("search", ""),
        kind=params.get("kind", ""),
        group_id=int(params["group_id"]) if str(params.get("group_id", "")).isdigit() else None,
        org_unit_id=int(params["org_unit_id"]) if str(params.get("org_unit_id", "")).isdigit() else None,
        is_active=is_active,
    )


def _rows(*, actor, params: dict):
    return _users(actor=actor, params=params).iterator(chunk_size=500)


def _count(*, actor, params: dict) -> int:
    return _users(actor=actor, params=params).count()


USER_EXPORT = register_export(
    ExportSpec(
        name="accounts.users",
        title="用户",
        permission="accounts.view_user",
        rows=_rows,
        count=_count,
        param_names=USER_EXPORT_FILTERS,
        personal_data=True,
        fields=[
            ExportField("username", "用户名", lambda u: u.username, personal=True),
            ExportField("display_name", "姓名", lambda u: u.display_name, personal=True),
            ExportField("kind", "身份", lambda u: u.get_kind_display()),
            ExportField("phone", "手机号", lambda u: u.phone, permission=REVEAL, mask=mask_phone),
            ExportField("email", "邮箱", lambda u: u.email, permission=REVEAL, mask=mask_email),
            ExportField("org_unit", "所属单位", lambda u: u.org_unit.name if u.org_unit_id else ""),
            ExportField("groups", "用户组", lambda u: [g.name for g in u.groups.all()]),
            ExportField("is_active", "状态", lambda u: "启用" if u.is_active else "停用"),
            ExportField("last_login", "最近登录", lambda u: u.last_login),
            ExportField("date_joined", "创建时间", lambda u: u.date_joined),
        ],
    )
)
