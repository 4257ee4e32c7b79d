"""Providers that stay inside our database: in-app letters and the outbox. Both are
idempotent by key (a letter per delivery id, an outbox entry per out_id), so a crashed batch
is simply sent again."""

from __future__ import annotations

from tenant_apps.messaging.models import SECRET_MASK, Letter, OutboxEntry
from tenant_apps.messaging.providers.base import OutgoingItem, Provider, SendResult

NOT_CONFIGURED = "未发送：未配置发送渠道"
OUTBOX_CHOSEN = "未发送：该渠道设为发件箱（不实际发送）"


def _delivery_id(out_id: str) -> int:
    return int(out_id.rsplit("d", 1)[1])


class LetterProvider(Provider):
    name = "letter"
    channel = "letter"
    supports_idempotency_key = True

    def _letter(self, item: OutgoingItem) -> Letter:
        return Letter(
            delivery_id=_delivery_id(item.out_id), user_id=int(item.to), title=item.subject[:200], body=item.body, link=item.link, message_id=item.message_id
        )

    def send(self, item: OutgoingItem) -> SendResult:
        return self.send_many([item])[item.out_id]

    def send_many(self, items: list[OutgoingItem]) -> dict[str, SendResult]:
        Letter.objects.bulk_create([self._letter(item) for item in items], ignore_conflicts=True)
        by_delivery = dict(Letter.objects.filter(delivery_id__in=[_delivery_id(i.out_id) for i in items]).values_list("delivery_id", "pk"))
        return {item.out_id: SendResult(f"letter-{by_delivery[_delivery_id(item.out_id)]}") for item in items}


class OutboxProvider(Provider):
    """Keeps what would have been sent (no credentials configured)."""

    name = "outbox"
    supports_idempotency_key = True
    delivers = False

    def __init__(self, config=None, *, channel: str = "") -> None:
        super().__init__(config)
        self.channel = channel
        self.not_sent_reason = NOT_CONFIGURED if config is None else OUTBOX_CHOSEN

    @staticmethod
    def _entry(item: OutgoingItem) -> OutboxEntry:
        return OutboxEntry(
            out_id=item.out_id,
            channel=item.channel,
            to_address=item.to,
            subject=item.subject[:200],
            body=item.body,
            message_id=item.message_id,
            is_secret=item.is_secret,
            extra={
                "template_code": item.template_code,
                "template_params": {key: SECRET_MASK for key in item.template_params} if item.is_secret else item.template_params,
                "link": item.link,
                "name": item.recipient_name,
                **({"html": item.html_body} if item.html_body else {}),
            },
        )

    def send(self, item: OutgoingItem) -> SendResult:
        return self.send_many([item])[item.out_id]

    def send_many(self, items: list[OutgoingItem]) -> dict[str, SendResult]:
        OutboxEntry.objects.bulk_create([self._entry(item) for item in items], ignore_conflicts=True)
        by_out_id = dict(OutboxEntry.objects.filter(out_id__in=[i.out_id for i in items]).values_list("out_id", "pk"))
        return {item.out_id: SendResult(f"outbox-{by_out_id[item.out_id]}") for item in items}
