from celery import shared_task


@shared_task(name="employment_jobs.expire_jobs", queue="default", time_limit=300)
def expire_jobs() -> int:
    from tenant_apps.employment.jobs.services import jobs_expire_due

    return jobs_expire_due()
