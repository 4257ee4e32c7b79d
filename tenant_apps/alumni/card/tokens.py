"""The live token a card page shows: Django's signer with a timestamp (SECRET_KEY), salted with
the tenant, valid LIVE_TOKEN_SECONDS. core.tickets signs long-lived door tickets without an
expiry (checked offline), which is the opposite of what a liveness proof needs, so it is not
used here (docs/decisions/0136)."""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.core import signing
from django.db import connection

LIVE_TOKEN_SECONDS = 30
REFRESH_SECONDS = 10


@dataclass(frozen=True)
class LiveToken:
    scan_id: int
    card_id: int
    partner_id: int
    age: int  # seconds since the server signed it


class TokenExpired(ValueError):
    """Genuine but older than LIVE_TOKEN_SECONDS: a screenshot or a replay."""

    def __init__(self, age: int | None = None):
        super().__init__("expired")
        self.age = age


class TokenInvalid(ValueError):
    """Not signed by us for this tenant (forged, altered or another tenant's)."""


def _salt() -> str:
    return f"alumni_card.live:{connection.schema_name}"


def make(*, scan_id: int, card_id: int, partner_id: int) -> str:
    return signing.dumps({"s": scan_id, "c": card_id, "p": partner_id}, salt=_salt())


def read(token: str, *, max_age: int = LIVE_TOKEN_SECONDS) -> LiveToken:
    token = (token or "").strip()
    try:
        data = signing.loads(token, salt=_salt(), max_age=None)  # signature first, age below
        signed_at = signing.b62_decode(token.split(":")[-2])
    except (signing.BadSignature, ValueError, IndexError) as exc:
        raise TokenInvalid("invalid") from exc
    age = max(0, int(time.time()) - int(signed_at))
    if age > max_age:
        raise TokenExpired(age)
    try:
        return LiveToken(scan_id=int(data["s"]), card_id=int(data["c"]), partner_id=int(data["p"]), age=age)
    except (KeyError, TypeError, ValueError) as exc:
        raise TokenInvalid("invalid") from exc
