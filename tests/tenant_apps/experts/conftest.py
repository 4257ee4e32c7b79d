"""Fixtures for the expert library: the bureau tenant, its admin, a factory for experts."""

from __future__ import annotations

import itertools

import pytest
from django_tenants.utils import schema_context

from core.testing.database import TEST_ADMIN_USERNAME

_phones = itertools.count(1)


def next_phone() -> str:
    return f"186{next(_phones):08d}"


@pytest.fixture
def in_bureau(tenant_bureau):
    with schema_context("bureau"):
        yield tenant_bureau


@pytest.fixture
def bureau_admin(tenant_bureau):
    from tenant_apps.accounts.models import User

    with schema_context("bureau"):
        return User.objects.get(username=TEST_ADMIN_USERNAME)


@pytest.fixture
def client_bureau(tenant_bureau):
    from tests.conftest import TenantClient

    return TenantClient(tenant_bureau)


@pytest.fixture
def admin_client_bureau(client_bureau, bureau_admin):
    return client_bureau.login_as(bureau_admin)


def make_domain_tree():
    from tenant_apps.experts.services import domain_save

    top = domain_save(actor=None, name="工程技术")
    mid = domain_save(actor=None, name="土木工程", parent=top)
    leaf = domain_save(actor=None, name="结构工程", parent=mid)
    other = domain_save(actor=None, name="信息技术")
    return top, mid, leaf, other


def make_expert(*, name="张建国", employer="同济大学", title="教授", domains=(), phone=None, org_unit=None, **extra):
    from tenant_apps.experts.services import ExpertInput, expert_create

    return expert_create(
        actor=None, notify=False, create_account=extra.pop("create_account", False),
        data=ExpertInput(name=name, phone=phone or next_phone(), employer=employer, title=title, domain_ids=tuple(d.pk for d in domains), org_unit=org_unit, **extra),
    )


def make_staff(*, username, perms=(), org_unit=None, data_scope=None):
    """A staff user in the current schema with the given experts.* permissions via a group."""
    from django.contrib.auth.models import Group, Permission

    from tenant_apps.accounts.models import GroupProfile, User

    user = User.objects.create_user(username=username, password="pw-12345678", kind="staff", org_unit=org_unit)
    if perms:
        group = Group.objects.create(name=f"g-{username}")
        for perm in perms:
            app_label, codename = perm.split(".")
            group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
        if data_scope:
            GroupProfile.objects.update_or_create(group=group, defaults={"data_scope": data_scope})
        else:
            GroupProfile.objects.update_or_create(group=group, defaults={"data_scope": "all"})
        user.groups.add(group)
    return User.objects.get(pk=user.pk)
