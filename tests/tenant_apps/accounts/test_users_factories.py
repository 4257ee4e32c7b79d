"""Helpers shared by the users / groups / org units / API tests (no tests here)."""

from __future__ import annotations

import uuid

from django.contrib.auth.models import Group, Permission
from django_tenants.utils import schema_context

from tenant_apps.accounts.enums import DataScope, OrgUnitKind
from tenant_apps.accounts.models import GroupProfile, OrgUnit, User
from tenant_apps.accounts.services import org_unit_save

PASSWORD = "Secret-pass-2024"


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def make_group(schema: str, *perms: str, scope: str = DataScope.ALL, name: str | None = None) -> Group:
    with schema_context(schema):
        group = Group.objects.create(name=name or unique("g"))
        GroupProfile.objects.create(group=group, data_scope=scope)
        for perm in perms:
            app_label, codename = perm.split(".")
            group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
        return group


def make_staff(schema: str, *perms: str, scope: str = DataScope.ALL, org_unit: OrgUnit | None = None, **fields) -> User:
    group = make_group(schema, *perms, scope=scope)
    with schema_context(schema):
        user = User.objects.create_user(username=fields.pop("username", unique("staff")), password=PASSWORD, kind="staff", org_unit=org_unit, **fields)
        user.groups.add(group)
        return user


def make_person(schema: str, *, org_unit: OrgUnit | None = None, **fields) -> User:
    with schema_context(schema):
        fields.setdefault("username", unique("p"))
        fields.setdefault("kind", "student")
        return User.objects.create_user(org_unit=org_unit, password=PASSWORD, **fields)


def make_tree(schema: str) -> dict[str, OrgUnit]:
    """Two colleges: 计算机学院 → 软件工程 → 软件2401, and 外国语学院 → 英语."""
    with schema_context(schema):
        cs = org_unit_save(actor=None, name=unique("计算机学院"), kind=OrgUnitKind.COLLEGE)
        se = org_unit_save(actor=None, name="软件工程", kind=OrgUnitKind.MAJOR, parent=cs)
        se_class = org_unit_save(actor=None, name="软件2401", kind=OrgUnitKind.CLASS, parent=se)
        lang = org_unit_save(actor=None, name=unique("外国语学院"), kind=OrgUnitKind.COLLEGE)
        english = org_unit_save(actor=None, name="英语", kind=OrgUnitKind.MAJOR, parent=lang)
        return {"cs": cs, "se": se, "se_class": se_class, "lang": lang, "english": english}
