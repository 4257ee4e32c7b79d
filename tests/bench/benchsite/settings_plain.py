"""The same stack with tenancy taken out: plain PostgreSQL backend, no tenant middleware,
every request served from the public schema. The baseline for the tenancy overhead."""

from config.settings.local import *  # noqa: F403

DEBUG = False
ROOT_URLCONF = "benchsite.urls"
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
INSTALLED_APPS = [app for app in INSTALLED_APPS if app != "django_tenants"]  # noqa: F405
DATABASE_ROUTERS = []
DATABASES["default"]["ENGINE"] = "django.db.backends.postgresql"  # noqa: F405
_TENANCY = {"core.tenancy.CachedTenantMiddleware", "core.tenancy.TenantStatusMiddleware", "core.tenancy.ModuleGateMiddleware"}
MIDDLEWARE = [m for m in MIDDLEWARE if m not in _TENANCY]  # noqa: F405
