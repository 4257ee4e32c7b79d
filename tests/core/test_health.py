"""/healthz: database, Redis and the worker heartbeat, on every kind of host."""

import pytest
from django.core.cache import cache
from django_tenants.utils import get_public_schema_name, schema_context

from core.tasks import WORKER_HEARTBEAT_KEY, worker_heartbeat
from shared_apps.provisioning.models import Tenant

pytestmark = pytest.mark.django_db


@pytest.fixture
def no_heartbeat():
    with schema_context(get_public_schema_name()):
        cache.delete(WORKER_HEARTBEAT_KEY)
    yield
    with schema_context(get_public_schema_name()):
        cache.delete(WORKER_HEARTBEAT_KEY)


def test_missing_worker_heartbeat_is_503(client, no_heartbeat):
    response = client.get("/healthz", HTTP_HOST="localhost")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "degraded"
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["redis"]["ok"] is True
    assert body["checks"]["worker"] == {"ok": False, "detail": "no heartbeat"}


def test_a_degraded_probe_logs_one_warning_not_a_server_error(client, no_heartbeat, caplog):
    with caplog.at_level("INFO"):
        assert client.get("/healthz", HTTP_HOST="localhost").status_code == 503
    assert [(r.name, r.levelname, r.getMessage()) for r in caplog.records if r.levelno >= 30] == [
        ("core.health", "WARNING", "health check degraded: worker (no heartbeat)"),
    ]


def test_healthy_after_worker_heartbeat_ran(client, no_heartbeat):
    worker_heartbeat()  # what beat queues every 30 s
    response = client.get("/healthz", HTTP_HOST="localhost")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert response["Cache-Control"].startswith("max-age=0")


def test_stale_heartbeat_is_503(client, no_heartbeat):
    with schema_context(get_public_schema_name()):
        cache.set(WORKER_HEARTBEAT_KEY, "2020-01-01T00:00:00+00:00", timeout=60)
    response = client.get("/healthz", HTTP_HOST="localhost")
    assert response.status_code == 503
    assert "last heartbeat" in response.json()["checks"]["worker"]["detail"]


def test_heartbeat_written_by_a_tenant_task_is_seen_everywhere(client_a, no_heartbeat):
    # The worker may run the heartbeat while a tenant schema is active: the key is public.
    with schema_context("alpha"):
        worker_heartbeat()
    response = client_a.get("/healthz")
    assert response.status_code == 200, response.content
    response = client_a.get("/healthz", HTTP_HOST="console.localhost")
    assert response.status_code == 200, response.content


def test_healthz_answers_for_a_suspended_tenant(client_a, tenant_a, no_heartbeat):
    worker_heartbeat()
    Tenant.objects.filter(pk=tenant_a.pk).update(status="suspended")
    assert client_a.get("/healthz").status_code == 200


def test_redis_down_is_503(client, no_heartbeat, settings):
    worker_heartbeat()
    settings.CACHES = {
        "default": {
            **settings.CACHES["default"],
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"CLIENT_CLASS": "django_redis.client.DefaultClient", "SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 0.5},
        }
    }
    response = client.get("/healthz", HTTP_HOST="localhost")  # setting_changed resets the caches
    assert response.status_code == 503
    assert response.json()["checks"]["redis"]["ok"] is False
