from celery import shared_task
from django.core.cache import cache

from shared_apps.provisioning.pool import spare_pool_fill, spares_refresh


@shared_task(name="provisioning.refill_spare_pool", queue="default", time_limit=600)
def refill_spare_pool() -> int:
    """Keep the spare pool full and current. One refill at a time across workers."""
    if not cache.add("provisioning:refill-lock", "1", timeout=600):
        return 0
    try:
        spares_refresh()
        return spare_pool_fill()
    finally:
        cache.delete("provisioning:refill-lock")
