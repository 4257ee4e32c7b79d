"""One migrated template database for the whole test suite, copied per xdist worker.

Building the template (public schema + the shared test tenants) costs a few seconds once;
it is rebuilt only when a migration file or the seed below changes. Each worker then gets
`CREATE DATABASE ... TEMPLATE`, a file copy that takes well under a second.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import psycopg2
from django.conf import settings
from django.db import connections

# Tenants every test session has. alpha/beta for isolation tests inside transactions;
# live for tests that commit (browser, real worker).
TEST_TENANTS = [
    {"slug": "alpha", "name": "阿尔法大学", "type": "university", "modules": ["employment", "alumni", "experts"]},
    {"slug": "beta", "name": "贝塔大学", "type": "university", "modules": ["employment", "alumni", "experts"]},
    {"slug": "bureau", "name": "示范专家局", "type": "bureau", "modules": ["experts"]},
    {"slug": "live", "name": "实况大学", "type": "university", "modules": ["employment", "alumni", "experts"]},
]
TEST_ADMIN_USERNAME = "admin"
TEST_ADMIN_PASSWORD = "admin-pass-1"
SEED_VERSION = "3"


def _fingerprint() -> str:
    root = Path(settings.BASE_DIR)
    digest = hashlib.sha256(SEED_VERSION.encode())
    for path in sorted(root.glob("**/migrations/*.py")):
        if ".venv" in path.parts or "var" in path.parts:
            continue
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    digest.update(Path(__file__).read_bytes())
    return digest.hexdigest()[:16]


def _admin_connection():
    params = settings.DATABASES["default"]
    conn = psycopg2.connect(
        dbname="postgres", user=params.get("USER") or "postgres", password=params.get("PASSWORD") or None,
        host=params.get("HOST") or None, port=params.get("PORT") or None,
    )
    conn.autocommit = True
    return conn


def _use_database(name: str) -> None:
    for alias in connections:
        connections[alias].close()
    settings.DATABASES["default"]["NAME"] = name
    connections["default"].settings_dict["NAME"] = name


def _build_template(name: str) -> None:
    from django.core.management import call_command

    _use_database(name)
    call_command("migrate_schemas", shared=True, verbosity=0, interactive=False)
    from shared_apps.provisioning.services import public_tenant_ensure, tenant_provision

    public_tenant_ensure(base_domain=settings.BASE_DOMAIN)
    for spec in TEST_TENANTS:
        tenant_provision(
            slug=spec["slug"], name=spec["name"], type=spec["type"], modules=spec["modules"],
            admin_username=TEST_ADMIN_USERNAME, admin_password=TEST_ADMIN_PASSWORD,
            admin_email=f"admin@{spec['slug']}.example.cn",
        )
    for alias in connections:
        connections[alias].close()


def ensure_test_database(worker_id: str) -> str:
    """Make sure the template exists and is current, then give this worker a fresh copy
    (named after the worker and the process, so concurrent test runs never share one)."""
    base = settings.DATABASES["default"]["NAME"]
    template = f"{base}_tpl"
    worker_db = f"{base}_{worker_id}_p{os.getpid()}"
    fingerprint = _fingerprint()
    admin = _admin_connection()
    try:
        with admin.cursor() as cursor:
            # One lock per template: runs against other databases (another checkout, a helper)
            # build their own templates at the same time instead of queueing behind this one.
            cursor.execute("SELECT pg_advisory_lock(724001, hashtext(%s))", [template])
            cursor.execute(
                "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s", [template]
            )
            row = cursor.fetchone()
            if row is None or row[0] != fingerprint:
                cursor.execute(f'DROP DATABASE IF EXISTS "{template}" WITH (FORCE)')
                cursor.execute(f'CREATE DATABASE "{template}" ENCODING \'UTF8\' TEMPLATE template0')
                try:
                    _build_template(template)
                except BaseException:
                    cursor.execute(f'DROP DATABASE IF EXISTS "{template}" WITH (FORCE)')
                    raise
                cursor.execute(f"COMMENT ON DATABASE \"{template}\" IS %s", [fingerprint])
            cursor.execute(f'DROP DATABASE IF EXISTS "{worker_db}" WITH (FORCE)')
            cursor.execute(f'CREATE DATABASE "{worker_db}" TEMPLATE "{template}"')
            cursor.execute("SELECT pg_advisory_unlock(724001, hashtext(%s))", [template])
    finally:
        admin.close()
    _use_database(worker_db)
    return worker_db


def drop_test_database(name: str) -> None:
    """Drop this process's copy at the end of the session (the template stays for reuse)."""
    for alias in connections:
        connections[alias].close()
    admin = _admin_connection()
    try:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        admin.close()


def drop_stale_worker_databases() -> None:
    """Copies left by killed test runs (their process no longer exists) are removed."""
    base = settings.DATABASES["default"]["NAME"]
    admin = _admin_connection()
    try:
        with admin.cursor() as cursor:
            cursor.execute("SELECT datname FROM pg_database WHERE datname LIKE %s", [f"{base}\\_%\\_p%"])
            for (name,) in cursor.fetchall():
                pid = name.rsplit("_p", 1)[-1]
                if pid.isdigit() and not _process_alive(int(pid)):
                    cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        admin.close()


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
