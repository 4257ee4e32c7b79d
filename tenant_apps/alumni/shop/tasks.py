"""Periodic: unpaid shop orders past their time expire and give their stock back."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="alumni_shop.expire_unpaid", queue="default", time_limit=120)
def expire_unpaid() -> int:
    from tenant_apps.alumni.shop.services import expire_unpaid as run

    return run()
