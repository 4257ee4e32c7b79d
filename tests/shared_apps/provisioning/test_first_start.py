"""A first start (scripts/run on an empty database): `migrate_fleet --spares 1` migrates the
public schema (its own apps only, the rest recorded) while a spare schema migrates beside it.
The result must be what `migrate_schemas` builds: the test database's public schema was built
by it (core.testing.database), so both are compared table by table, index by index and
constraint by constraint, with the same migration records, content types and permissions."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import psycopg2
import pytest
from django.conf import settings
from django.db import connection

from core.testing.database import _admin_connection
from core.testing.live import database_url
from shared_apps.provisioning.migrations_state import current_fingerprint

# Schema name written as S, so that two schemas can be compared.
CATALOGUE = {
    "columns": """SELECT table_name, column_name, data_type, is_nullable, replace(coalesce(column_default, ''), %(schema)s || '.', 'S.')
                  FROM information_schema.columns WHERE table_schema = %(schema)s""",
    "indexes": "SELECT indexname, replace(indexdef, %(schema)s || '.', 'S.') FROM pg_indexes WHERE schemaname = %(schema)s",
    "constraints": """SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid)
                      FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace WHERE n.nspname = %(schema)s""",
}
ROWS = {
    "migrations": "SELECT app, name FROM {schema}.django_migrations",
    "content types": "SELECT app_label, model FROM {schema}.django_content_type",
    "permissions": "SELECT p.codename, p.name, c.app_label FROM {schema}.auth_permission p JOIN {schema}.django_content_type c ON c.id = p.content_type_id",
}


def _describe(cursor, schema: str) -> dict[str, set]:
    described = {}
    for what, sql in CATALOGUE.items():
        cursor.execute("SET search_path = public" if schema == "public" else f'SET search_path = "{schema}", public')
        cursor.execute(sql, {"schema": schema})
        described[what] = {tuple(str(v).replace(f'"{schema}".', "S.").replace(f"{schema}.", "S.") for v in row) for row in cursor.fetchall()}
    for what, sql in ROWS.items():
        cursor.execute(sql.format(schema=f'"{schema}"'))
        described[what] = set(cursor.fetchall())
    return described


@pytest.fixture
def empty_database():
    name = f"campus_first_{os.getpid()}"
    admin = _admin_connection()
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}" ENCODING \'UTF8\' TEMPLATE template0')
    yield name
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


@pytest.mark.django_db
def test_first_start_builds_the_public_schema_and_a_spare_like_migrate_schemas(empty_database):
    root = Path(settings.BASE_DIR)
    url = database_url().rsplit("/", 1)[0] + f"/{empty_database}"
    env = {**os.environ, "DATABASE_URL": url, "REDIS_URL": settings.REDIS_URL, "DJANGO_SETTINGS_MODULE": "config.settings.local",
           "PYTHONPATH": f"{root / 'src'}{os.pathsep}{root}"}
    done = subprocess.run([sys.executable, "manage.py", "migrate_fleet", "--spares", "1"], cwd=root, env=env,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "first start: the public schema and 1 spare schemas, side by side" in done.stdout
    assert "public schema: up to date" in done.stdout

    params = settings.DATABASES["default"]
    fresh = psycopg2.connect(dbname=empty_database, user=params.get("USER") or "postgres", password=params.get("PASSWORD") or None,
                             host=params.get("HOST") or None, port=params.get("PORT") or None)
    try:
        with fresh.cursor() as cursor:
            cursor.execute("SELECT name, fingerprint FROM public.provisioning_spareschema")
            spares = cursor.fetchall()
            assert len(spares) == 1 and spares[0][1] == current_fingerprint()
            fresh_public = _describe(cursor, "public")
            fresh_spare = _describe(cursor, spares[0][0])
    finally:
        fresh.close()
    with connection.cursor() as cursor:
        reference_public = _describe(cursor.cursor, "public")
        reference_tenant = _describe(cursor.cursor, "live")

    for what in (*CATALOGUE, *ROWS):
        assert fresh_public[what] == reference_public[what], (what, fresh_public[what] ^ reference_public[what])
        # A tenant's migrations, content types and permissions are those of every app, like public's.
        assert fresh_spare[what] == reference_tenant[what], (what, fresh_spare[what] ^ reference_tenant[what])
    assert len(fresh_public["migrations"]) == len(fresh_spare["migrations"]) > 100
