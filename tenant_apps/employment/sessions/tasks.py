from celery import shared_task


@shared_task(name="employment_sessions.send_reminders", queue="default", time_limit=300)
def send_reminders() -> int:
    from tenant_apps.employment.sessions.services import reminders_send_due

    return reminders_send_due()
