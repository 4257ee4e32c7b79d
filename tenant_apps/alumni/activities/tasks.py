"""Periodic: offers and unpaid holds that ran out free their place for the next in line."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="alumni_activities.expire_due", queue="default", time_limit=120)
def expire_due() -> int:
    from tenant_apps.alumni.activities.services import expire_due as run

    return run()
