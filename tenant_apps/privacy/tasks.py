from celery import shared_task

from tenant_apps.privacy.services import due_dates_recompute


@shared_task(name="privacy.recompute_due_dates", queue="default", time_limit=300)
def recompute_due_dates() -> int:
    return due_dates_recompute()
