"""A pool of spare tenant schemas, fully migrated, handed out by renaming.

Creating a schema by migrations costs seconds and cloning grows with the catalogue
(REFERENCE.md); renaming a ready schema costs milliseconds at any fleet size. The pool is
refilled in the background (provisioning.refill_spare_pool) and kept current: a spare behind
the migrations on disk is migrated before it is handed out, and `migrate_fleet` migrates spares
along with tenants.
"""

from __future__ import annotations

import logging
import secrets

from django.conf import settings
from django.core.management import call_command
from django.core.management.commands.migrate import Command as MigrateCommand
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

from shared_apps.provisioning.migrations_state import current_fingerprint, schemas_behind
from shared_apps.provisioning.models import SpareSchema

logger = logging.getLogger(__name__)
SPARE_PREFIX = "spare_"


def schema_migrate(schema_name: str, *, verbosity: int = 0) -> None:
    """Run the tenant migrations in one schema (the same thing migrate_schemas does per tenant)."""
    connection.set_schema(schema_name, include_public=False)
    MigrationRecorder(connection).ensure_schema()
    connection.set_schema(schema_name)
    try:
        call_command(MigrateCommand(), interactive=False, verbosity=verbosity, skip_checks=True)
    finally:
        connection.set_schema_to_public()


def spare_create() -> SpareSchema:
    """Create and migrate one spare schema (seconds; never on a user's request path)."""
    name = f"{SPARE_PREFIX}{secrets.token_hex(6)}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE SCHEMA "{name}"')
    try:
        schema_migrate(name)
    except Exception:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')
        raise
    return SpareSchema.objects.create(name=name, fingerprint=current_fingerprint())


def spare_pool_fill(*, target: int | None = None) -> int:
    """Top the pool up to `target` spares (settings.SPARE_SCHEMA_POOL_SIZE); returns how many were made."""
    target = settings.SPARE_SCHEMA_POOL_SIZE if target is None else target
    made = 0
    while SpareSchema.objects.count() < target:
        spare_create()
        made += 1
    return made


def spares_refresh() -> int:
    """Migrate spares that are behind the code; returns how many were migrated."""
    spares = list(SpareSchema.objects.values_list("name", flat=True))
    behind = schemas_behind(spares)
    for name in behind:
        schema_migrate(name)
    fingerprint = current_fingerprint()
    SpareSchema.objects.exclude(fingerprint=fingerprint).update(fingerprint=fingerprint)
    return len(behind)


def spare_claim_as(schema_name: str) -> bool:
    """Rename one spare to `schema_name`. Must run inside the caller's transaction, so that a
    failure later in provisioning rolls the rename back and returns the spare to the pool.

    Returns False when the pool is empty (the caller falls back to migrations).
    """
    assert connection.in_atomic_block, "claim a spare inside the provisioning transaction"
    spare = SpareSchema.objects.select_for_update(skip_locked=True).order_by("created_at", "id").first()
    if spare is None:
        return False
    if spare.fingerprint != current_fingerprint():
        # Behind the code: bring it up to date first (rare: right after a deploy).
        schema_migrate(spare.name)
    with connection.cursor() as cursor:
        cursor.execute(f'ALTER SCHEMA "{spare.name}" RENAME TO "{schema_name}"')
    spare.delete()
    return True


def pool_status() -> dict[str, int]:
    fingerprint = current_fingerprint()
    total = SpareSchema.objects.count()
    current = SpareSchema.objects.filter(fingerprint=fingerprint).count()
    return {"total": total, "current": current, "target": settings.SPARE_SCHEMA_POOL_SIZE}
