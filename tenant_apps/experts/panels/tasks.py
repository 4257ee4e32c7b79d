from celery import shared_task


@shared_task(name="expert_panels.expire_invitations", queue="default", time_limit=300)
def expire_invitations() -> int:
    """No answer by the deadline → status "no answer" and a replacement (runs per tenant)."""
    from tenant_apps.experts.panels.services import members_expire_overdue

    return members_expire_overdue()
