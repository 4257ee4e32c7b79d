"""Provider interface and registry.

A provider sends one item on one channel. Each tenant chooses a provider per channel in
ProviderConfig; with none configured (or the provider not registered), the outbox provider
keeps what would have been sent. Other apps add providers with `register_provider`, e.g. the
wechat app registers its template-message provider (it owns the access token):

    register_provider("wechat", "wechat_template", lambda config: WeChatTemplateProvider(config))

A factory receives the tenant's active ProviderConfig for the channel, or None when the tenant
has none; it returns a Provider, or None for "not configured here" (the outbox is used).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class OutgoingItem:
    """What a provider is asked to send."""

    channel: str
    to: str  # phone, e-mail, openid or user id, depending on the channel
    subject: str
    body: str
    out_id: str  # our id; the idempotency key for providers that honour one
    recipient_name: str = ""
    link: str = ""
    template_code: str = ""  # provider-side template (SMS template code, WeChat template id)
    template_params: dict[str, Any] = field(default_factory=dict)
    message_id: int | None = None
    user_id: int | None = None
    # A one-time code is in the text: staff never see it (outbox pages and API mask it).
    is_secret: bool = False
    # Voice only: the keys the callee may press (an interactive call, e.g. ("1", "2", "3")); empty
    # for a plain notification call.
    voice_keys: tuple[str, ...] = ()
    # E-mail only: an HTML alternative of `body` and extra headers (e.g. List-Unsubscribe),
    # set per recipient by an item personaliser (see dispatch.register_item_personalizer).
    html_body: str = ""
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class SendResult:
    provider_message_id: str = ""


class Provider:
    """One adapter per outside service. Raise `ProviderError` on failure."""

    name: str = ""
    channel: str = ""
    # True when sending the same out_id twice delivers once (safe to re-send after a crash).
    supports_idempotency_key: bool = False
    # Calls per second for this tenant (shared by all workers); 0 = no limit.
    rate_per_second: int = 0
    # False for the outbox: what it "sends" never leaves the building (shown as not sent).
    delivers: bool = True
    not_sent_reason: str = ""

    def __init__(self, config=None) -> None:
        self.config = config
        options = dict(getattr(config, "options", None) or {})
        self.options = options
        self.secrets = getattr(config, "secret_values", None) or {}
        if options.get("rate_per_second") is not None:
            self.rate_per_second = int(options["rate_per_second"])

    def send(self, item: OutgoingItem) -> SendResult:  # pragma: no cover - interface
        raise NotImplementedError

    def close(self) -> None:
        """Release connections held across one batch."""


ProviderFactory = Callable[[Any], "Provider | None"]

_registry: dict[tuple[str, str], ProviderFactory] = {}


def register_provider(channel: str, name: str, factory: ProviderFactory) -> None:
    """Make provider `name` available for `channel` (last registration wins)."""
    _registry[(channel, name)] = factory


def registered_provider(channel: str, name: str) -> ProviderFactory | None:
    return _registry.get((channel, name))


def registered_for_channel(channel: str) -> list[tuple[str, ProviderFactory]]:
    return [(name, factory) for (ch, name), factory in _registry.items() if ch == channel]
