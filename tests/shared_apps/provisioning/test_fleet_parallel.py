"""`migrate_fleet --parallel 2`: the schemas that are behind are migrated by worker processes,
one failing schema is reported and the others are still migrated. The workers open their own
connections, so the schemas here are committed (live_db) and removed afterwards."""

from __future__ import annotations

import io
import secrets

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from shared_apps.provisioning.fleet import fleet_migrate
from shared_apps.provisioning.migrations_state import current_fingerprint, schemas_behind
from shared_apps.provisioning.models import SpareSchema
from shared_apps.provisioning.pool import spare_create


def _public_only_leaf():
    """A migration nothing depends on, of a public-only app: deleting its record makes a tenant
    schema "behind", and applying it there again is a no-op (see test_pool.py)."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return next(node for node in sorted(loader.graph.leaf_nodes()) if node[0] in ("provisioning", "billing", "console", "crawler"))


def _make_behind(schema: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f'DELETE FROM "{schema}".django_migrations WHERE app = %s AND name = %s', list(_public_only_leaf()))


def _make_broken(schema: str) -> None:
    """An empty schema whose first accounts migration fails: a table is in its way."""
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE SCHEMA "{schema}"')
        cursor.execute(f'CREATE TABLE "{schema}".django_migrations (id serial primary key, app text, name text, applied timestamptz)')
        cursor.execute(f'CREATE TABLE "{schema}".accounts_ipblock (id int)')


@pytest.fixture(scope="module")
def fleet_schemas(live_db):
    """Two spare schemas and one broken schema, committed, all listed as spares so that the
    command's own fleet discovery finds them. Made once: a spare costs seconds to migrate."""
    spares = [spare_create().name for _ in range(2)]
    broken = f"spare_broken_{secrets.token_hex(3)}"
    _make_broken(broken)
    SpareSchema.objects.create(name=broken, fingerprint="stale")
    yield spares, broken
    names = [*spares, broken]
    SpareSchema.objects.filter(name__in=names).delete()
    with connection.cursor() as cursor:
        for name in names:
            cursor.execute(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')


@pytest.fixture
def behind_fleet(fleet_schemas):
    """The two spares one migration behind (the broken one stays behind: its migration fails)."""
    spares, broken = fleet_schemas
    for name in spares:
        _make_behind(name)
    SpareSchema.objects.filter(name__in=spares).update(fingerprint="stale")
    return spares, broken


def test_parallel_fleet_migration_migrates_each_schema_and_reports_the_broken_one(behind_fleet):
    spares, broken = behind_fleet
    assert set(schemas_behind([*spares, broken])) == {*spares, broken}
    seen = []
    summary = fleet_migrate(parallel=2, batch_size=1, schemas=[broken, *spares], on_result=seen.append)

    assert summary["behind"] == 3 and summary["migrated"] == 2
    assert [r.schema for r in summary["failed"]] == [broken]
    assert "accounts_ipblock" in summary["failed"][0].error
    assert sorted(r.schema for r in seen) == sorted([broken, *spares])
    # the two good schemas are current now, and their fingerprint says so; the broken one is not
    assert schemas_behind([*spares, broken]) == {broken: schemas_behind([broken])[broken]}
    fingerprints = dict(SpareSchema.objects.filter(name__in=[*spares, broken]).values_list("name", "fingerprint"))
    assert fingerprints == {spares[0]: current_fingerprint(), spares[1]: current_fingerprint(), broken: "stale"}


def test_migrate_fleet_command_with_parallel_workers(behind_fleet):
    spares, broken = behind_fleet
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(SystemExit) as excinfo:
        call_command("migrate_fleet", parallel=2, batch_size=1, skip_public=True, stdout=out, stderr=err)
    assert excinfo.value.code == 1
    output, errors = out.getvalue(), err.getvalue()
    for name in spares:
        assert f"{name}: migrated in" in output
    assert f"{broken}: FAILED" in errors
    assert ", 1 failed, in " in errors
    assert set(schemas_behind([*spares, broken])) == {broken}
