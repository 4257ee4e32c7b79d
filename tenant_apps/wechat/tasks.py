"""WeChat tasks (each runs in the tenant schema it was queued from)."""

from __future__ import annotations

from celery import shared_task

from tenant_apps.wechat.selectors import template_report_unforwarded
from tenant_apps.wechat.services import scan_sessions_purge, template_report_forward


@shared_task(name="wechat.forward_template_report", queue="default", time_limit=60, autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=5)
def forward_template_report(report_id: int) -> bool:
    """Hand one TEMPLATESENDJOBFINISH result to the messaging delivery log (no-op when done)."""
    return template_report_forward(report_id=report_id)


@shared_task(name="wechat.forward_pending_template_reports", queue="default", time_limit=300)
def forward_pending_template_reports() -> int:
    """Safety net for reports whose task was lost (e.g. broker down at callback time)."""
    return sum(template_report_forward(report_id=pk) for pk in template_report_unforwarded().values_list("pk", flat=True)[:1000])


@shared_task(name="wechat.purge_scan_sessions", queue="default", time_limit=300)
def purge_scan_sessions() -> int:
    """Daily, per tenant: back-office scan-login sessions older than a week go."""
    return scan_sessions_purge()
