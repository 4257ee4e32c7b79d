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


@shared_task(name="provisioning.backup_all_tenants", queue="default", time_limit=300)
def backup_all_tenants() -> int:
    """Daily: one backup task per tenant (public-schema job fanning out)."""
    from shared_apps.provisioning.models import Tenant

    slugs = list(Tenant.objects.exclude(schema_name="public").values_list("schema_name", flat=True))
    for slug in slugs:
        backup_tenant.delay(slug)
    return len(slugs)


@shared_task(name="provisioning.backup_tenant", queue="default", time_limit=3600, autoretry_for=(OSError,), retry_backoff=True, max_retries=3)
def backup_tenant(slug: str) -> str:
    from shared_apps.provisioning.backups import backups_prune, tenant_backup

    key = tenant_backup(slug=slug)
    backups_prune(slug=slug)
    return key
