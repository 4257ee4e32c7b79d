"""Helpers for mass e-mail and SMS tests (tenant alpha)."""

from __future__ import annotations

import itertools
import uuid

_seq = itertools.count(1)

ALL_PERMS = (
    "alumni_outreach.view_campaign", "alumni_outreach.add_campaign", "alumni_outreach.change_campaign", "alumni_outreach.delete_campaign",
    "alumni_outreach.send_campaign", "alumni_outreach.view_outreachtemplate", "alumni_outreach.add_outreachtemplate",
    "alumni_outreach.change_outreachtemplate", "alumni_outreach.delete_outreachtemplate", "alumni_outreach.view_smsquota",
    "alumni_outreach.change_smsquota", "alumni_outreach.view_birthdaysetting", "alumni_outreach.change_birthdaysetting",
)


def phone(n: int | None = None) -> str:
    return f"137{(n if n is not None else uuid.uuid4().int) % 10**8:08d}"


def make_record(**values):
    from tests.tenant_apps.alumni_records.conftest import make_record as _make

    n = next(_seq)
    values.setdefault("name", f"群发{n}")
    tag = uuid.uuid4().hex[:6]
    values.setdefault("email", f"r{n}{tag}@example.cn")
    values.setdefault("phone", phone())
    values.setdefault("class_year", 1999)
    flags = {key: values.pop(key) for key in ("is_deceased", "contact_opt_out") if key in values}
    record = _make(**values)
    if flags:  # set by their own flows (marking deceased, a refusal), not by record_save
        type(record).objects.filter(pk=record.pk).update(**flags)
        record.refresh_from_db()
    return record


def make_campaign(actor=None, *, channel="email", body=None, class_year=1999, **extra):
    from tenant_apps.alumni.outreach import services

    data = services.CampaignInput(channel=channel, title=extra.pop("title", "返校日邀请"),
                                  body=body or ("<p>{{ name }}校友：欢迎回家！</p>" if channel == "email" else "{{ name }}校友您好，欢迎参加返校日。"),
                                  layout=extra.pop("layout", "plain" if channel == "email" else ""), source_filters={"class_year": class_year}, **extra)
    return services.campaign_save(actor=actor, data=data)


def run_campaign(campaign):
    from tenant_apps.alumni.outreach import selectors
    from tests.tenant_apps.messaging.conftest import run_message

    campaign.refresh_from_db()
    message = selectors.campaign_message(campaign)
    run_message(message)
    return message
