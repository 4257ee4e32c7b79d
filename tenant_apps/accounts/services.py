"""Writes for accounts: users, groups, org units. Every service takes the actor and audits."""

from __future__ import annotations

import re
import secrets

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError

from core.audit import audit_record, snapshot
from core.crypto import blind_index
from core.errors import ApplicationError, Conflict, PermissionDenied
from core.limits import limit_check
from tenant_apps.accounts.enums import DataScope, UserKind, WeChatScanLoginMode
from tenant_apps.accounts.models import GroupProfile, OrgUnit, SecuritySettings, User
from tenant_apps.accounts.selectors import (
    grantable_permissions,
    groups_assignable,
    org_units_in_scope,
    user_data_scope,
)

USER_AUDIT_FIELDS = ["username", "display_name", "kind", "email", "phone", "org_unit", "is_active", "is_superuser"]


PHONE_PATTERN = re.compile(r"^1\d{10}$")


def _normalize_phone(phone: str) -> str:
    """Mainland mobile numbers only: 11 digits starting with 1 (spaces, dashes and +86 dropped)."""
    phone = re.sub(r"[\s-]", "", phone or "")
    if phone.startswith("+86"):
        phone = phone[3:]
    if phone and not PHONE_PATTERN.match(phone):
        raise ApplicationError("手机号格式不正确。", fields={"phone": ["请输入 11 位手机号。"]})
    return phone


def _check_unique(*, username: str, email: str, phone: str, exclude_pk: int | None = None) -> None:
    errors: dict[str, list[str]] = {}
    others = User.objects.exclude(pk=exclude_pk) if exclude_pk else User.objects.all()
    if username and others.filter(username=username).exists():
        errors["username"] = ["该用户名已存在。"]
    if email and others.filter(email_hash=blind_index(email)).exists():
        errors["email"] = ["该邮箱已被其他账号使用。"]
    if phone and others.filter(phone_hash=blind_index(phone)).exists():
        errors["phone"] = ["该手机号已被其他账号使用。"]
    if errors:
        raise Conflict("账号信息与已有账号重复。", fields=errors)


def _check_may_assign(*, actor: User | None, org_unit: OrgUnit | None, groups: list[Group] | None) -> None:
    """Nobody hands out more than they hold: the unit must be inside the actor's data scope and
    each group must be one the actor may assign (see selectors.groups_assignable)."""
    if actor is None or actor.is_superuser:
        return
    if org_unit is not None and not org_units_in_scope(actor=actor).filter(pk=org_unit.pk).exists():
        raise PermissionDenied("只能选择您数据范围内的单位。", fields={"org_unit": ["超出您的数据范围。"]})
    if groups:
        allowed = set(groups_assignable(actor=actor).values_list("pk", flat=True))
        refused = [g.name for g in groups if g.pk not in allowed]
        if refused:
            raise PermissionDenied("不能分配权限高于自己的用户组。", fields={"groups": [f"无权分配：{'、'.join(refused)}"]})


def _check_may_manage(*, actor: User | None, user: User) -> None:
    if actor is not None and user.is_superuser and not actor.is_superuser:
        raise PermissionDenied("只有超级管理员可以管理超级管理员账号。", code="superuser_protected")


def _check_password(password: str, user: User) -> None:
    from django.contrib.auth.password_validation import validate_password

    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ApplicationError("密码不符合要求。", fields={"password": exc.messages}) from exc


def _check_plan_limit(*, kind: str) -> None:
    """Plan limits count students, alumni and the other accounts separately; experts are
    counted by the expert library."""
    if kind == UserKind.EXPERT:
        return
    key = {UserKind.STUDENT: "students", UserKind.ALUMNUS: "alumni"}.get(kind, "users")
    active = User.objects.filter(is_active=True)
    if key == "users":
        active = active.exclude(kind__in=[UserKind.STUDENT, UserKind.ALUMNUS, UserKind.EXPERT])
    else:
        active = active.filter(kind=kind)
    limit_check(key=key, current_count=active.count())


