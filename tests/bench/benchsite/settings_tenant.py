"""The product's settings (local) with the bench endpoint added to the tenant URLconf."""

from config.settings.env import env
from config.settings.local import *  # noqa: F403

DEBUG = False
ROOT_URLCONF = "benchsite.urls"
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
# Only for the informational scenario of --limit-set-calls; the product keeps the default.
TENANT_LIMIT_SET_CALLS = env.bool("BENCH_LIMIT_SET_CALLS", default=False)
