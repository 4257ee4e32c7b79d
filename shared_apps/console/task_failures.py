"""The last failed Celery tasks, kept in the broker's Redis for the console's health page.

A Redis list (newest first, trimmed to KEEP entries) rather than a table: a task often fails
because the database is in trouble, and recording the failure must not depend on it.
"""

from __future__ import annotations

import json
import logging
from functools import lru_cache

import redis
from celery.signals import task_failure
from django.conf import settings
from django.db import connection
from django.utils import timezone

logger = logging.getLogger(__name__)

KEEP = 100


def failures_key() -> str:
    # The cache key prefix separates environments (and test processes) sharing one Redis.
    prefix = settings.CACHES["default"].get("KEY_PREFIX", "")
    return f"{prefix}:console:task-failures"


@lru_cache(maxsize=4)
def _client(url: str) -> redis.Redis:
    return redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)


def broker_redis() -> redis.Redis:
    return _client(settings.CELERY_BROKER_URL)


def failure_record(*, task_name: str, task_id: str, error: str, schema_name: str) -> None:
    entry = {
        "task": task_name,
        "id": task_id,
        "error": error[:500],
        "schema": schema_name,
        "at": timezone.now().isoformat(),
    }
    client = broker_redis()
    pipe = client.pipeline()
    pipe.lpush(failures_key(), json.dumps(entry, ensure_ascii=False))
    pipe.ltrim(failures_key(), 0, KEEP - 1)
    pipe.execute()


def failures_recent(limit: int = KEEP) -> list[dict]:
    raw = broker_redis().lrange(failures_key(), 0, limit - 1)
    return [json.loads(item) for item in raw]


@task_failure.connect(dispatch_uid="console.task_failure")
def _on_task_failure(sender=None, task_id=None, exception=None, **kwargs) -> None:
    try:
        failure_record(
            task_name=getattr(sender, "name", str(sender)),
            task_id=str(task_id or ""),
            error=f"{type(exception).__name__}: {exception}",
            schema_name=getattr(connection, "schema_name", ""),
        )
    except Exception:  # never turn a task failure into a second one
        logger.warning("could not record a task failure", exc_info=True)
