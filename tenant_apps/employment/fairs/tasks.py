from celery import shared_task


@shared_task(name="employment_fairs.periodic", queue="default", time_limit=300)
def periodic() -> dict:
    """Every 10 minutes per tenant: reminders 24 h before, no-shows of fairs that ended."""
    from tenant_apps.employment.fairs.services import fairs_close_due, reminders_send_due

    return {"reminded": reminders_send_due(), "closed": fairs_close_due()}
