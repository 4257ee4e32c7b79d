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
from contextlib import contextmanager

from django.apps import apps as django_apps
from django.conf import settings
from django.core.management.sql import emit_post_migrate_signal, emit_pre_migrate_signal
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.operations import AlterModelOptions, CreateModel, DeleteModel, RenameModel
from django.db.migrations.recorder import MigrationRecorder
from django_tenants.utils import get_public_schema_name

from shared_apps.provisioning.migrations_state import current_fingerprint, schemas_behind
from shared_apps.provisioning.models import SpareSchema

logger = logging.getLogger(__name__)
SPARE_PREFIX = "spare_"
# The extensions tenant tables use. They live in the public schema, once per database; tenant
# migrations create them "if not exists", which races when two schemas migrate at once.
TENANT_EXTENSIONS = ("pg_trgm", "btree_gist")


def extensions_ensure() -> None:
    """Create the tenant tables' extensions before schemas are migrated side by side."""
    with connection.cursor() as cursor:
        for extension in TENANT_EXTENSIONS:
            cursor.execute(f"CREATE EXTENSION IF NOT EXISTS {extension} WITH SCHEMA public")


def _schema_has_migrations_table(schema_name: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [f'"{schema_name}".django_migrations'])
        return cursor.fetchone()[0]


@contextmanager
def _fast_recorder_check(schema_name: str):
    """Django's MigrationRecorder asks "does django_migrations exist?" by listing every table
    visible to the connection; with a thousand tenant schemas that catalogue scan is most of the
    cost of a no-op or one-column migration. For the duration of one schema's migration, answer
    it with one indexed lookup in that schema instead."""
    original = MigrationRecorder.has_table

    def has_table(recorder):
        if recorder.connection.alias == connection.alias:
            return _schema_has_migrations_table(schema_name)
        return original(recorder)

    MigrationRecorder.has_table = has_table
    try:
        yield
    finally:
        MigrationRecorder.has_table = original


def public_is_fresh() -> bool:
    """True on a first start: the public schema has never been migrated."""
    return not _schema_has_migrations_table(get_public_schema_name())


def public_migrate(*, verbosity: int = 0) -> None:
    """The public schema's migrations, run the way schema_migrate runs a tenant's. Same tables,
    migration records, content types and permissions as `migrate_schemas --shared`, in a few
    seconds instead of a minute (decision 0143)."""
    connection.set_schema_to_public()
    _apply_migrations(verbosity=verbosity, app_labels=_schema_app_labels(settings.SHARED_APPS))


def schema_migrate(schema_name: str, *, verbosity: int = 0) -> None:
    """Run the tenant migrations in one schema (the same thing migrate_schemas does per tenant)."""
    connection.set_schema(schema_name, include_public=False)
    if not _schema_has_migrations_table(schema_name):
        MigrationRecorder(connection).ensure_schema()
    connection.set_schema(schema_name)
    try:
        with _fast_recorder_check(schema_name):
            _apply_migrations(verbosity=verbosity, app_labels=_schema_app_labels(settings.TENANT_APPS))
    finally:
        connection.set_schema_to_public()


# Operations after which content types and permissions must be refreshed (post_migrate).
_MODEL_OPERATIONS = (CreateModel, DeleteModel, RenameModel, AlterModelOptions)


def _schema_app_labels(app_names: list[str]) -> set[str]:
    return {config.label for config in django_apps.get_app_configs() if config.name in app_names}


def _apply_migrations(*, verbosity: int, app_labels: set[str]) -> None:
    """What `migrate` does for one schema, minus the work a fleet run does not need:

    - Only the migrations of the apps that live in this schema (`app_labels`, and what they
      depend on) are run. The others would run too under `migrate`, each operation skipped by
      django-tenants' router, but Django renders their models all the same, and that rendering
      is most of a migration's cost (the public schema: 35 s for nothing, 1 s for its own apps).
      They are recorded as applied, as `migrate` records them.
    - The post_migrate signal (content types and permissions) only runs when the plan creates,
      renames or deletes models or changes their options; it gets the project's models, which
      are what the migrations lead to."""
    executor = MigrationExecutor(connection)
    leaves = executor.loader.graph.leaf_nodes()
    plan = executor.migration_plan(leaves)
    if not plan:
        return
    targets = [node for node in leaves if node[0] in app_labels]
    own_plan = executor.migration_plan(targets)
    touches_models = any(isinstance(op, _MODEL_OPERATIONS) for migration, _ in plan for op in migration.operations)
    if touches_models:
        emit_pre_migrate_signal(verbosity, False, connection.alias, apps=executor.loader.project_state(targets).apps, plan=own_plan)
    if own_plan:
        executor.migrate(targets, plan=own_plan, fake=False, fake_initial=False)
    ran = {(migration.app_label, migration.name) for migration, _ in own_plan}
    for migration, _ in plan:
        if (migration.app_label, migration.name) not in ran:
            executor.recorder.record_applied(migration.app_label, migration.name)
    if touches_models:
        emit_post_migrate_signal(verbosity, False, connection.alias, apps=django_apps, plan=plan)


def spare_name() -> str:
    return f"{SPARE_PREFIX}{secrets.token_hex(6)}"


def spare_build(name: str) -> None:
    """Create and migrate the schema of a spare, without registering it: it touches nothing in
    the public schema but the extensions, so it can run while the public schema migrates."""
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE SCHEMA "{name}"')
    try:
        schema_migrate(name)
    except Exception:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')
        raise


def spare_register(name: str) -> SpareSchema:
    return SpareSchema.objects.create(name=name, fingerprint=current_fingerprint())


def spare_create() -> SpareSchema:
    """Create and migrate one spare schema (seconds; never on a user's request path)."""
    name = spare_name()
    spare_build(name)
    return spare_register(name)


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
