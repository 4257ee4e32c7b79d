"""Helpers for the cloud card tests: verified card holders through the real join flow, partners,
coupon batches, and a replayed (old) live token as a screenshot would carry it."""

from __future__ import annotations

import datetime
import itertools
import time

from django.core import signing
from django.utils import timezone

_seq = itertools.count(1)
CARD_PERMS = (
    "alumni_card.view_cardsettings", "alumni_card.change_cardsettings", "alumni_card.view_card", "alumni_card.revoke_card", "alumni_card.view_partner",
    "alumni_card.add_partner", "alumni_card.change_partner", "alumni_card.delete_partner", "alumni_card.view_scan", "alumni_card.view_couponbatch",
    "alumni_card.add_couponbatch", "alumni_card.change_couponbatch", "alumni_card.view_coupon", "alumni_card.change_coupon", "alumni_card.issue_coupon",
    "alumni_card.manage_key_alumni", "alumni_card.receive_key_alert",
)


def verified_alumnus(name: str | None = None):
    """(user, member, record) of an alumnus who joined and was matched to their record."""
    from tests.tenant_apps.alumni_records.conftest import join_verified

    n = next(_seq)
    return join_verified(name=name or f"云卡{n}号", class_year=1990 + n % 30, birth=datetime.date(1970 + n % 30, 1 + n % 12, 1 + n % 27))


def card_holder(name: str | None = None):
    from tenant_apps.alumni.card.services import card_claim

    user, member, record = verified_alumnus(name)
    return card_claim(actor=user, via="link"), record


def make_partner(name: str | None = None, **extra):
    from tenant_apps.alumni.card.services import PartnerInput, partner_save

    return partner_save(actor=None, data=PartnerInput(name=name or f"合作机构{next(_seq)}", category=extra.pop("category", "canteen"), **extra))


def make_batch(partner=None, **extra):
    from tenant_apps.alumni.card.services import BatchInput, batch_save

    now = timezone.now()
    data = BatchInput(name=extra.pop("name", f"午餐券{next(_seq)}"), kind=extra.pop("kind", "meal"), valid_from=extra.pop("valid_from", now - datetime.timedelta(hours=1)),
                      valid_until=extra.pop("valid_until", now + datetime.timedelta(days=3)), partner_id=partner.pk if partner else None, **extra)
    return batch_save(actor=None, data=data)


class _PastSigner(signing.TimestampSigner):
    seconds_ago = 300

    def timestamp(self):
        return signing.b62_encode(int(time.time()) - self.seconds_ago)


def old_token(scan, seconds_ago: int = 300) -> str:
    """The token a screenshot taken `seconds_ago` would show: genuinely signed by the server then."""
    from django.db import connection

    signer = _PastSigner(salt=f"alumni_card.live:{connection.schema_name}")
    signer.seconds_ago = seconds_ago
    return signer.sign_object({"s": scan.pk, "c": scan.card_id, "p": scan.partner_id})
