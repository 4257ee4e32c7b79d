"""The Celery app: tenant-aware (each task carries and re-enters its schema)."""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
for entry in (str(ROOT / "src"), str(ROOT)):
    if entry not in sys.path:
        sys.path.insert(0, entry)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

from celery.signals import beat_init  # noqa: E402
from tenant_schemas_celery.app import CeleryApp  # noqa: E402

app = CeleryApp("campus_saas")
app.config_from_object("django.conf:settings", namespace="CELERY")
# Re-read a tenant row at most once a minute per worker process.
app.conf.tenant_cache_seconds = 60
app.autodiscover_tasks()


@beat_init.connect
def heartbeat_at_start(sender=None, **kwargs) -> None:
    """Beat's first heartbeat goes out as beat starts, not one interval (30 s) later: /healthz
    turns green as soon as a worker has run it, which proves both alive (a first start used
    to wait half a minute for nothing)."""
    app.send_task("core.worker_heartbeat", queue="default")