@transaction.atomic
def user_create(
    *,
    actor: User | None,
    username: str,
    password: str | None = None,
    display_name: str = "",
    email: str = "",
    phone: str = "",
    kind: str = UserKind.STAFF,
    org_unit: OrgUnit | None = None,
    groups: list[Group] | None = None,
    is_superuser: bool = False,
    must_change_password: bool = False,
) -> User:
    """A new account. A given password must pass the password rules; without one the account
    cannot sign in until a reset. Raises ApplicationError with `fields` for the form."""
    username, email = username.strip(), email.strip()
    phone = _normalize_phone(phone)
    if is_superuser and actor is not None and not actor.is_superuser:
        raise PermissionDenied("只有超级管理员可以创建超级管理员。", code="superuser_protected")
    _check_may_assign(actor=actor, org_unit=org_unit, groups=groups)
    _check_plan_limit(kind=kind)
    _check_unique(username=username, email=email, phone=phone)
    user = User(
        username=username, display_name=display_name.strip(), email=email, phone=phone, kind=kind,
        org_unit=org_unit, is_superuser=is_superuser, is_staff=is_superuser, must_change_password=must_change_password,
    )
    try:
        user.full_clean(exclude=["password"])
    except ValidationError as exc:
        raise ApplicationError("账号信息不完整或格式错误。", fields=exc.message_dict) from exc
    if password:
        _check_password(password, user)
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    if groups:
        user.groups.set(groups)
    audit_record(actor=actor, action="user.create", target=user, before=None, after=snapshot(user, USER_AUDIT_FIELDS), only_changes=False)
    return user


@transaction.atomic
def user_update(*, actor: User, user: User, data: dict, groups: list[Group] | None = None) -> User:
    """Change profile fields given in `data` (username, display_name, email, phone, kind,
    org_unit) and, when `groups` is not None, the user's groups."""
    _check_may_manage(actor=actor, user=user)
    data = dict(data)
    if "phone" in data:
        data["phone"] = _normalize_phone(data["phone"])
    for field in ("username", "email", "display_name"):
        if field in data:
            data[field] = (data[field] or "").strip()
    if "org_unit" in data and data["org_unit"] is not None and data["org_unit"] != user.org_unit:
        _check_may_assign(actor=actor, org_unit=data["org_unit"], groups=None)
    if groups is not None:
        # Only newly added groups are checked: keeping what someone else granted is fine.
        current = set(user.groups.values_list("pk", flat=True))
        _check_may_assign(actor=actor, org_unit=None, groups=[g for g in groups if g.pk not in current])
    before = snapshot(user, USER_AUDIT_FIELDS)
    before["groups"] = sorted(user.groups.values_list("name", flat=True))
    _check_unique(username=data.get("username", ""), email=data.get("email", ""), phone=data.get("phone", ""), exclude_pk=user.pk)
    for field in ("username", "display_name", "email", "phone", "kind", "org_unit"):
        if field in data:
            setattr(user, field, data[field])
    try:
        user.full_clean(exclude=["password"])
    except ValidationError as exc:
        raise ApplicationError("账号信息不完整或格式错误。", fields=exc.message_dict) from exc
    user.save()
    if groups is not None:
        user.groups.set(groups)
    after = snapshot(user, USER_AUDIT_FIELDS)
    after["groups"] = sorted(user.groups.values_list("name", flat=True))
    audit_record(actor=actor, action="user.update", target=user, before=before, after=after)
    return user


@transaction.atomic
def user_set_active(*, actor: User, user: User, is_active: bool) -> User:
    if user.pk == actor.pk and not is_active:
        raise ApplicationError("不能停用自己的账号。", code="cannot_disable_self")
    _check_may_manage(actor=actor, user=user)
    before = snapshot(user, ["is_active"])
    user.is_active = is_active
    user.save(update_fields=["is_active"])
    audit_record(actor=actor, action="user.enable" if is_active else "user.disable", target=user, before=before, after=snapshot(user, ["is_active"]))
    return user


def generate_password() -> str:
    """12 characters people can read out loud: no 0/O, 1/l/I look-alikes."""
    alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    while True:
        password = "".join(secrets.choice(alphabet) for _ in range(12))
        if any(c.isdigit() for c in password) and any(c.isalpha() for c in password):
            return password


