"""Sentry is switched on by SENTRY_DSN and tags events with the tenant.

A small HTTP server on 127.0.0.1 plays the Sentry ingestion endpoint (envelope API). The
app runs in a subprocess because the SDK is initialised when settings are imported."""

import gzip
import json
import os
import subprocess
import sys
import threading
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.conf import settings

from core.testing.live import database_url

REPO_ROOT = Path(settings.BASE_DIR)

APP_SCRIPT = r"""
import sys, types
import django
django.setup()
from django.conf import settings
from django.urls import include, path

def boom(request):
    raise RuntimeError("sentry test explosion")

urls = types.ModuleType("sentry_test_urls")
urls.urlpatterns = [path("boom/", boom), path("", include("config.urls_tenants"))]
sys.modules["sentry_test_urls"] = urls
settings.ROOT_URLCONF = "sentry_test_urls"

import sentry_sdk
assert sentry_sdk.get_client().is_active(), "sentry not initialised"
from django.test import Client
response = Client(raise_request_exception=False).get("/boom/", HTTP_HOST="live." + settings.BASE_DOMAIN, HTTP_X_REQUEST_ID="sentry-req-1")
print("STATUS", response.status_code)
sentry_sdk.flush(timeout=10)
"""


class _SentryIngest(BaseHTTPRequestHandler):
    envelopes: list[list[dict]] = []
    paths: list[str] = []

    def do_POST(self):  # noqa: N802 - http.server API
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        encoding = self.headers.get("Content-Encoding", "")
        if encoding == "gzip":
            body = gzip.decompress(body)
        elif encoding == "deflate":
            body = zlib.decompress(body)
        items = []
        for line in body.splitlines():
            try:
                items.append(json.loads(line))
            except ValueError:
                items.append({"_raw": line[:200].decode(errors="replace")})
        type(self).envelopes.append(items)
        type(self).paths.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b'{"id": "0"}')

    def log_message(self, *args):
        pass


@pytest.fixture
def sentry_server():
    _SentryIngest.envelopes, _SentryIngest.paths = [], []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _SentryIngest)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def _run_app(env_extra: dict) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    env.update({
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DATABASE_URL": database_url(),
        "REDIS_URL": settings.REDIS_URL,
        "LOG_FORMAT": "plain",
        "PYTHONPATH": f"{REPO_ROOT / 'src'}{os.pathsep}{REPO_ROOT}",
        "SENTRY_ENVIRONMENT": "test",
        **env_extra,
    })
    return subprocess.run([sys.executable, "-c", APP_SCRIPT], env=env, cwd=REPO_ROOT, capture_output=True, text=True, timeout=120)


def test_exception_in_tenant_request_reaches_sentry_tagged_with_tenant(live_db, sentry_server):
    port = sentry_server.server_address[1]
    result = _run_app({"SENTRY_DSN": f"http://publickey@127.0.0.1:{port}/1"})
    assert result.returncode == 0, result.stderr[-3000:]
    assert "STATUS 500" in result.stdout
    events = [item for envelope in _SentryIngest.envelopes for item in envelope if "exception" in item]
    assert events, f"no event received: {_SentryIngest.envelopes!r}"
    event = events[0]
    assert _SentryIngest.paths[0].startswith("/api/1/envelope/")
    assert event["tags"]["tenant"] == "live"
    assert event["tags"]["request_id"] == "sentry-req-1"
    assert event["environment"] == "test"
    assert event["exception"]["values"][-1]["value"] == "sentry test explosion"


def test_no_dsn_means_no_sentry(live_db):
    script = "import django; django.setup(); import sentry_sdk; print('ACTIVE', sentry_sdk.get_client().is_active())"
    env = dict(os.environ)
    env.pop("SENTRY_DSN", None)
    env.update({
        "DJANGO_SETTINGS_MODULE": "config.settings.local", "DATABASE_URL": database_url(),
        "PYTHONPATH": f"{REPO_ROOT / 'src'}{os.pathsep}{REPO_ROOT}",
    })
    result = subprocess.run([sys.executable, "-c", script], env=env, cwd=REPO_ROOT, capture_output=True, text=True, timeout=60)
    assert "ACTIVE False" in result.stdout, result.stderr[-2000:]


TASK_SCRIPT = r"""
import django
django.setup()
import sentry_sdk
from django_tenants.utils import schema_context
with schema_context("live"):
    try:
        raise ValueError("inside a tenant task")
    except ValueError:
        sentry_sdk.capture_exception()
sentry_sdk.flush(timeout=10)
"""


def test_errors_outside_requests_are_tagged_with_the_schema(live_db, sentry_server):
    port = sentry_server.server_address[1]
    env = dict(os.environ)
    env.update({
        "DJANGO_SETTINGS_MODULE": "config.settings.local", "DATABASE_URL": database_url(),
        "REDIS_URL": settings.REDIS_URL, "SENTRY_DSN": f"http://publickey@127.0.0.1:{port}/1",
        "PYTHONPATH": f"{REPO_ROOT / 'src'}{os.pathsep}{REPO_ROOT}",
    })
    result = subprocess.run([sys.executable, "-c", TASK_SCRIPT], env=env, cwd=REPO_ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    events = [item for envelope in _SentryIngest.envelopes for item in envelope if "exception" in item]
    assert events and events[0]["tags"]["tenant"] == "live"
