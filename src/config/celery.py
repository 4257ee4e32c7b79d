"""The Celery app: tenant-aware (each task carries and re-enters its schema)."""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
for entry in (str(ROOT / "src"), str(ROOT)):
    if entry not in sys.path:
        sys.path.insert(0, entry)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

from tenant_schemas_celery.app import CeleryApp  # noqa: E402

app = CeleryApp("campus_saas")
app.config_from_object("django.conf:settings", namespace="CELERY")
# Re-read a tenant row at most once a minute per worker process.
app.conf.tenant_cache_seconds = 60
app.autodiscover_tasks()
