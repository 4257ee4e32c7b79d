"""Provisioning and fleet-migration benchmark (issue 3). A script, not a test:

    .venv/bin/python tests/bench/bench_provisioning.py [--tenants 10,1000] [--samples 5]

With every app installed (plus a bench app whose second migration adds a column), at each
fleet size it creates `samples` tenants three ways — by migrations (django-tenants'
auto_create_schema), by django-tenants' clone_schema from a template schema, and from the
spare pool (rename) — then, at the largest size, runs `fleet_migrate` for the added column
and again as a no-op, next to django-tenants' `migrate_schemas` on a sample for scale.

Fleet schemas are made fast by copying a migrated template schema's SQL (pg_dump with the
schema name replaced) through one psql session; that is set-up, not what is measured.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "src"), str(ROOT), str(ROOT / "tests" / "bench")]
os.environ["DJANGO_SETTINGS_MODULE"] = "provbench.settings"

import django  # noqa: E402
import psycopg2  # noqa: E402

TEMPLATE = "benchtpl"


def admin_exec(sql: str) -> None:
    from django.conf import settings

    db = settings.DATABASES["default"]
    conn = psycopg2.connect(dbname="postgres", user=db["USER"] or "postgres", host=db["HOST"] or None, port=db["PORT"] or None, password=db["PASSWORD"] or None)
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute(sql)
    conn.close()


def libpq_env() -> dict:
    from shared_apps.provisioning.backups import _libpq_env

    return _libpq_env()


def setup_database() -> None:
    from django.conf import settings

    name = settings.DATABASES["default"]["NAME"]
    admin_exec(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin_exec(f'CREATE DATABASE "{name}"')
    django.setup()
    from django.core.management import call_command

    call_command("migrate_schemas", shared=True, interactive=False, verbosity=0)
    from shared_apps.provisioning.services import public_tenant_ensure

    public_tenant_ensure(base_domain="bench.local")


def build_template() -> str:
    """A fully migrated schema with the bench app stepped back to 0001 (the column not added)."""
    from django.core.management import call_command
    from django.db import connection

    from shared_apps.provisioning.pool import schema_migrate

    with connection.cursor() as cursor:
        cursor.execute(f'CREATE SCHEMA "{TEMPLATE}"')
    schema_migrate(TEMPLATE)
    connection.set_schema(TEMPLATE)
    from django.core.management.commands.migrate import Command as MigrateCommand

    call_command(MigrateCommand(), "provbench", "0001", interactive=False, verbosity=0, skip_checks=True)
    connection.set_schema_to_public()
    from shared_apps.provisioning.backups import pg_tool

    dump = subprocess.run([pg_tool("pg_dump"), "--no-owner", "--no-privileges", f"--schema={TEMPLATE}"], env=libpq_env(), check=True, capture_output=True, text=True).stdout
    return dump


def add_fleet(existing: int, target: int, dump_sql: str) -> None:
    """Grow the fleet to `target` tenants by replaying the template's SQL under new names."""
    from shared_apps.provisioning.models import Domain, Tenant

    psql = shutil.which("psql")
    names = [f"t{index:05d}" for index in range(existing, target)]
    batch = 50
    for start in range(0, len(names), batch):
        chunk = names[start : start + batch]
        script = "\n".join(dump_sql.replace(TEMPLATE, name) for name in chunk)
        subprocess.run([psql, "-q", "-v", "ON_ERROR_STOP=1"], input=script, env=libpq_env(), check=True, capture_output=True, text=True)
        tenants = Tenant.objects.bulk_create([Tenant(schema_name=name, name=f"基准{name}", status="active", modules=["employment", "alumni", "experts"]) for name in chunk])
        Domain.objects.bulk_create([Domain(domain=f"{t.schema_name}.bench.local", tenant=t, is_primary=True) for t in tenants])
        print(f"  fleet: {start + len(chunk) + existing}/{target}", end="\r", flush=True)
    print()


def time_it(func) -> float:
    started = time.perf_counter()
    func()
    return time.perf_counter() - started


def provision_samples(size: int, samples: int) -> dict[str, list[float]]:
    from django.contrib.auth.hashers import make_password
    from django.db import connection
    from django_tenants.clone import CloneSchema

    from core.hooks import TenantSeed
    from shared_apps.provisioning.models import Domain, SpareSchema, Tenant
    from shared_apps.provisioning.pool import spare_create
    from shared_apps.provisioning.services import tenant_provision, tenant_seed

    # As in onboarding: the password was hashed when the school signed up, not on this path.
    password_hash = make_password("bench-pass-123")
    results: dict[str, list[float]] = {"migrate": [], "clone": [], "pool": []}
    for index in range(samples):
        assert not SpareSchema.objects.exists()
        results["migrate"].append(time_it(lambda i=index: tenant_provision(slug=f"m{size}x{i}", name="迁移", admin_username="admin", admin_password_hash=password_hash)))

        def by_clone(i=index):
            slug = f"c{size}x{i}"
            CloneSchema().clone_schema(TEMPLATE, slug, set_connection=False)
            tenant = Tenant(schema_name=slug, name="克隆", status="active", modules=["experts"])
            tenant.auto_create_schema = False
            tenant.save()
            Domain.objects.create(domain=f"{slug}.bench.local", tenant=tenant, is_primary=True)
            tenant_seed(tenant=tenant, seed=TenantSeed(schema_name=slug, name="克隆", type="university", modules=("experts",), admin_username="admin", admin_password_hash=password_hash))

        results["clone"].append(time_it(by_clone))
        spare_create()  # the background refill, not timed
        results["pool"].append(time_it(lambda i=index: tenant_provision(slug=f"p{size}x{i}", name="池", admin_username="admin", admin_password_hash=password_hash)))
        connection.set_schema_to_public()
    return results


