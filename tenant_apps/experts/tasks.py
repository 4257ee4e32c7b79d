"""Expert library tasks: run inside the tenant schema they were queued in (tenant-schemas-celery)."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="experts.campaign_notify", queue="default", time_limit=1800)
def campaign_notify(campaign_id: int, confirm_url: str) -> int:
    from tenant_apps.experts.models import ConfirmationCampaign
    from tenant_apps.experts.services import campaign_send_links

    campaign = ConfirmationCampaign.objects.filter(pk=campaign_id).first()
    if campaign is None:
        return 0
    return campaign_send_links(campaign=campaign, confirm_url=confirm_url)


@shared_task(name="experts.freeze_unconfirmed", queue="default", time_limit=600)
def freeze_unconfirmed() -> int:
    """Daily: freeze experts silent past a re-confirmation deadline (idempotent)."""
    from tenant_apps.experts.services import campaigns_freeze_overdue

    return campaigns_freeze_overdue()
