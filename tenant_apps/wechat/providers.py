"""The WeChat template-message provider of the messaging gateway (channel "wechat").

Registered in WechatConfig.ready(). It sends through our adapter, which owns the access token
and the daily template quota of the tenant's official account.
"""

from __future__ import annotations

from tenant_apps.messaging.errors import ProviderError
from tenant_apps.messaging.providers.base import (
    OutgoingItem,
    Provider,
    SendResult,
    register_provider,
)
from tenant_apps.wechat.client import seconds_until_local_midnight
from tenant_apps.wechat.errors import TemplateQuotaExhausted, WeChatAPIError, WeChatUnavailable
from tenant_apps.wechat.models import WeChatAccount
from tenant_apps.wechat.selectors import account_get
from tenant_apps.wechat.services import account_client

PROVIDER_NAME = "wechat_template"


class WeChatTemplateProvider(Provider):
    """`item.to` is the openid, `item.template_code` the template id, `item.template_params` the
    template's fields (name -> value), `item.link` the page the message opens."""

    name = PROVIDER_NAME
    channel = "wechat"
    rate_per_second = 20

    def __init__(self, config=None, *, account: WeChatAccount):
        super().__init__(config)
        self.account = account
        self.client = account_client(account)

    def send(self, item: OutgoingItem) -> SendResult:
        if not item.template_code:
            raise ProviderError("未指定微信模板消息 ID", code="no_template")
        data = item.template_params or {"content": item.body}
        try:
            msg_id = self.client.template_send(openid=item.to, template_id=item.template_code, data=data, url=item.link or None)
        except TemplateQuotaExhausted as exc:
            # Nothing was sent; the gateway keeps the rows pending and resumes the next day.
            raise ProviderError(exc.message, code="quota_exhausted", transient=True, retry_after=seconds_until_local_midnight()) from exc
        except WeChatUnavailable as exc:
            raise ProviderError(exc.message, code="unavailable", transient=not exc.uncertain, uncertain=exc.uncertain) from exc
        except WeChatAPIError as exc:
            raise ProviderError(exc.message, code=str(exc.errcode or "")) from exc
        return SendResult(provider_message_id=msg_id)


SUBSCRIBE_PROVIDER_NAME = "wechat_subscribe"


class WeChatSubscribeProvider(WeChatTemplateProvider):
    """Subscription notices (订阅通知) instead of template messages, for accounts whose
    followers subscribe to notices; chosen in the messaging provider settings (channel
    "wechat", provider "wechat_subscribe"). Same fields as template messages."""

    name = SUBSCRIBE_PROVIDER_NAME

    def send(self, item: OutgoingItem) -> SendResult:
        if not item.template_code:
            raise ProviderError("未指定微信订阅通知模板 ID", code="no_template")
        data = item.template_params or {"thing1": item.body[:20]}
        try:
            msg_id = self.client.subscribe_send(openid=item.to, template_id=item.template_code, data=data, page=item.link or None)
        except WeChatUnavailable as exc:
            raise ProviderError(exc.message, code="unavailable", transient=not exc.uncertain, uncertain=exc.uncertain) from exc
        except WeChatAPIError as exc:
            raise ProviderError(exc.message, code=str(exc.errcode or "")) from exc
        return SendResult(provider_message_id=msg_id)


def _for_configured_account(provider_class):
    """A factory giving `provider_class` for the tenant's WeChat account, or None without one."""

    def factory(config=None):
        account = account_get()
        if account is None or not account.is_configured:
            return None
        return provider_class(config, account=account)

    return factory


provider_factory = _for_configured_account(WeChatTemplateProvider)
subscribe_provider_factory = _for_configured_account(WeChatSubscribeProvider)


def register() -> None:
    register_provider("wechat", PROVIDER_NAME, provider_factory)
    register_provider("wechat", SUBSCRIBE_PROVIDER_NAME, subscribe_provider_factory)
