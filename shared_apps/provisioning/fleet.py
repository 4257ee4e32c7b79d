"""Migrating the whole fleet: find the schemas that are behind in one query, migrate only
those, several at a time, and report each tenant's outcome without stopping the rest."""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from contextlib import nullcontext
from dataclasses import dataclass

from django.db import connection
from django_tenants.utils import get_public_schema_name

from shared_apps.provisioning.migrations_state import schemas_behind
from shared_apps.provisioning.models import SpareSchema, Tenant


@dataclass(frozen=True)
class SchemaResult:
    schema: str
    ok: bool
    seconds: float
    error: str = ""


def fleet_schemas() -> list[str]:
    tenants = list(Tenant.objects.exclude(schema_name=get_public_schema_name()).values_list("schema_name", flat=True))
    return tenants + list(SpareSchema.objects.values_list("name", flat=True))


def _migrate_batch(schemas: list[str], *, in_worker: bool = True) -> list[SchemaResult]:
    """One schema after another; in a worker process (after one Django setup) or in-process."""
    if in_worker:
        import django

        django.setup()
    from django.db import transaction

    from shared_apps.provisioning.pool import schema_migrate
    from shared_apps.provisioning.services import tenant_reseed

    tenants = {tenant.schema_name: tenant for tenant in Tenant.objects.filter(schema_name__in=schemas)}
    results = []
    for schema in schemas:
        started = time.monotonic()
        try:
            # Inside an outer transaction (tests) a savepoint keeps one failure from spoiling it;
            # otherwise no wrapper, so non-atomic migrations (CREATE INDEX CONCURRENTLY) work.
            with transaction.atomic() if connection.in_atomic_block else nullcontext():
                schema_migrate(schema)
                if schema in tenants:
                    # What the release adds to new tenants (default groups...) reaches this one.
                    tenant_reseed(tenant=tenants[schema])
            results.append(SchemaResult(schema, True, time.monotonic() - started))
        except Exception as exc:  # report and carry on with the next tenant
            results.append(SchemaResult(schema, False, time.monotonic() - started, f"{type(exc).__name__}: {exc}"))
    if in_worker:
        connection.close()
    return results


def _spare_build_in_worker(name: str) -> SchemaResult:
    import django

    django.setup()
    from shared_apps.provisioning.pool import spare_build

    started = time.monotonic()
    try:
        spare_build(name)
        return SchemaResult(name, True, time.monotonic() - started)
    except Exception as exc:
        return SchemaResult(name, False, time.monotonic() - started, f"{type(exc).__name__}: {exc}")
    finally:
        connection.close()


def spares_build(count: int, *, meanwhile: Callable[[], None] | None = None) -> list[SchemaResult]:
    """Create `count` spare schemas side by side, a worker process each, while `meanwhile` runs
    in this one (on a first start, the public schema's migrations: a tenant schema needs nothing
    from the public one but the extensions, created here first). Registers those that succeeded
    once `meanwhile` is done, since the pool's own table may only exist after it."""
    from shared_apps.provisioning.pool import extensions_ensure, spare_name, spare_register

    extensions_ensure()
    names = [spare_name() for _ in range(count)]
    connection.close()  # do not share the socket with forked workers
    with ProcessPoolExecutor(max_workers=count) as pool:
        futures = [pool.submit(_spare_build_in_worker, name) for name in names]
        if meanwhile is not None:
            meanwhile()
        results = [future.result() for future in futures]
    for result in results:
        if result.ok:
            spare_register(result.schema)
    return results


def fleet_migrate(*, parallel: int = 2, batch_size: int = 25, schemas: list[str] | None = None, on_result: Callable[[SchemaResult], None] | None = None) -> dict:
    started = time.monotonic()
    candidates = schemas if schemas is not None else fleet_schemas()
    behind = schemas_behind(candidates)
    todo = [s for s in candidates if s in behind]
    results: list[SchemaResult] = []
    if todo:
        batches = [todo[i : i + batch_size] for i in range(0, len(todo), batch_size)]
        if parallel <= 1:
            for batch in batches:
                for result in _migrate_batch(batch, in_worker=False):
                    results.append(result)
                    if on_result:
                        on_result(result)
        else:
            connection.close()  # do not share the socket with forked workers
            with ProcessPoolExecutor(max_workers=parallel) as pool:
                futures = [pool.submit(_migrate_batch, batch) for batch in batches]
                for future in as_completed(futures):
                    for result in future.result():
                        results.append(result)
                        if on_result:
                            on_result(result)
    if any(r.ok for r in results):
        from shared_apps.provisioning.migrations_state import current_fingerprint

        SpareSchema.objects.filter(name__in=[r.schema for r in results if r.ok]).update(fingerprint=current_fingerprint())
    return {
        "checked": len(candidates),
        "behind": len(todo),
        "migrated": sum(r.ok for r in results),
        "failed": [r for r in results if not r.ok],
        "seconds": time.monotonic() - started,
    }