@transaction.atomic
def user_reset_password(*, actor: User, user: User, new_password: str | None = None) -> str:
    """Set a new password (generated when none is given) and require a change at next login."""
    _check_may_manage(actor=actor, user=user)
    if new_password:
        _check_password(new_password, user)
    password = new_password or generate_password()
    user.set_password(password)
    user.must_change_password = True
    user.locked_until = None
    user.save(update_fields=["password", "must_change_password", "locked_until"])
    audit_record(actor=actor, action="user.reset_password", target=user)
    return password


@transaction.atomic
def user_change_own_password(*, user: User, old_password: str, new_password: str) -> User:
    from django.contrib.auth.password_validation import validate_password

    if not user.check_password(old_password):
        raise ApplicationError("原密码不正确。", fields={"old_password": ["原密码不正确。"]})
    try:
        validate_password(new_password, user)
    except ValidationError as exc:
        raise ApplicationError("新密码不符合要求。", fields={"new_password": exc.messages}) from exc
    user.set_password(new_password)
    user.must_change_password = False
    user.save(update_fields=["password", "must_change_password"])
    audit_record(actor=user, action="user.change_password", target=user)
    return user


@transaction.atomic
def group_save(
    *, actor: User, group: Group | None = None, name: str, description: str = "", data_scope: str = DataScope.UNIT_AND_BELOW, permissions: list[Permission] | None = None
) -> Group:
    name = name.strip()
    if not name:
        raise ApplicationError("请填写用户组名称。", fields={"name": ["必填。"]})
    if Group.objects.filter(name=name).exclude(pk=getattr(group, "pk", None)).exists():
        raise Conflict("已有同名用户组。", fields={"name": ["已有同名用户组。"]})
    creating = group is None
    if permissions is not None and actor is not None and not actor.is_superuser:
        existing = set() if creating else set(group.permissions.values_list("pk", flat=True))
        allowed = set(grantable_permissions(actor=actor).values_list("pk", flat=True))
        refused = [p for p in permissions if p.pk not in existing and p.pk not in allowed]
        if refused:
            raise PermissionDenied("不能授予自己没有的权限。", fields={"permissions": ["包含您没有的权限。"]})
    if data_scope not in DataScope.values:
        raise ApplicationError("数据范围无效。", fields={"data_scope": ["请选择数据范围。"]})
    before = None if creating else _group_snapshot(group)
    if creating:
        group = Group.objects.create(name=name)
    else:
        group.name = name
        group.save()
    # Keep the instance in step: the after-snapshot reads group.profile, which may be cached from before.
    group.profile, _ = GroupProfile.objects.update_or_create(group=group, defaults={"description": description, "data_scope": data_scope})
    if permissions is not None:
        group.permissions.set(permissions)
    audit_record(actor=actor, action="group.create" if creating else "group.update", target=group, before=before, after=_group_snapshot(group), only_changes=not creating)
    return group


