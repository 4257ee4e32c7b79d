"""New permissions reach the built-in 系统管理员 group of tenants that already exist, and the
experts module's sub-apps can be granted to custom groups while the module is on."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.core.management.sql import emit_post_migrate_signal
from django_tenants.utils import schema_context

from tenant_apps.accounts.selectors import grantable_permissions

pytestmark = pytest.mark.django_db


def test_a_migration_that_adds_permissions_grants_them_to_the_admin_group(in_tenant_a):
    admin_group = Group.objects.get(name="系统管理员")
    review_perms = Permission.objects.filter(content_type__app_label="expert_review")
    assert review_perms.exists()
    admin_group.permissions.remove(*review_perms)  # as in a tenant provisioned before the app existed
    other = Group.objects.get(name="只读访客")
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    assert set(admin_group.permissions.filter(content_type__app_label="expert_review")) == set(review_perms)
    assert not other.permissions.filter(content_type__app_label="expert_review").exists()


def test_the_grant_stays_in_the_schema_being_migrated(tenant_a, tenant_b):
    with schema_context("beta"):
        beta_group = Group.objects.get(name="系统管理员")
        beta_group.permissions.remove(*Permission.objects.filter(content_type__app_label="expert_fees"))
    with schema_context("alpha"):
        emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    with schema_context("beta"):
        assert not beta_group.permissions.filter(content_type__app_label="expert_fees").exists()


def test_sub_app_permissions_are_grantable_only_with_the_module_on(in_tenant_a):
    labels_on = set(grantable_permissions(["experts"]).values_list("content_type__app_label", flat=True))
    labels_off = set(grantable_permissions(["employment"]).values_list("content_type__app_label", flat=True))
    sub_apps = {"expert_panels", "expert_evaluation", "expert_fees", "expert_review"}
    assert sub_apps | {"experts"} <= labels_on
    assert not (sub_apps | {"experts"}) & labels_off
    assert all(apps.get_app_config(label) for label in sub_apps)


def test_every_sub_app_of_a_module_is_grantable_with_it(in_tenant_a):
    from tenant_apps.accounts.selectors import module_app_labels

    employment = set(grantable_permissions(["employment"]).values_list("content_type__app_label", flat=True))
    assert {"employment_students", "employment_destinations", "employment_employers", "employment_jobs"} <= employment
    assert {"alumni_orgs", "alumni_records"} <= set(module_app_labels("alumni"))
    assert not set(module_app_labels("alumni")) & employment
