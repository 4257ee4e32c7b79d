import os

from config.settings.base import *  # noqa: F403
from config.settings.env import env

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed; Argon2 is checked on base settings
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TENANT_CACHE_SECONDS = 0
LOGGING["handlers"]["console"]["formatter"] = "plain"  # noqa: F405
LOGGING["root"]["level"] = "WARNING"  # noqa: F405

# Each xdist worker has its own database (copied from one template) and its own Redis db.
_worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
_worker_index = int(_worker[2:]) if _worker[2:].isdigit() else 0
DATABASES["default"]["NAME"] = env("TEST_DATABASE_NAME", default="campus_test")  # noqa: F405
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
_redis_base = env("REDIS_URL", default="redis://127.0.0.1:6379/0").rsplit("/", 1)[0]
REDIS_URL = f"{_redis_base}/{1 + (_worker_index % 14)}"
CACHES["default"]["LOCATION"] = REDIS_URL  # noqa: F405
CELERY_BROKER_URL = REDIS_URL
MEDIA_ROOT = str(BASE_DIR / "var" / "test-media" / _worker)  # noqa: F405
SPARE_SCHEMA_POOL_SIZE = 0  # pool tests set their own target