def _group_snapshot(group: Group) -> dict:
    profile = getattr(group, "profile", None)
    return {
        "name": group.name,
        "data_scope": getattr(profile, "data_scope", ""),
        "description": getattr(profile, "description", ""),
        "permissions": sorted(f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")),
    }


@transaction.atomic
def group_delete(*, actor: User, group: Group) -> None:
    profile = getattr(group, "profile", None)
    if profile is not None and profile.is_builtin:
        raise ApplicationError("系统内置用户组不能删除。", code="builtin_group")
    before = _group_snapshot(group)
    audit_record(actor=actor, action="group.delete", target=group, before=before, after=None, only_changes=False)
    group.delete()


def _refresh_paths(unit: OrgUnit) -> None:
    parent_path = unit.parent.path if unit.parent_id else "/"
    new_path = f"{parent_path}{unit.pk}/"
    old_path = unit.path
    if new_path != old_path:
        OrgUnit.objects.filter(pk=unit.pk).update(path=new_path)
        unit.path = new_path
        if old_path:
            for child in OrgUnit.objects.filter(path__startswith=old_path).exclude(pk=unit.pk):
                child.path = new_path + child.path[len(old_path):]
                child.save(update_fields=["path"])


@transaction.atomic
def org_unit_save(*, actor: User, unit: OrgUnit | None = None, name: str, kind: str, parent: OrgUnit | None = None, code: str = "", sort_order: int = 0) -> OrgUnit:
    """Create or edit an org unit; moving it moves its whole subtree (paths are rewritten)."""
    creating = unit is None
    unit = unit or OrgUnit()
    if actor is not None and not actor.is_superuser and user_data_scope(actor) != DataScope.ALL:
        if parent is None:
            raise PermissionDenied("只能在您的数据范围内创建或移动机构。", fields={"parent": ["请选择上级单位。"]})
        _check_may_assign(actor=actor, org_unit=parent, groups=None)
    if parent is not None and unit.pk and (parent.pk == unit.pk or parent.path.startswith(unit.path)):
        raise ApplicationError("不能把机构移动到它自己的下级。", fields={"parent": ["上级选择有误。"]})
    before = None if creating else snapshot(unit, ["name", "kind", "parent", "code"])
    unit.name, unit.kind, unit.parent, unit.code, unit.sort_order = name.strip(), kind, parent, code, sort_order
    try:
        unit.full_clean(exclude=["path"])
    except ValidationError as exc:
        raise ApplicationError("机构信息有误。", fields=exc.message_dict) from exc
    unit.save()
    _refresh_paths(unit)
    audit_record(actor=actor, action="org_unit.create" if creating else "org_unit.update", target=unit, before=before, after=snapshot(unit, ["name", "kind", "parent", "code"]), only_changes=not creating)
    return unit


@transaction.atomic
def org_unit_delete(*, actor: User, unit: OrgUnit) -> None:
    if unit.children.exists():
        raise ApplicationError("请先删除或移走下级机构。", code="org_unit_has_children")
    if unit.members.exists():
        raise ApplicationError("该机构下还有用户，请先调整这些用户的所属单位。", code="org_unit_has_members")
    audit_record(actor=actor, action="org_unit.delete", target=unit, before=snapshot(unit, ["name", "kind", "parent"]), after=None, only_changes=False)
    try:
        unit.delete()
    except ProtectedError as exc:
        raise ApplicationError("该机构仍被引用，无法删除。") from exc


@transaction.atomic
def security_settings_update(*, actor: User, wechat_scan_login: str) -> SecuritySettings:
    """Switch the back office's WeChat scan login (off / second factor / instead of the password).
    Turning it on needs a configured official account and, for the second factor, the acting
    admin's own WeChat bound, so that nobody locks the school out by a click."""
    if wechat_scan_login not in WeChatScanLoginMode.values:
        raise ApplicationError("请选择微信扫码登录方式。", fields={"wechat_scan_login": ["请选择微信扫码登录方式。"]})
    if wechat_scan_login != WeChatScanLoginMode.OFF:
        from django.apps import apps

        account_model = apps.get_model("wechat", "WeChatAccount")
        account = account_model.objects.order_by("id").first()
        if account is None or not account.is_configured:
            raise ApplicationError("请先在“公众号设置”中配置服务号（AppID、AppSecret、Token）。", code="wechat_not_configured",
                                   fields={"wechat_scan_login": ["尚未配置微信服务号。"]})
    if wechat_scan_login == WeChatScanLoginMode.SECOND_FACTOR and not actor.wechat_openid:
        raise ApplicationError("开启双因素前，请先在“微信绑定”中绑定您自己的微信。", code="wechat_not_bound",
                               fields={"wechat_scan_login": ["请先绑定您自己的微信。"]})
    settings, _ = SecuritySettings.objects.select_for_update().get_or_create(singleton=1)
    before = snapshot(settings, ["wechat_scan_login"])
    settings.wechat_scan_login = wechat_scan_login
    settings.full_clean()
    settings.save()
    audit_record(actor=actor, action="security_settings.update", target=settings, before=before, after=snapshot(settings, ["wechat_scan_login"]))
    return settings
