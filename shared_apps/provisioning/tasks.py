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


@shared_task(name="provisioning.provision_signup", queue="default", time_limit=600, acks_late=True)
def provision_signup(signup_id: int) -> str:
    from shared_apps.provisioning.onboarding import signup_provision

    return signup_provision(signup_id=signup_id).status


@shared_task(name="provisioning.expire_signups", queue="default", time_limit=60)
def expire_signups() -> int:
    from shared_apps.provisioning.onboarding import signups_expire

    return signups_expire()
