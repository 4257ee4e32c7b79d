import os

from config.settings.base import *  # noqa: F403
from config.settings.env import env

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed; Argon2 is checked on base settings
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TENANT_CACHE_SECONDS = 0
LOGGING["handlers"]["console"]["formatter"] = "plain"  # noqa: F405
LOGGING["root"]["level"] = "WARNING"  # noqa: F405

# Each test process (xdist worker) has its own database (copied from one template, see
# core/testing/database.py), its own Redis database and cache key prefix, so that parallel
# workers and even two test runs at once do not see each other's data, queues or counters.
_worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
_process = f"{_worker}p{os.getpid()}"
# The test databases are named after DATABASE_URL's database (campus_ci -> campus_ci_test,
# campus_ci_test_tpl), so two checkouts or runs pointed at different databases never share (and
# rebuild under each other) one template. TEST_DATABASE_NAME overrides.
_url_database = DATABASES["default"]["NAME"] or "campus"  # noqa: F405
DATABASES["default"]["NAME"] = env(  # noqa: F405
    "TEST_DATABASE_NAME", default="campus_test" if _url_database in ("campus", "campus_saas") else f"{_url_database}_test",
)
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
_redis_base = env("REDIS_URL", default="redis://127.0.0.1:6379/0").rsplit("/", 1)[0]
# Redis databases 1-12: three per xdist worker (gw0: 1-3, gw1: 4-6, ...), picked by the process id
# within that range, so the workers of one run never share a broker (a worker process started by
# one would take the other's tasks and run them against the wrong database).
_worker_index = int(_worker[2:]) if _worker[2:].isdigit() else 0
REDIS_URL = f"{_redis_base}/{1 + (_worker_index % 4) * 3 + os.getpid() % 3}"
CACHES["default"]["LOCATION"] = REDIS_URL  # noqa: F405
CACHES["default"]["KEY_PREFIX"] = f"test{_process}"  # noqa: F405
CELERY_BROKER_URL = REDIS_URL
MEDIA_ROOT = str(BASE_DIR / "var" / "test-media" / _process)  # noqa: F405
SPARE_SCHEMA_POOL_SIZE = 0  # pool tests set their own target
# Local fake providers (tests/tenant_apps/messaging/fakes.py) listen on 127.0.0.1: the
# outbound guard is switched back on by the tests that prove its refusals.
# Worker processes the tests start (core.testing.live, local settings) inherit the same.
os.environ.setdefault("MESSAGING_TENANT_ENDPOINTS_ALLOWED", "1")
os.environ.setdefault("MESSAGING_SMTP_ALLOWED_HOSTS", "127.0.0.1,localhost")
MESSAGING_TENANT_ENDPOINTS_ALLOWED = True
MESSAGING_SMTP_ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
