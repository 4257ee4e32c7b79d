from celery import shared_task


@shared_task(name="employment_qa.send_advising_reminders", queue="default", time_limit=300)
def send_advising_reminders() -> int:
    from tenant_apps.employment.qa.services import reminders_send_due

    return reminders_send_due()
