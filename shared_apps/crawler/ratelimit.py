"""A per-host pace shared by every process that crawls: one Redis key per host holds the
earliest moment the next request may start. A Lua script reserves the next slot atomically,
so two Celery workers (or two processes of one worker) never hit a host closer together than
the interval, whatever order they come in (docs/decisions/0110-crawler-politeness.md)."""

from __future__ import annotations

import time
from collections.abc import Callable

import redis
from django.conf import settings

KEY_PREFIX = "crawler:pace:"

# KEYS[1] = the host's key; ARGV[1] = interval in ms. Uses the server's clock, so processes on
# different machines agree. Returns how many ms the caller must wait before its request.
_RESERVE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local interval = tonumber(ARGV[1])
local next_free = tonumber(redis.call('GET', KEYS[1]) or '0')
local slot = math.max(now, next_free)
redis.call('SET', KEYS[1], slot + interval, 'PX', interval + 60000)
return slot - now
"""

_client: redis.Redis | None = None


def client() -> redis.Redis:
    global _client
    if _client is None:
        _client = redis.Redis.from_url(settings.REDIS_URL, socket_timeout=5)
    return _client


class HostPace:
    def __init__(self, connection: redis.Redis | None = None, sleep: Callable[[float], None] = time.sleep) -> None:
        self.redis = connection or client()
        self.script = self.redis.register_script(_RESERVE)
        self.sleep = sleep

    def reserve(self, host: str, interval_seconds: float) -> float:
        """Books the next free slot for `host`; returns the seconds to wait for it."""
        waited_ms = int(self.script(keys=[KEY_PREFIX + host.lower()], args=[max(0, int(interval_seconds * 1000))]))
        return waited_ms / 1000

    def wait(self, host: str, interval_seconds: float) -> float:
        delay = self.reserve(host, interval_seconds)
        if delay > 0:
            self.sleep(delay)
        return delay
