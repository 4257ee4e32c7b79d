from celery import shared_task

from tenant_apps.accounts.security import expire_ip_blocks as _expire


@shared_task(name="accounts.expire_ip_blocks", queue="default", time_limit=60)
def expire_ip_blocks() -> int:
    return _expire()
