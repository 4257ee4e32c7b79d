"""Reads for accounts. Data scope is applied here, never in views."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db.models import Count, Q, QuerySet

from core.crypto import blind_index
from tenant_apps.accounts.enums import DATA_SCOPE_RANK, DataScope
from tenant_apps.accounts.models import GroupProfile, LoginLog, OrgUnit, SecuritySettings, User


def user_data_scope(user: User) -> str:
    """The widest data scope among the user's groups; superusers see everything."""
    if user.is_superuser:
        return DataScope.ALL
    scopes = GroupProfile.objects.filter(group__user=user).values_list("data_scope", flat=True)
    best = DataScope.SELF
    for scope in scopes:
        if DATA_SCOPE_RANK[DataScope(scope)] > DATA_SCOPE_RANK[best]:
            best = DataScope(scope)
    return best


def scope_filter(user: User, *, org_field: str = "org_unit", owner_field: str | None = None) -> Q:
    """A Q object limiting rows to the user's data scope. `org_field` names the row's org unit
    relation; `owner_field` (optional) the relation to the user who owns the row."""
    scope = user_data_scope(user)
    if scope == DataScope.ALL:
        return Q()
    unit = user.org_unit
    if scope in (DataScope.UNIT_AND_BELOW, DataScope.UNIT) and unit is not None:
        if scope == DataScope.UNIT:
            return Q(**{f"{org_field}_id": unit.pk})
        return Q(**{f"{org_field}__path__startswith": unit.path})
    if owner_field:
        return Q(**{owner_field: user.pk})
    return Q(pk__in=[])


def scoped(queryset: QuerySet, user: User, *, org_field: str = "org_unit", owner_field: str | None = None) -> QuerySet:
    return queryset.filter(scope_filter(user, org_field=org_field, owner_field=owner_field))


def user_list(*, actor: User, search: str = "", kind: str = "", group_id: int | None = None, is_active: bool | None = None, org_unit_id: int | None = None) -> QuerySet[User]:
    queryset = User.objects.select_related("org_unit").prefetch_related("groups")
    queryset = queryset.filter(scope_filter(actor, owner_field="pk"))
    if search:
        from core.crypto import blind_index

        queryset = queryset.filter(
            Q(username__icontains=search) | Q(display_name__icontains=search) | Q(email_hash=blind_index(search)) | Q(phone_hash=blind_index(search))
        )
    if kind:
        queryset = queryset.filter(kind=kind)
    if group_id:
        queryset = queryset.filter(groups__id=group_id)
    if is_active is not None:
        queryset = queryset.filter(is_active=is_active)
    if org_unit_id:
        unit = OrgUnit.objects.filter(pk=org_unit_id).first()
        queryset = queryset.filter(org_unit__path__startswith=unit.path) if unit else queryset.none()
    return queryset.order_by("-id")


def user_get(*, actor: User, user_id: int) -> User:
    """A user the actor may see, or DoesNotExist (views turn that into 404)."""
    return user_list(actor=actor).get(pk=user_id)


def group_list(*, search: str = "") -> QuerySet[Group]:
    queryset = Group.objects.select_related("profile").annotate(member_count=Count("user", distinct=True))
    if search:
        queryset = queryset.filter(name__icontains=search)
    return queryset.order_by("name")


def group_get(*, group_id: int) -> Group:
    return group_list().get(pk=group_id)


def _permission_codes(permissions) -> set[str]:
    return {f"{p.content_type.app_label}.{p.codename}" for p in permissions}


def groups_assignable(*, actor: User) -> QuerySet[Group]:
    """Groups the actor may put people in: every group for a superuser; otherwise only groups
    granting nothing the actor lacks and no wider data scope (no escalation by group)."""
    queryset = group_list()
    if actor.is_superuser:
        return queryset
    held = actor.get_all_permissions()
    rank = DATA_SCOPE_RANK[DataScope(user_data_scope(actor))]
    allowed = []
    for group in queryset.prefetch_related("permissions__content_type"):
        profile = getattr(group, "profile", None)
        scope = DataScope(profile.data_scope) if profile else DataScope.SELF
        if DATA_SCOPE_RANK[scope] <= rank and _permission_codes(group.permissions.all()) <= held:
            allowed.append(group.pk)
    return queryset.filter(pk__in=allowed)


# Permissions admins can grant in the back office: ours, not Django's internals. Each module's
# apps (the module itself and its sub-apps) are offered only while the module is on.
GRANTABLE_APPS = ("accounts", "auth", "core", "cms", "messaging", "wechat", "authtoken")
def module_app_labels(module: str) -> tuple[str, ...]:
    """App labels of a module: the module's app and every sub-app under tenant_apps/<module>/
    (employment_students, expert_panels, ...), so a new sub-app's permissions are grantable."""
    from django.apps import apps as django_apps

    package = f"tenant_apps.{module}"
    return tuple(
        config.label for config in django_apps.get_app_configs() if config.name == package or config.name.startswith(package + ".")
    )


