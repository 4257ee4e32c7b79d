"""/healthz: database, Redis and a live Celery worker (its heartbeat key)."""

from __future__ import annotations

import datetime
import logging

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.views.decorators.cache import never_cache
from django_tenants.utils import get_public_schema_name, schema_context

logger = logging.getLogger(__name__)


def check_database() -> tuple[bool, str]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True, "ok"
    except Exception as exc:  # a health check reports, it does not raise
        return False, type(exc).__name__


def check_redis() -> tuple[bool, str]:
    try:
        cache.set("healthz:ping", "1", timeout=10)
        return cache.get("healthz:ping") == "1", "ok"
    except Exception as exc:
        return False, type(exc).__name__


def check_worker() -> tuple[bool, str]:
    from core.tasks import WORKER_HEARTBEAT_KEY

    try:
        with schema_context(get_public_schema_name()):
            beat = cache.get(WORKER_HEARTBEAT_KEY)
    except Exception as exc:
        return False, type(exc).__name__
    if not beat:
        return False, "no heartbeat"
    seen = parse_datetime(beat)
    if seen is None or timezone.now() - seen > datetime.timedelta(seconds=120):
        return False, f"last heartbeat {beat}"
    return True, beat


@never_cache
def healthz(request):
    checks = {"database": check_database(), "redis": check_redis(), "worker": check_worker()}
    healthy = all(ok for ok, _ in checks.values())
    body = {"status": "ok" if healthy else "degraded", "checks": {k: {"ok": ok, "detail": d} for k, (ok, d) in checks.items()}}
    response = JsonResponse(body, status=200 if healthy else 503)
    if not healthy:
        # A 503 here is the answer, not a server error: one warning naming what failed, instead
        # of django.request's error line for every probe (e.g. while the worker starts).
        failing = {name: detail for name, (ok, detail) in checks.items() if not ok}
        logger.warning("health check degraded: %s", ", ".join(f"{k} ({v})" for k, v in failing.items()), extra={"failing": failing})
        response._has_been_logged = True
    return response
