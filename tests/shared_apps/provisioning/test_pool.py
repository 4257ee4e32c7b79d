import time

import pytest
from django.db import connection
from django_tenants.utils import schema_context

from core.hooks import _initializers, register_tenant_initializer
from shared_apps.provisioning.fleet import fleet_migrate
from shared_apps.provisioning.migrations_state import current_fingerprint, schemas_behind
from shared_apps.provisioning.models import SpareSchema, Tenant
from shared_apps.provisioning.pool import spare_create, spare_pool_fill
from shared_apps.provisioning.services import tenant_provision

pytestmark = pytest.mark.django_db


def _public_only_leaf():
    """A migration nothing depends on, of a public-only app: its record can be deleted from a
    tenant schema to make that schema "behind", and re-applying it there is a no-op."""
    from django.db.migrations.loader import MigrationLoader

    loader = MigrationLoader(None, ignore_no_migrations=True)
    return next(node for node in sorted(loader.graph.leaf_nodes()) if node[0] in ("provisioning", "billing", "console", "crawler"))


def _schema_exists(name):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM information_schema.schemata WHERE schema_name = %s", [name])
        return cursor.fetchone() is not None


def test_new_tenant_takes_a_spare_schema_fast():
    spare = spare_create()
    started = time.monotonic()
    tenant = tenant_provision(slug="poolfast", name="池大学", admin_username="root", admin_password="pool-pass-123")
    elapsed = time.monotonic() - started
    assert not SpareSchema.objects.filter(pk=spare.pk).exists()
    assert not _schema_exists(spare.name)
    assert _schema_exists("poolfast")
    assert tenant.status == "active"
    assert elapsed < 0.5, f"provisioning from the pool took {elapsed:.2f}s"
    from tenant_apps.accounts.models import User

    with schema_context("poolfast"):
        assert User.objects.get(username="root").check_password("pool-pass-123")


def test_without_spares_provisioning_falls_back_to_migrations():
    assert SpareSchema.objects.count() == 0
    tenant = tenant_provision(slug="nospare", name="无备用大学", admin_username="root", admin_password="pool-pass-123")
    assert _schema_exists("nospare")
    assert Tenant.objects.get(pk=tenant.pk).status == "active"


def test_a_spare_behind_the_migrations_is_migrated_before_handout():
    spare = spare_create()
    with connection.cursor() as cursor:
        cursor.execute(f'DELETE FROM "{spare.name}".django_migrations WHERE app = %s AND name = %s', list(_public_only_leaf()))
    SpareSchema.objects.filter(pk=spare.pk).update(fingerprint="stale")
    assert spare.name in schemas_behind([spare.name])
    tenant_provision(slug="wasstale", name="旧备用", admin_username="root", admin_password="pool-pass-123")
    assert schemas_behind(["wasstale"]) == {}


def test_failed_provisioning_returns_the_spare_and_frees_the_name():
    spare = spare_create()

    def explode(seed):
        if seed.schema_name == "boom":
            raise RuntimeError("seed failed")

    register_tenant_initializer(999, "test-explode", explode)
    try:
        with pytest.raises(RuntimeError):
            tenant_provision(slug="boom", name="失败", admin_username="root", admin_password="pool-pass-123")
    finally:
        _initializers[:] = [item for item in _initializers if item[1] != "test-explode"]
    assert not Tenant.objects.filter(schema_name="boom").exists()
    assert not _schema_exists("boom")
    assert SpareSchema.objects.filter(pk=spare.pk).exists() and _schema_exists(spare.name)
    # the name can be used again
    tenant_provision(slug="boom", name="重试成功", admin_username="root", admin_password="pool-pass-123")
    assert Tenant.objects.filter(schema_name="boom").exists()


def test_pool_fill_tops_up_to_target():
    assert spare_pool_fill(target=2) == 2
    assert spare_pool_fill(target=2) == 0
    assert set(SpareSchema.objects.values_list("fingerprint", flat=True)) == {current_fingerprint()}


def test_fleet_migrate_only_touches_schemas_behind(tenant_a, tenant_b):
    with connection.cursor() as cursor:
        cursor.execute('DELETE FROM "alpha".django_migrations WHERE app = %s AND name = %s', list(_public_only_leaf()))
    assert set(schemas_behind(["alpha", "beta"])) == {"alpha"}
    seen = []
    summary = fleet_migrate(parallel=1, schemas=["alpha", "beta"], on_result=seen.append)
    assert summary["behind"] == 1 and summary["migrated"] == 1 and not summary["failed"]
    assert [r.schema for r in seen] == ["alpha"]
    assert schemas_behind(["alpha", "beta"]) == {}


def test_fleet_migrate_gives_migrated_tenants_what_the_release_adds(tenant_a):
    """A release that adds a default group: the tenants migrated by the deploy get it."""
    from django.contrib.auth.models import Group

    with schema_context("alpha"):
        Group.objects.filter(name="监督人").delete()
    with connection.cursor() as cursor:
        cursor.execute('DELETE FROM "alpha".django_migrations WHERE app = %s AND name = %s', list(_public_only_leaf()))
    summary = fleet_migrate(parallel=1, schemas=["alpha"])
    assert summary["migrated"] == 1 and not summary["failed"]
    with schema_context("alpha"):
        assert Group.objects.get(name="监督人").permissions.exists()


def test_fleet_migrate_reports_a_broken_schema_and_carries_on(tenant_a):
    with connection.cursor() as cursor:
        cursor.execute('CREATE SCHEMA "brokenone"')
        cursor.execute('CREATE TABLE "brokenone".django_migrations (id serial primary key, app text, name text, applied timestamptz)')
        # a table in the way of the first accounts migration makes it fail
        cursor.execute('CREATE TABLE "brokenone".accounts_ipblock (id int)')
        cursor.execute('DELETE FROM "alpha".django_migrations WHERE app = %s AND name = %s', list(_public_only_leaf()))
    seen = []
    summary = fleet_migrate(parallel=1, schemas=["brokenone", "alpha"], on_result=seen.append)
    assert [r.schema for r in summary["failed"]] == ["brokenone"]
    assert summary["migrated"] == 1


def test_the_extensions_created_up_front_are_all_that_tenant_migrations_create():
    """seed_demo --parallel creates TENANT_EXTENSIONS before migrating schemas side by side (two
    concurrent CREATE EXTENSION IF NOT EXISTS collide); a migration adding another extension must
    add it there too."""
    import re
    from pathlib import Path

    from django.conf import settings

    from shared_apps.provisioning.pool import TENANT_EXTENSIONS

    created = {match for path in (Path(settings.BASE_DIR) / "tenant_apps").rglob("migrations/*.py")
               for match in re.findall(r"CREATE EXTENSION IF NOT EXISTS (\w+)", path.read_text(encoding="utf-8"))}
    assert created and created <= set(TENANT_EXTENSIONS), created
