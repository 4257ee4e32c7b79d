"""A real worker process: a task queued inside a tenant schema runs in that schema only."""

import uuid
from datetime import timedelta

import pytest
from celery import current_app
from django.utils import timezone
from django_tenants.utils import schema_context

from core.testing.live import wait_until
from tenant_apps.accounts.models import IPBlock

pytestmark = pytest.mark.worker


def _expired_block(schema: str) -> str:
    ip = f"198.51.100.{uuid.uuid4().int % 250 + 1}"
    with schema_context(schema):
        IPBlock.objects.filter(ip=ip).delete()
        IPBlock.objects.create(ip=ip, reason="celery isolation test", expires_at=timezone.now() - timedelta(minutes=1))
    return ip


def _exists(schema: str, ip: str) -> bool:
    with schema_context(schema):
        return IPBlock.objects.filter(ip=ip).exists()


def test_task_queued_in_a_tenant_runs_in_that_tenant_only(celery_worker_process):
    in_live = _expired_block("live")
    in_beta = _expired_block("beta")
    try:
        with schema_context("live"):
            current_app.send_task("accounts.expire_ip_blocks")
        assert wait_until(lambda: not _exists("live", in_live)), celery_worker_process.log()[-3000:]
        # Same task, same table, expired row: but it was queued for `live`, so beta keeps its row.
        assert _exists("beta", in_beta)
    finally:
        with schema_context("beta"):
            IPBlock.objects.filter(ip=in_beta).delete()


def test_delay_inside_schema_context_carries_the_tenant(celery_worker_process):
    from tenant_apps.accounts.tasks import expire_ip_blocks

    in_live = _expired_block("live")
    in_beta = _expired_block("beta")
    try:
        with schema_context("beta"):
            expire_ip_blocks.delay()
        assert wait_until(lambda: not _exists("beta", in_beta)), celery_worker_process.log()[-3000:]
        assert _exists("live", in_live)
    finally:
        with schema_context("live"):
            IPBlock.objects.filter(ip=in_live).delete()


def test_worker_heartbeat_makes_healthz_green(celery_worker_process, client):
    from django.core.cache import cache

    from core.tasks import WORKER_HEARTBEAT_KEY

    cache.delete(WORKER_HEARTBEAT_KEY)  # public schema: the key is written there
    assert client.get("/healthz", HTTP_HOST="localhost").status_code == 503
    current_app.send_task("core.worker_heartbeat")
    assert wait_until(lambda: cache.get(WORKER_HEARTBEAT_KEY) is not None), celery_worker_process.log()[-3000:]
    response = client.get("/healthz", HTTP_HOST="localhost")
    assert response.status_code == 200, response.content
    assert response.json()["checks"]["worker"]["ok"] is True


def test_beat_sends_a_heartbeat_as_it_starts(celery_worker_process, client):
    """/healthz turns green once beat and a worker are both up, without waiting for the first
    30-second tick of the heartbeat schedule (scripts/run's first start waited on it)."""
    from django.core.cache import cache

    from core.tasks import WORKER_HEARTBEAT_KEY
    from core.testing.live import CeleryBeat

    cache.delete(WORKER_HEARTBEAT_KEY)
    beat = CeleryBeat().start()
    try:
        assert wait_until(lambda: cache.get(WORKER_HEARTBEAT_KEY) is not None, timeout=25), beat.log()[-3000:]
        # It came from the start-up send, not from the schedule's first tick.
        assert "Sending due task heartbeat" not in beat.log()
    finally:
        beat.stop()
    assert client.get("/healthz", HTTP_HOST="localhost").status_code == 200
