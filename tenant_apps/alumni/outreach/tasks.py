"""Celery tasks of mass e-mail and SMS: thin, named, idempotent."""

from __future__ import annotations

from celery import shared_task

from tenant_apps.alumni.outreach import services


@shared_task(name="alumni_outreach.send_birthday_greetings", queue="default", time_limit=600)
def send_birthday_greetings() -> int:
    """Daily, per tenant (core.fan_out): greet those born today; a second run the same day does nothing."""
    run = services.birthday_greetings_send()
    return run.recipient_count if run is not None else 0
