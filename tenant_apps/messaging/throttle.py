"""Shared counters in Redis: provider rate limits (all workers together) and request limits.

Keys carry the tenant schema, so one tenant's traffic never slows another's.
"""

from __future__ import annotations

import time

from django.db import connection
from django_redis import get_redis_connection


def _redis():
    return get_redis_connection("default")


def provider_acquire(provider: str, rate_per_second: int, *, tokens: int = 1) -> float:
    """Block until `tokens` sends fit in this second's window for (tenant, provider).
    A fixed one-second window shared by every worker. Returns seconds waited."""
    if rate_per_second <= 0:
        return 0.0
    redis = _redis()
    waited = 0.0
    schema = connection.schema_name
    while True:
        now = time.time()
        window = int(now)
        key = f"messaging:rate:{schema}:{provider}:{window}"
        pipe = redis.pipeline()
        pipe.incrby(key, tokens)
        pipe.expire(key, 3)
        count = pipe.execute()[0]
        if count <= rate_per_second:
            return waited
        pause = window + 1 - now + 0.001
        time.sleep(pause)
        waited += pause


def hit(key: str, *, limit: int, window_seconds: int) -> bool:
    """Count one hit in a fixed window; False when the limit is already reached."""
    redis = _redis()
    full_key = f"messaging:limit:{connection.schema_name}:{key}:{int(time.time()) // window_seconds}"
    pipe = redis.pipeline()
    pipe.incr(full_key)
    pipe.expire(full_key, window_seconds + 1)
    count = pipe.execute()[0]
    return count <= limit


def peek(key: str, *, window_seconds: int) -> int:
    redis = _redis()
    full_key = f"messaging:limit:{connection.schema_name}:{key}:{int(time.time()) // window_seconds}"
    return int(redis.get(full_key) or 0)
