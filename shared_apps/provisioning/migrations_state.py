"""What migrations each tenant schema has, in one query, compared with the code on disk."""

from __future__ import annotations

import hashlib
from functools import lru_cache

from django.db import connection
from django.db.migrations.loader import MigrationLoader


@lru_cache(maxsize=1)
def expected_migrations() -> tuple[tuple[str, str], ...]:
    """Every migration on disk: django-tenants records all of them in each schema (the router
    skips the operations of apps that do not belong there, the record is written anyway)."""
    loader = MigrationLoader(None, ignore_no_migrations=True, load=True)
    return tuple(sorted(loader.disk_migrations.keys()))


def fingerprint_of(migrations) -> str:
    text = ",".join(sorted(f"{app}.{name}" for app, name in migrations))
    return hashlib.md5(text.encode(), usedforsecurity=False).hexdigest()


def current_fingerprint() -> str:
    return fingerprint_of(expected_migrations())


def schemas_behind(schema_names: list[str]) -> dict[str, int]:
    """{schema: number of on-disk migrations it lacks} for the schemas that lack any — found with
    ONE query per 500 schemas rather than a process per schema."""
    if not schema_names:
        return {}
    expected = [f"{app}.{name}" for app, name in expected_migrations()]
    behind: dict[str, int] = {}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_schema FROM information_schema.tables WHERE table_name = 'django_migrations' AND table_schema = ANY(%s)",
            [list(schema_names)],
        )
        present = {row[0] for row in cursor.fetchall()}
        for name in schema_names:
            if name not in present:
                behind[name] = len(expected)
        names = [n for n in schema_names if n in present]
        for start in range(0, len(names), 500):
            batch = names[start : start + 500]
            parts = [
                f"SELECT %s, count(m.id) FROM \"{name}\".django_migrations m JOIN expected e ON e.n = m.app || '.' || m.name"
                for name in batch
            ]
            sql = "WITH expected(n) AS (SELECT unnest(%s::text[])) " + " UNION ALL ".join(parts)
            cursor.execute(sql, [expected, *batch])
            for schema, applied in cursor.fetchall():
                if applied < len(expected):
                    behind[schema] = len(expected) - applied
    return behind
