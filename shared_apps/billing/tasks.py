from celery import shared_task

from shared_apps.billing.services import dunning_run


@shared_task(name="billing.dunning", queue="default", time_limit=300)
def dunning() -> int:
    """Daily: tenants past_due beyond the grace period become read-only."""
    return dunning_run()
