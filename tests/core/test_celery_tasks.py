"""core.fan_out: one task per active tenant that has the module switched on, each carrying
its tenant (tenant-schemas-celery puts the schema in the message headers)."""

import pytest
from celery import current_app
from celery.signals import before_task_publish
from django_tenants.utils import get_public_schema_name, schema_context

from core.tasks import fan_out
from shared_apps.provisioning.models import Tenant

pytestmark = pytest.mark.django_db


@pytest.fixture
def published():
    """(task name, schema) of every message this process publishes during the test."""
    seen: list[tuple[str, str]] = []

    def record(sender=None, headers=None, **kwargs):
        seen.append((sender, (headers or {}).get("_schema_name")))

    before_task_publish.connect(record, weak=False)
    yield seen
    before_task_publish.disconnect(record)
    # Nothing consumes these messages here; drop them so a later worker does not run them.
    current_app.control.purge()


def _schemas(seen, task_name):
    return sorted(schema for name, schema in seen if name == task_name)


def test_fan_out_queues_only_tenants_with_the_module(tenant_a, tenant_bureau, published):
    with schema_context(get_public_schema_name()):
        count = fan_out(task_name="core.echo_schema", module="employment")
    schemas = _schemas(published, "core.echo_schema")
    assert count == len(schemas)
    assert "alpha" in schemas and "beta" in schemas and "live" in schemas
    assert "bureau" not in schemas  # an expert bureau has no employment module
    assert get_public_schema_name() not in schemas


def test_fan_out_without_module_reaches_every_active_tenant(tenant_a, tenant_bureau, published):
    fan_out(task_name="core.echo_schema", module=None)
    schemas = _schemas(published, "core.echo_schema")
    assert {"alpha", "beta", "bureau", "live"} <= set(schemas)
    assert get_public_schema_name() not in schemas


def test_fan_out_skips_suspended_tenants_and_switched_off_modules(tenant_a, tenant_b, published):
    Tenant.objects.filter(pk=tenant_a.pk).update(status="suspended")
    Tenant.objects.filter(pk=tenant_b.pk).update(modules=["alumni"])
    fan_out(task_name="core.echo_schema", module="experts")
    schemas = _schemas(published, "core.echo_schema")
    assert "alpha" not in schemas
    assert "beta" not in schemas
    assert "bureau" in schemas and "live" in schemas


def test_fan_out_passes_kwargs(tenant_bureau, published):
    captured = []

    def record(sender=None, body=None, **kwargs):
        captured.append(body)

    before_task_publish.connect(record, weak=False)
    try:
        fan_out(task_name="core.echo_schema", module="experts", kwargs={"marker": 1})
    finally:
        before_task_publish.disconnect(record)
    # protocol 2 body: (args, kwargs, embed)
    assert captured and all(body[1] == {"marker": 1} for body in captured)