def grantable_permissions(modules: list[str] | None = None, *, actor: User | None = None) -> QuerySet[Permission]:
    """Permissions a group may be given: our apps only, switched-off modules left out; with an
    actor who is not a superuser, only what the actor holds."""
    apps = list(GRANTABLE_APPS) + [label for module in (modules or []) for label in module_app_labels(module)]
    queryset = (
        Permission.objects.filter(content_type__app_label__in=apps)
        .exclude(content_type__app_label="authtoken")
        .exclude(content_type__app_label="auth", content_type__model="permission")
        .select_related("content_type")
        .order_by("content_type__app_label", "content_type__model", "codename")
    )
    if actor is not None and not actor.is_superuser:
        held = actor.get_all_permissions()
        queryset = queryset.filter(pk__in=[p.pk for p in queryset if f"{p.content_type.app_label}.{p.codename}" in held])
    return queryset


_ACTION_LABELS = {"view": "查看", "add": "新增", "change": "修改", "delete": "删除"}


def permission_label(permission: Permission) -> str:
    """A Chinese label: Django's default permissions read "Can view 用户"; ours are already Chinese."""
    action, _, model_name = permission.codename.partition("_")
    model = permission.content_type.model_class()
    if action in _ACTION_LABELS and model is not None and model_name == model._meta.model_name:
        noun = "用户组" if model is Group else model._meta.verbose_name
        return f"{_ACTION_LABELS[action]}{noun}"
    return permission.name


def grantable_permissions_by_app(modules: list[str] | None = None, *, actor: User | None = None) -> list[dict]:
    """[{"app": "账号与权限", "permissions": [{"permission": p, "label": "查看用户", "code": "accounts.view_user"}]}]"""
    from django.apps import apps as django_apps

    sections: dict[str, dict] = {}
    for permission in grantable_permissions(modules, actor=actor):
        app_label = permission.content_type.app_label
        app_name = "用户组" if app_label == "auth" else django_apps.get_app_config(app_label).verbose_name
        section = sections.setdefault(app_label, {"app": app_name, "permissions": []})
        section["permissions"].append(
            {"permission": permission, "label": permission_label(permission), "code": f"{app_label}.{permission.codename}"}
        )
    return list(sections.values())


def org_unit_tree(units=None) -> list[OrgUnit]:
    """Units in tree order (each parent right before its children, siblings by sort order then
    name), each with `level`: its depth below the shallowest unit given. Default: all units."""
    units = list(OrgUnit.objects.all() if units is None else units)
    ids = {u.pk for u in units}
    children: dict[int | None, list[OrgUnit]] = {}
    for unit in units:
        # A unit whose parent is not in the set (e.g. the top of a scoped subtree) is a root here.
        children.setdefault(unit.parent_id if unit.parent_id in ids else None, []).append(unit)
    ordered: list[OrgUnit] = []

    def walk(parent_id: int | None, level: int) -> None:
        for unit in sorted(children.get(parent_id, []), key=lambda u: (u.sort_order, u.name, u.pk)):
            unit.level = level
            ordered.append(unit)
            walk(unit.pk, level + 1)

    walk(None, 0)
    return ordered


def org_units_in_scope(*, actor: User) -> QuerySet[OrgUnit]:
    """The org units the actor's data scope covers (what they may see and assign)."""
    scope = user_data_scope(actor)
    if scope == DataScope.ALL:
        return OrgUnit.objects.all()
    if actor.org_unit is None or scope == DataScope.SELF:
        return OrgUnit.objects.none()
    if scope == DataScope.UNIT:
        return OrgUnit.objects.filter(pk=actor.org_unit_id)
    return OrgUnit.objects.filter(path__startswith=actor.org_unit.path)


def org_unit_get(*, actor: User, unit_id: int) -> OrgUnit:
    """An org unit inside the actor's scope, or DoesNotExist."""
    return org_units_in_scope(actor=actor).get(pk=unit_id)


def org_unit_list_with_counts(*, actor: User) -> list[OrgUnit]:
    """The actor's part of the tree, in tree order, with `child_count` and `member_count`."""
    queryset = org_units_in_scope(actor=actor).annotate(
        child_count=Count("children", distinct=True), member_count=Count("members", distinct=True)
    )
    return org_unit_tree(queryset)


def login_log_list(*, search: str = "", result: str = "", ip: str = "") -> QuerySet[LoginLog]:
    queryset = LoginLog.objects.select_related("user")
    if search:
        queryset = queryset.filter(
            Q(identifier__icontains=search) | Q(user__display_name__icontains=search) | Q(user__phone_hash=blind_index(search.strip()))
        )
    if result:
        queryset = queryset.filter(result=result)
    if ip:
        queryset = queryset.filter(ip=ip)
    return queryset


def security_settings() -> SecuritySettings:
    """The tenant's login security settings, or an unsaved row with the defaults."""
    return SecuritySettings.objects.filter(singleton=1).first() or SecuritySettings()
