"""Production refuses to start without what it needs to sell and send (issue 12, items 1, 7):
a files bucket and an e-mail backend that really sends."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.conf import settings

BASE_ENV = {
    "SECRET_KEY": "x" * 50, "FIELD_ENCRYPTION_KEYS": "k1", "FIELD_HASH_KEY": "h1",
    "FILES_S3_BUCKET": "campus-prod-files", "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend", "EMAIL_HOST": "smtp.example.cn",
}


def _load(**overrides) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in BASE_ENV and not k.startswith(("EMAIL_", "FILES_"))}
    env.update(BASE_ENV)
    env.update({k: v for k, v in overrides.items() if v is not None})
    for key, value in overrides.items():
        if value is None:
            env.pop(key, None)
    env["PYTHONPATH"] = f"{settings.BASE_DIR / 'src'}{os.pathsep}{settings.BASE_DIR}"
    return subprocess.run([sys.executable, "-c", "import config.settings.production as s; print(s.STORAGES['default']['BACKEND'])"],
                          env=env, capture_output=True, text=True, timeout=60)


def test_production_settings_load_with_bucket_and_mail():
    result = _load()
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "core.storage.TenantS3Storage"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"EMAIL_BACKEND": None}, "EMAIL_BACKEND must name a backend that sends"),
        ({"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}, "EMAIL_BACKEND must name a backend that sends"),
        ({"EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"}, "EMAIL_BACKEND must name a backend that sends"),
        ({"EMAIL_HOST": None}, "EMAIL_HOST is required"),
        ({"FILES_S3_BUCKET": None}, "FILES_S3_BUCKET must name the files bucket"),
    ],
)
def test_production_refuses_to_start_without(overrides, message):
    result = _load(**overrides)
    assert result.returncode != 0
    assert message in result.stderr
