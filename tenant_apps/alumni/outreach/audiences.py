"""How the messaging gateway reaches a campaign: an audience resolver that yields the campaign's
recipients (with unsubscribes applied) and an item personaliser for per-recipient HTML mail."""

from __future__ import annotations

from collections.abc import Iterator

from tenant_apps.messaging.recipients import Recipient


def _campaign_audience(filters: dict) -> Iterator[Recipient]:
    from tenant_apps.alumni.outreach import selectors
    from tenant_apps.alumni.outreach.models import Campaign

    campaign = Campaign.objects.filter(pk=int(filters.get("campaign_id") or 0)).first()
    if campaign is not None:
        yield from selectors.campaign_recipients(campaign)


def register() -> None:
    from tenant_apps.alumni.outreach.services import SOURCE_PREFIX, personalize_item
    from tenant_apps.messaging.services import (
        register_audience_resolver,
        register_item_personalizer,
    )

    register_audience_resolver("alumni_outreach.campaign", _campaign_audience, label="校友群发名单")
    register_item_personalizer(SOURCE_PREFIX, personalize_item)
