"""Live servers for tests that need real processes: the WSGI app in a thread, and a real
Celery worker in a subprocess, both on the worker's test database."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from socketserver import ThreadingMixIn
from typing import ClassVar
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from django.conf import settings
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.core.handlers.wsgi import WSGIHandler


class _ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True
    allow_reuse_address = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):  # keep test output readable
        pass


class LiveServer:
    def __init__(self) -> None:
        self.httpd = make_server("127.0.0.1", 0, StaticFilesHandler(WSGIHandler()), server_class=_ThreadingWSGIServer, handler_class=_QuietHandler)
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def start(self) -> LiveServer:
        self.thread.start()
        return self

    def url(self, slug: str | None, path: str = "/") -> str:
        host = f"{slug}.{settings.BASE_DOMAIN}" if slug else settings.BASE_DOMAIN
        return f"http://{host}:{self.port}{path}"

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def wait_until(predicate, timeout: float = 120.0, interval: float = 0.2):
    """Poll `predicate` until it returns something truthy (returned) or `timeout` seconds pass
    (None): for tests waiting on a worker process or a fake provider."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    return None


def database_url() -> str:
    db = settings.DATABASES["default"]
    user = db.get("USER") or "postgres"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    host = db.get("HOST") or "127.0.0.1"
    if host.startswith("/"):
        from urllib.parse import quote

        host = quote(host, safe="")
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgres://{user}{password}@{host}{port}/{db['NAME']}"


class CeleryWorker:
    """`celery worker` as a real process against the test database and Redis."""

    running: ClassVar[set[CeleryWorker]] = set()  # started in this test process, not yet stopped
    ready_marker = b"ready."

    @classmethod
    @contextlib.contextmanager
    def others_paused(cls):
        """Stop the workers already running in this process (e.g. the session-wide one) for a
        test that must be the only consumer of the queue, and start them again after it. Tasks
        that earlier tests queued and no worker ran are dropped first: the sole consumer must
        not run them against what this test set up (another test's SMS through its fake)."""
        from celery import current_app

        paused = list(cls.running)
        for worker in paused:
            worker.stop()
        with current_app.connection_for_write() as connection:
            connection.default_channel.queue_purge("default")
        try:
            yield
        finally:
            for worker in paused:
                worker.start()

    def __init__(self, *, queues: str = "default", concurrency: int = 1, extra_env: dict | None = None) -> None:
        root = Path(settings.BASE_DIR)
        env = dict(os.environ)
        env.update({
            "DJANGO_SETTINGS_MODULE": "config.settings.local",
            "DATABASE_URL": database_url(),
            "REDIS_URL": settings.REDIS_URL,
            "CACHE_KEY_PREFIX": settings.CACHES["default"].get("KEY_PREFIX", ""),
            "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
            "MEDIA_ROOT": settings.MEDIA_ROOT,
            "LOG_FORMAT": "plain",
            "PYTHONUNBUFFERED": "1",
            "PYTHONPATH": f"{root / 'src'}{os.pathsep}{root}",
            **(extra_env or {}),
        })
        self.log_path = Path(settings.MEDIA_ROOT).parent / f"celery-{os.getpid()}-{time.monotonic_ns()}.log"
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self.command = [
            sys.executable, "-m", "celery", "-A", "config", "worker", "-Q", queues, "-c", str(concurrency),
            "--pool", "prefork" if concurrency > 1 else "solo", "--without-gossip", "--without-mingle", "--without-heartbeat", "-l", "INFO",
        ]
        self.env = env
        self.cwd = str(root)
        self.process: subprocess.Popen | None = None

    def start(self) -> CeleryWorker:
        self._log = open(self.log_path, "wb")  # noqa: SIM115
        self.process = subprocess.Popen(self.command, env=self.env, cwd=self.cwd, stdout=self._log, stderr=subprocess.STDOUT)
        CeleryWorker.running.add(self)
        deadline = time.monotonic() + 120  # a loaded CI machine can take a while to import everything
        while time.monotonic() < deadline:
            if self.ready_marker in self.log_path.read_bytes():
                return self
            if self.process.poll() is not None:
                break
            time.sleep(0.2)
        self.stop()  # never leave an orphan worker behind
        raise RuntimeError(f"{self.command[4]} did not start:\n{self.log_path.read_text(errors='replace')[-3000:]}")

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def stop(self) -> None:
        CeleryWorker.running.discard(self)
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
        if getattr(self, "_log", None):
            self._log.close()


class CeleryBeat(CeleryWorker):
    """`celery beat` as a real process, with a schedule file of its own."""

    ready_marker = b"beat: Starting"

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        schedule = self.log_path.with_suffix(".schedule")
        self.command = [sys.executable, "-m", "celery", "-A", "config", "beat", "-l", "INFO", "-s", str(schedule),
                        "--pidfile", str(schedule.with_suffix(".pid"))]