# A temporary migration with a fresh name each run, so a re-run always has a column to add.
RUN_ID = int(time.time())
SECOND_COLUMN = ROOT / "tests" / "bench" / "provbench" / "migrations" / f"0003_column_{RUN_ID}.py"


def fleet_only(parallel: int) -> None:
    """Re-run the fleet measurements on the fleet a previous run left in the bench database:
    bring every schema up to date, add one more column (a temporary migration), then a no-op."""
    django.setup()
    from shared_apps.provisioning.fleet import fleet_migrate

    fleet_migrate(parallel=parallel)
    SECOND_COLUMN.write_text(
        "from django.db import migrations, models\n\n\nclass Migration(migrations.Migration):\n"
        '    dependencies = [("provbench", "0002_added_column")]\n'
        f'    operations = [migrations.AddField(model_name="benchnote", name="column_{RUN_ID}", field=models.IntegerField(null=True))]\n'
    )
    try:
        import subprocess as sp

        # A fresh process sees the new migration file.
        sp.run([sys.executable, __file__, "--fleet-pass", str(parallel)], check=True)
    finally:
        SECOND_COLUMN.unlink(missing_ok=True)


def fleet_pass(parallel: int) -> None:
    django.setup()
    from shared_apps.provisioning.fleet import fleet_migrate

    added = fleet_migrate(parallel=parallel)
    noop = fleet_migrate(parallel=parallel)
    for label, summary in (("one added column", added), ("no-op", noop)):
        print(f"| {label} | {summary['checked']} | {summary['behind']} | {summary['migrated']} | {len(summary['failed'])} | {summary['seconds']:.2f} |")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tenants", default="10,1000")
    parser.add_argument("--samples", type=int, default=5)
    parser.add_argument("--parallel", type=int, default=2)
    parser.add_argument("--fleet-only", action="store_true", help="only the fleet migration passes, on the existing bench fleet")
    parser.add_argument("--fleet-pass", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.fleet_pass:
        return fleet_pass(args.fleet_pass)
    if args.fleet_only:
        return fleet_only(args.parallel)
    sizes = [int(x) for x in args.tenants.split(",")]

    setup_database()
    from django.db import connection

    from shared_apps.provisioning.fleet import fleet_migrate, fleet_schemas
    from shared_apps.provisioning.migrations_state import expected_migrations

    dump = build_template()
    from django.apps import apps

    print(f"tenant models: {sum(1 for m in apps.get_models() if m._meta.app_label not in ('provisioning', 'billing', 'console', 'crawler'))}, migrations: {len(expected_migrations())}")
    lines = ["| existing tenants | migrate (s) | clone_schema (s) | pool (s) |", "|---:|---:|---:|---:|"]
    current = 0
    for size in sizes:
        add_fleet(current, size, dump)
        current = size
        result = provision_samples(size, args.samples)
        cells = [f"{statistics.median(v):.3f} (max {max(v):.3f})" for v in (result["migrate"], result["clone"], result["pool"])]
        lines.append(f"| {size} | " + " | ".join(cells) + " |")
        print(lines[-1])

    schemas = fleet_schemas()
    print(f"fleet migrate over {len(schemas)} schemas (parallel={args.parallel}) ...")
    added = fleet_migrate(parallel=args.parallel)
    connection.close()
    noop = fleet_migrate(parallel=args.parallel)
    # django-tenants' own no-op pass, on a sample, for scale
    from django.core.management import call_command

    sample = [s for s in schemas if s.startswith("t")][:20]
    started = time.perf_counter()
    for schema in sample:
        call_command("migrate_schemas", schema_name=schema, interactive=False, verbosity=0)
    per_tenant = (time.perf_counter() - started) / max(1, len(sample))
    fleet_lines = [
        "| pass | schemas checked | behind | migrated | failed | seconds |", "|---|---:|---:|---:|---:|---:|",
        f"| one added column | {added['checked']} | {added['behind']} | {added['migrated']} | {len(added['failed'])} | {added['seconds']:.1f} |",
        f"| no-op | {noop['checked']} | {noop['behind']} | {noop['migrated']} | {len(noop['failed'])} | {noop['seconds']:.2f} |",
        f"| django-tenants `migrate_schemas`, no-op, per tenant (sample of {len(sample)}) | | | | | {per_tenant:.2f} (≈ {per_tenant * len(schemas) / 60:.1f} min for the fleet) |",
    ]
    print("\n".join(lines + [""] + fleet_lines))
    out = ROOT / "var" / "bench-provisioning.md"
    out.parent.mkdir(exist_ok=True)
    out.write_text("\n".join(lines + [""] + fleet_lines) + "\n")
    print(f"written to {out}")


if __name__ == "__main__":
    main()
