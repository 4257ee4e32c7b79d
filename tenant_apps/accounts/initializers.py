"""What every new tenant gets in accounts: built-in groups and the first admin."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission

from core.hooks import TenantSeed
from tenant_apps.accounts.enums import DataScope, UserKind
from tenant_apps.accounts.models import GroupProfile, User

BUILTIN_GROUPS = [
    ("系统管理员", "全部权限", DataScope.ALL, None),
    ("院系管理员", "管理本院系的用户与数据", DataScope.UNIT_AND_BELOW, ["accounts.view_user", "accounts.add_user", "accounts.change_user", "accounts.view_orgunit"]),
    ("只读访客", "只能查看", DataScope.UNIT, ["accounts.view_user", "accounts.view_orgunit"]),
]


def _permissions(codes: list[str] | None):
    queryset = Permission.objects.select_related("content_type")
    if codes is None:
        return list(queryset.exclude(content_type__app_label__in=["contenttypes", "sessions", "admin"]))
    result = []
    for code in codes:
        app_label, codename = code.split(".", 1)
        result.extend(queryset.filter(content_type__app_label=app_label, codename=codename))
    return result


def default_groups_ensure(groups: list[tuple[str, str, list[str]]]) -> None:
    """Groups a module offers a new tenant: (name, description, permission codes), data scope
    "all". A group that exists already stays as the tenant has it."""
    for name, description, codes in groups:
        group, created = Group.objects.get_or_create(name=name)
        if not created:
            continue
        GroupProfile.objects.update_or_create(group=group, defaults={"description": description, "data_scope": DataScope.ALL})
        group.permissions.add(*_permissions(codes))


def seed_accounts(seed: TenantSeed) -> None:
    # Permissions already exist: migrations create them in every schema (post_migrate), and
    # spare schemas are fully migrated. Re-checking them here would cost a query per model.
    # Run again for a tenant that exists (provisioning.services.tenant_reseed), the built-in
    # groups keep what the tenant's admins made of them.
    admin_group = None
    for name, description, scope, codes in BUILTIN_GROUPS:
        group, created = Group.objects.get_or_create(name=name)
        if created:
            GroupProfile.objects.update_or_create(group=group, defaults={"description": description, "data_scope": scope, "is_builtin": True})
            group.permissions.set(_permissions(codes))
        admin_group = admin_group or group
    if seed.admin_username and not User.objects.filter(username=seed.admin_username).exists():
        admin = User(
            username=seed.admin_username, display_name=seed.admin_display_name or "系统管理员", email=seed.admin_email,
            phone=seed.admin_phone, kind=UserKind.STAFF, is_superuser=True, is_staff=True,
        )
        if seed.admin_password_hash:
            admin.password = seed.admin_password_hash
        elif seed.admin_password:
            admin.set_password(seed.admin_password)
        else:
            admin.set_unusable_password()
        admin.save()
        admin.groups.add(admin_group)


def grant_new_permissions_to_admin_group(sender, using="default", **kwargs) -> None:
    """post_migrate: the built-in 系统管理员 group holds every permission, including those a
    later release adds to tenants that already exist (seed_accounts ran only at provisioning)."""
    group = Group.objects.using(using).filter(name=BUILTIN_GROUPS[0][0], profile__is_builtin=True).first()
    if group is None:
        return
    new = Permission.objects.using(using).filter(content_type__app_label=sender.label).exclude(group=group)
    group.permissions.add(*new)
