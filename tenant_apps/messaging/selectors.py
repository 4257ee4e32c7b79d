"""Reads of the messaging gateway."""

from __future__ import annotations

from django.db.models import QuerySet

from tenant_apps.messaging.enums import Channel, ProviderName
from tenant_apps.messaging.models import (
    Delivery,
    Letter,
    Message,
    MessageTemplate,
    OutboxEntry,
    ProviderConfig,
    VoiceCall,
)


def message_list(*, status: str = "", search: str = "", channel: str = "") -> QuerySet[Message]:
    queryset = Message.objects.select_related("created_by")
    if status:
        queryset = queryset.filter(status=status)
    if search:
        queryset = queryset.filter(subject__icontains=search)
    if channel:
        queryset = queryset.filter(channels__contains=[channel])
    return queryset.order_by("-created_at", "-id")


def message_get(*, message_id: int) -> Message:
    return Message.objects.select_related("created_by").get(pk=message_id)


def delivery_list(*, message: Message, status: str = "", channel: str = "", search: str = "") -> QuerySet[Delivery]:
    queryset = Delivery.objects.filter(message=message)
    if status:
        queryset = queryset.filter(status=status)
    if channel:
        queryset = queryset.filter(channel=channel)
    if search:
        queryset = queryset.filter(recipient_name__icontains=search)
    return queryset.order_by("id")


def template_get_active(code: str) -> MessageTemplate | None:
    """The tenant's active template with this code, or None (callers then use their default text)."""
    return MessageTemplate.objects.filter(code=code, is_active=True).first()


def template_is_active(code: str) -> bool:
    """True when the tenant has an active template with this code (modules that send through a
    template of their own, e.g. the employment push, use it only once the school set it up)."""
    return MessageTemplate.objects.filter(code=code, is_active=True).exists()


def template_list(*, search: str = "") -> QuerySet[MessageTemplate]:
    queryset = MessageTemplate.objects.all()
    if search:
        queryset = queryset.filter(name__icontains=search) | queryset.filter(code__icontains=search)
    return queryset.order_by("code")


def outbox_list(*, channel: str = "", message_id: int | None = None) -> QuerySet[OutboxEntry]:
    queryset = OutboxEntry.objects.all()
    if channel:
        queryset = queryset.filter(channel=channel)
    if message_id:
        queryset = queryset.filter(message_id=message_id)
    return queryset.order_by("-created_at", "-id")


def letter_list(*, user, is_read: bool | None = None) -> QuerySet[Letter]:
    queryset = Letter.objects.filter(user=user)
    if is_read is not None:
        queryset = queryset.filter(is_read=is_read)
    return queryset.order_by("-created_at", "-id")


def letter_unread_count(*, user) -> int:
    return Letter.objects.filter(user=user, is_read=False).count()


def provider_config_list() -> QuerySet[ProviderConfig]:
    return ProviderConfig.objects.order_by("channel", "-is_active", "id")


def outbox_voice_calls(*, entries) -> dict[str, VoiceCall]:
    """The voice calls behind voice entries of the outbox (out_id "v<call id>"), by out_id."""
    ids = [int(e.out_id[1:]) for e in entries if e.channel == Channel.VOICE and e.out_id[:1] == "v" and e.out_id[1:].isdigit()]
    if not ids:
        return {}
    return {call.out_id: call for call in VoiceCall.objects.filter(pk__in=ids, provider=ProviderName.OUTBOX)}


def voice_call_list() -> QuerySet[VoiceCall]:
    return VoiceCall.objects.order_by("-created_at")


BANNER_CHANNELS = (Channel.SMS, Channel.EMAIL, Channel.WECHAT, Channel.VOICE)


def unconfigured_channels() -> list[tuple[str, str]]:
    """(channel, label) of the channels whose messages would not leave (no provider, or the
    outbox chosen): the back office warns the admin about them."""
    from tenant_apps.messaging.providers.registry import provider_for

    missing = []
    for channel in BANNER_CHANNELS:
        provider = provider_for(channel)
        try:
            if not provider.delivers:
                missing.append((channel.value, channel.label))
        finally:
            provider.close()
    return missing
