"""Security headers, watermark, CSRF, cookie and password-hasher settings (P12)."""

from __future__ import annotations

import base64
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db

REPO = Path(settings.BASE_DIR)


def test_backoffice_response_headers(admin_client_a):
    response = admin_client_a.get("/admin-ui/")
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    nonce = re.search(r"'nonce-([^']+)'", policy).group(1)
    assert len(nonce) >= 16
    assert "frame-ancestors 'none'" in policy and "default-src 'self'" in policy
    assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    page = response.content.decode()
    scripts = re.findall(r"<script\b[^>]*>", page)
    assert scripts and all(f'nonce="{nonce}"' in tag for tag in scripts)
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_nonce_changes_per_request(admin_client_a):
    first = admin_client_a.get("/admin-ui/")["Content-Security-Policy"]
    second = admin_client_a.get("/admin-ui/")["Content-Security-Policy"]
    assert first != second


def test_login_page_has_headers_too(client_a):
    response = client_a.get("/admin-ui/login/")
    assert "Content-Security-Policy" in response and response["X-Frame-Options"] == "DENY"


def test_watermark_carries_the_viewers_name(admin_client_a, admin_a):
    page = admin_client_a.get("/admin-ui/").content.decode()
    match = re.search(r'class="watermark"[^>]*style="background-image:url\(\'data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)\'\)"', page)
    assert match, "watermark element missing"
    svg = base64.b64decode(match.group(1)).decode()
    assert "<svg" in svg
    assert (admin_a.display_name or admin_a.username) in svg and admin_a.username in svg


def test_watermark_escapes_names(client_a, tenant_a):
    from django_tenants.utils import schema_context

    from tenant_apps.accounts.models import User

    with schema_context("alpha"):
        user = User.objects.create_user(username="wm-escape", display_name='<script>"x"</script>', kind="staff")
    page = client_a.login_as(user).get("/admin-ui/").content.decode()
    svg = base64.b64decode(re.search(r"data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)", page).group(1)).decode()
    assert "<script>" not in svg and "&lt;script&gt;" in svg


def test_post_without_csrf_token_is_refused(tenant_a, admin_a):
    from tests.conftest import TenantClient  # noqa: I001 - the fixture class, with CSRF checks on

    client = TenantClient(tenant_a, enforce_csrf_checks=True).login_as(admin_a)
    assert client.post("/admin-ui/security/ip-blocks/add/", {"ip": "203.0.113.1"}).status_code == 403
    assert client.post("/admin-ui/logout/").status_code == 403
    anonymous = TenantClient(tenant_a, enforce_csrf_checks=True)
    assert anonymous.post("/admin-ui/login/", {"username": "admin", "password": "x"}).status_code == 403


def test_post_with_csrf_token_is_accepted(tenant_a, admin_a):
    from tests.conftest import TenantClient

    client = TenantClient(tenant_a, enforce_csrf_checks=True).login_as(admin_a)
    client.get("/admin-ui/security/ip-blocks/add/")
    token = client.cookies[settings.CSRF_COOKIE_NAME].value
    response = client.post("/admin-ui/security/ip-blocks/add/", {"ip": "203.0.113.2", "csrfmiddlewaretoken": token})
    assert response.status_code == 302


def test_production_settings_are_secure():
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({k: getattr(s, k) for k in ('SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', 'SESSION_COOKIE_HTTPONLY', "
        "'SECURE_SSL_REDIRECT', 'SECURE_HSTS_SECONDS', 'SECURE_CONTENT_TYPE_NOSNIFF', 'X_FRAME_OPTIONS', 'DEBUG', 'SECURE_PROXY_SSL_HEADER')}))"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "PYTHONPATH": os.pathsep.join([str(REPO / "src"), str(REPO)]),
        "SECRET_KEY": "prod-test-secret-key-0123456789-abcdefghijklmnop",
        "FIELD_ENCRYPTION_KEYS": "prod-key-1,prod-key-0",
        "FIELD_HASH_KEY": "prod-hash-key",
        "SENTRY_DSN": "",
        # Production refuses to start without a files bucket and a sending mail backend.
        "FILES_S3_BUCKET": "campus-prod-files",
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "smtp.example.cn",
    }
    env.pop("DEBUG", None)
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120, cwd=REPO)
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["SESSION_COOKIE_HTTPONLY"] is True
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_HSTS_SECONDS"] >= 31536000
    assert values["SECURE_CONTENT_TYPE_NOSNIFF"] is True
    assert values["X_FRAME_OPTIONS"] == "DENY"
    assert values["DEBUG"] is False
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]


def test_production_settings_refuse_to_start_without_secrets():
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "FIELD_ENCRYPTION_KEYS", "FIELD_HASH_KEY")}
    env.update(DJANGO_SETTINGS_MODULE="config.settings.production", PYTHONPATH=os.pathsep.join([str(REPO / "src"), str(REPO)]))
    result = subprocess.run([sys.executable, "-c", "import django; django.setup()"], env=env, capture_output=True, text=True, timeout=120, cwd=REPO)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr


def test_base_settings_hash_passwords_with_argon2_first():
    import argon2  # noqa: F401 - the hasher's dependency is installed

    from config.settings import base

    assert base.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
