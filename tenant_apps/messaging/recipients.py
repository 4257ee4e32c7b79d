"""Who a message goes to: a plain value, so that any module can build recipients."""

from __future__ import annotations

from dataclasses import dataclass

from core.crypto import blind_index


@dataclass(frozen=True)
class Recipient:
    """One person to reach. `opted_out` holds channel names the person refused."""

    user_id: int | None = None
    name: str = ""
    phone: str = ""
    email: str = ""
    openid: str = ""
    is_deceased: bool = False
    opted_out: frozenset[str] = frozenset()

    @property
    def key(self) -> str:
        """Identity used to keep one delivery per person in a message."""
        if self.user_id:
            return f"u:{self.user_id}"
        # Keyed hash, never the value: delivery rows must not hold phones or e-mails in clear.
        for prefix, value in (("p", self.phone), ("e", self.email.lower()), ("o", self.openid)):
            if value:
                return f"{prefix}:{blind_index(value)}"
        return f"n:{self.name}"

    def address_for(self, channel: str) -> str:
        if channel == "letter":
            return str(self.user_id) if self.user_id else ""
        if channel == "wechat":
            return self.openid
        if channel in ("sms", "voice"):
            return self.phone
        if channel == "email":
            return self.email
        return ""
