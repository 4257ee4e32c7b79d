"""Workers for import and export jobs. Both are safe to run twice (see services)."""

from __future__ import annotations

from celery import shared_task

from core.importexport.services import export_job_run, import_job_run


@shared_task(name="core.run_import_job", queue="default", time_limit=60 * 60, soft_time_limit=55 * 60, acks_late=True)
def run_import_job(job_id: int) -> int:
    return import_job_run(job_id=job_id).processed_rows


@shared_task(name="core.run_export_job", queue="default", time_limit=30 * 60, soft_time_limit=28 * 60, acks_late=True)
def run_export_job(job_id: int) -> int:
    return export_job_run(job_id=job_id).processed_rows
