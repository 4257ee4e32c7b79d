"""Import and export files are deleted after a retention period (issue 12, P12): the uploaded
sheet, the result and the report of rejected rows hold personal data and must not stay forever.

The period is per tenant where the site settings provide one (`register_retention_days`),
FILES_JOB_RETENTION_DAYS (30) otherwise. The job row stays (who imported what, when, with
which counts); only its files go, and the row says when they went.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.utils import timezone

FILE_FIELDS = ("source_file", "result_file", "report_file")
_provider: list[Callable[[], int | None]] = []


def register_retention_days(func: Callable[[], int | None]) -> None:
    _provider[:] = [func]


def retention_days() -> int:
    days = _provider[0]() if _provider else None
    return int(days or getattr(settings, "FILES_JOB_RETENTION_DAYS", 30))


def purge_expired_job_files(*, days: int | None = None) -> int:
    """Delete the files of import/export jobs older than the retention period in the current
    tenant; returns the number of jobs purged. Running it twice deletes nothing twice."""
    from django.db.models import Q

    from core.audit import audit_record
    from core.models import FileJob

    days = days or retention_days()
    cutoff = timezone.now() - timezone.timedelta(days=days)
    has_files = Q()
    for name in FILE_FIELDS:
        has_files |= ~Q(**{name: ""})
    purged = 0
    for job in FileJob.objects.filter(created_at__lt=cutoff).filter(has_files).order_by("pk").iterator(chunk_size=200):
        for name in FILE_FIELDS:
            stored = getattr(job, name)
            if stored and stored.name:
                stored.storage.delete(stored.name)
                setattr(job, name, "")
        job.params = {**(job.params or {}), "files_purged_at": timezone.now().isoformat(), "retention_days": days}
        job.save(update_fields=[*FILE_FIELDS, "params"])
        purged += 1
    if purged:
        audit_record(actor=None, action="core.files.retention_purge", object_type="core.filejob", after={"jobs": purged, "days": days})
    return purged
