"""Periodic file jobs (queued per tenant by core.fan_out, see integrations/celery.py)."""

from __future__ import annotations

from celery import shared_task

from core.files.retention import purge_expired_job_files


@shared_task(name="core.files_purge_expired", queue="default", time_limit=600)
def purge_expired_files() -> int:
    return purge_expired_job_files()
