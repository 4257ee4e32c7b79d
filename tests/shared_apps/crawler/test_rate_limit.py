"""The per-host pace is shared through Redis: two separate processes hitting one host keep the
interval between any two requests, and another host is not slowed down."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import redis
from django.conf import settings

from shared_apps.crawler.fixture_server import FixtureSite
from shared_apps.crawler.ratelimit import KEY_PREFIX, HostPace

ROOT = Path(settings.BASE_DIR)
INTERVAL = 0.3
WORKER = textwrap.dedent("""
    import sys, requests, redis
    from shared_apps.crawler.ratelimit import HostPace
    url, redis_url, count, interval = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
    pace = HostPace(redis.Redis.from_url(redis_url))
    host = url.split("/")[2]
    for _ in range(count):
        pace.wait(host, interval)
        requests.get(url, timeout=5)
""")


def test_two_processes_share_one_pace_per_host():
    site = FixtureSite().start()
    try:
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)])}
        args = [site.base + "/baike/wang-siqi.html", settings.REDIS_URL, "4", str(INTERVAL)]
        workers = [subprocess.Popen([sys.executable, "-c", WORKER, *args], env=env, cwd=ROOT) for _ in range(2)]
        assert [w.wait(timeout=60) for w in workers] == [0, 0]
    finally:
        site.stop()
    times = sorted(hit.at for hit in site.hits)
    assert len(times) == 8
    gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
    assert min(gaps) >= INTERVAL - 0.03, gaps  # measured at the server: a little network jitter allowed


def test_reservations_queue_up_and_hosts_are_independent():
    connection = redis.Redis.from_url(settings.REDIS_URL)
    connection.delete(KEY_PREFIX + "a.example", KEY_PREFIX + "b.example")
    pace = HostPace(connection, sleep=lambda _: None)
    waits = [pace.reserve("a.example", 1.0) for _ in range(3)]
    assert waits[0] == 0 and 0.9 <= waits[1] <= 1.0 and 1.9 <= waits[2] <= 2.0
    assert pace.reserve("B.example", 1.0) == 0  # another host, and host names are case-insensitive
    assert 0.9 <= pace.reserve("b.example", 1.0) <= 1.0
    assert connection.pttl(KEY_PREFIX + "a.example") > 0  # keys expire on their own
