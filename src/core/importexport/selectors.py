"""Reads for import/export jobs. A person sees their own jobs; superusers see everyone's."""

from __future__ import annotations

from django.db.models import QuerySet

from core.files import register_download_rule
from core.models import FileJob


def job_list(*, user, kind: str = "", spec: str = "") -> QuerySet[FileJob]:
    queryset = FileJob.objects.all()
    if not user.is_superuser:
        queryset = queryset.filter(created_by_id=user.pk)
    if kind:
        queryset = queryset.filter(kind=kind)
    if spec:
        queryset = queryset.filter(spec=spec)
    return queryset.order_by("-created_at", "-id")


def job_get(*, user, job_id: int) -> FileJob:
    """A job the user may see, or FileJob.DoesNotExist (views answer 404)."""
    return job_list(user=user).get(pk=job_id)


def job_file_allowed(user, job: FileJob) -> bool:
    """Re-checked when a signed link to a job's file is opened (core.files)."""
    return bool(user.is_superuser or job.created_by_id == user.pk)


register_download_rule("core.FileJob", job_file_allowed)
