"""Daily reconciliation against WeChat Pay's trade bill (bills are ready after 10:00 the next day)."""

from __future__ import annotations

import datetime

from celery import shared_task
from django.utils import timezone


@shared_task(name="payments.reconcile_yesterday", queue="default", time_limit=600)
def reconcile_yesterday() -> str:
    from tenant_apps.payments.models import MerchantSettings
    from tenant_apps.payments.services import reconcile_day

    if not MerchantSettings.objects.filter(is_enabled=True).exists():
        return "not configured"
    return reconcile_day(bill_date=timezone.localdate() - datetime.timedelta(days=1)).status


@shared_task(name="payments.resend_refunds", queue="default", time_limit=300)
def resend_refunds() -> int:
    """Refunds still processing after a minute are sent again with the same number (no double refund)."""
    from tenant_apps.payments.models import MerchantSettings
    from tenant_apps.payments.services import refunds_resend

    if not MerchantSettings.objects.filter(is_enabled=True).exists():
        return 0
    return refunds_resend()
