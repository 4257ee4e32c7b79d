"""Who a message goes to: a plain value, so that any module can build recipients."""

from __future__ import annotations

from dataclasses import dataclass


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
        for prefix, value in (("p", self.phone), ("e", self.email.lower()), ("o", self.openid)):
            if value:
                return f"{prefix}:{value}"
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
