"""Kernel tasks: the per-tenant fan-out used by every periodic job, and the worker heartbeat."""

from __future__ import annotations

from celery import current_app, shared_task
from django.core.cache import cache
from django.db import connection
from django.utils import timezone
from django_tenants.utils import get_public_schema_name, get_tenant_model, schema_context

WORKER_HEARTBEAT_KEY = "worker:heartbeat"


@shared_task(name="core.fan_out", queue="default", time_limit=300)
def fan_out(*, task_name: str, module: str | None = None, kwargs: dict | None = None) -> int:
    """Queue `task_name` once per active tenant that has `module` switched on."""
    tenants = get_tenant_model().objects.exclude(schema_name=get_public_schema_name())
    tenants = tenants.exclude(status__in=["suspended", "provisioning"])
    if module:
        tenants = tenants.filter(modules__contains=[module])
    count = 0
    for schema_name in tenants.values_list("schema_name", flat=True):
        with schema_context(schema_name):
            current_app.send_task(task_name, kwargs=kwargs or {})
        count += 1
    return count


@shared_task(name="core.worker_heartbeat", queue="default", time_limit=30)
def worker_heartbeat() -> str:
    with schema_context(get_public_schema_name()):
        now = timezone.now().isoformat()
        cache.set(WORKER_HEARTBEAT_KEY, now, timeout=120)
    return now


@shared_task(name="core.echo_schema", queue="default", time_limit=30)
def echo_schema() -> str:
    """Returns the schema the task ran in (used by health checks and tests)."""
    return connection.schema_name


# Import/export job tasks live with their kernel; importing them here registers them with the
# worker (Celery autodiscovers only `<app>.tasks`).
from core.files import tasks as _files_tasks  # noqa: E402,F401 - retention of import/export files
from core.importexport import tasks as _importexport_tasks  # noqa: E402,F401
