"""Product settings plus the bench app, against a throw-away bench database."""

from config.settings.local import *  # noqa: F403

DEBUG = False
TENANT_APPS = [*TENANT_APPS, "provbench"]  # noqa: F405
INSTALLED_APPS = [*INSTALLED_APPS, "provbench"]  # noqa: F405
DATABASES["default"]["NAME"] = "campus_bench_provisioning"  # noqa: F405
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
SPARE_SCHEMA_POOL_SIZE = 0
