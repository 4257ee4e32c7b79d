"""Reads for accounts. Data scope is applied here, never in views."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db.models import Count, Q, QuerySet

from tenant_apps.accounts.enums import DATA_SCOPE_RANK, DataScope
from tenant_apps.accounts.models import GroupProfile, LoginLog, OrgUnit, User


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
        return Q(**{owner_field: user})
    return Q(pk__in=[])


def scoped(queryset: QuerySet, user: User, *, org_field: str = "org_unit", owner_field: str | None = None) -> QuerySet:
    return queryset.filter(scope_filter(user, org_field=org_field, owner_field=owner_field))


def user_list(*, actor: User, search: str = "", kind: str = "", group_id: int | None = None, is_active: bool | None = None, org_unit_id: int | None = None) -> QuerySet[User]:
    queryset = User.objects.select_related("org_unit").prefetch_related("groups")
    queryset = queryset.filter(scope_filter(actor, owner_field="pk"))
    if search:
        from core.crypto import blind_index

        queryset = queryset.filter(
            Q(username__icontains=search) | Q(display_name__icontains=search) | Q(email__icontains=search) | Q(phone_hash=blind_index(search))
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


def group_list() -> QuerySet[Group]:
    return Group.objects.select_related("profile").annotate(member_count=Count("user", distinct=True)).order_by("name")


# Permissions admins can grant in the back office: ours, not Django's internals.
GRANTABLE_APPS = ("accounts", "core", "cms", "messaging", "wechat", "employment", "alumni", "experts", "authtoken")


def grantable_permissions(modules: list[str] | None = None) -> QuerySet[Permission]:
    apps = [a for a in GRANTABLE_APPS if a not in ("employment", "alumni", "experts") or (modules and a in modules)]
    return (
        Permission.objects.filter(content_type__app_label__in=apps)
        .exclude(content_type__app_label="authtoken")
        .select_related("content_type")
        .order_by("content_type__app_label", "content_type__model", "codename")
    )


def org_unit_tree() -> list[OrgUnit]:
    """All units in tree order (parents before children), with `depth` available."""
    return list(OrgUnit.objects.all().order_by("path"))


def org_units_in_scope(*, actor: User) -> QuerySet[OrgUnit]:
    scope = user_data_scope(actor)
    if scope == DataScope.ALL or actor.org_unit is None:
        return OrgUnit.objects.all() if scope == DataScope.ALL else OrgUnit.objects.none()
    return OrgUnit.objects.filter(path__startswith=actor.org_unit.path)


def login_log_list(*, search: str = "", result: str = "", ip: str = "") -> QuerySet[LoginLog]:
    queryset = LoginLog.objects.select_related("user")
    if search:
        queryset = queryset.filter(Q(identifier__icontains=search) | Q(user__display_name__icontains=search))
    if result:
        queryset = queryset.filter(result=result)
    if ip:
        queryset = queryset.filter(ip=ip)
    return queryset
