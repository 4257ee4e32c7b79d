"""Built-in providers and the choice of provider for a channel in the current tenant."""

from __future__ import annotations

from tenant_apps.messaging.models import ProviderConfig
from tenant_apps.messaging.providers.aliyun import AliyunSmsProvider, AliyunVoiceProvider
from tenant_apps.messaging.providers.base import (
    Provider,
    register_provider,
    registered_for_channel,
    registered_provider,
)
from tenant_apps.messaging.providers.local import LetterProvider, OutboxProvider
from tenant_apps.messaging.providers.smtp import SmtpEmailProvider
from tenant_apps.messaging.providers.tencent import TencentSmsProvider


def _configured(provider_class):
    # Built-in providers need the tenant's credentials: without a config, no provider.
    return lambda config: provider_class(config) if config is not None else None


register_provider("sms", "aliyun_sms", _configured(AliyunSmsProvider))
register_provider("sms", "tencent_sms", _configured(TencentSmsProvider))
register_provider("email", "smtp", _configured(SmtpEmailProvider))
register_provider("voice", "aliyun_vms", _configured(AliyunVoiceProvider))


def active_config(channel: str) -> ProviderConfig | None:
    return ProviderConfig.objects.filter(channel=channel, is_active=True).first()


def provider_for(channel: str) -> Provider:
    """The tenant's provider for `channel`; the outbox when none is configured."""
    if channel == "letter":
        return LetterProvider()
    config = active_config(channel)
    if config is not None and config.provider != "outbox":
        factory = registered_provider(channel, config.provider)
        provider = factory(config) if factory else None
        if provider is not None:
            return provider
    if config is None:
        # Providers that configure themselves elsewhere (e.g. the wechat app's account).
        for _name, factory in registered_for_channel(channel):
            provider = factory(None)
            if provider is not None:
                return provider
    return OutboxProvider(config, channel=channel)
