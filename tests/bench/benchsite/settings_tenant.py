"""The product's settings (local) with the bench endpoint added to the tenant URLconf."""

from config.settings.env import env
from config.settings.local import *  # noqa: F403

DEBUG = False
ROOT_URLCONF = "benchsite.urls"
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
# The product's default (one SET per request); --per-cursor-set measures the library default.
TENANT_LIMIT_SET_CALLS = env.bool("BENCH_LIMIT_SET_CALLS", default=True)
