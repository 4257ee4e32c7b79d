from celery import shared_task


@shared_task(name="employment_agreements.expire_invitations", queue="default", time_limit=120)
def expire_invitations() -> int:
    """Invitations past their validity period become expired (running twice changes nothing)."""
    from tenant_apps.employment.agreements.services import invitations_expire_due

    return invitations_expire_due()
