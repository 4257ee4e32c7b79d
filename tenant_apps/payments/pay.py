"""The one adapter to WeChat Pay API v3 (docs/decisions/0020, 0101), over `wechatpayv3`.

wechatpayv3 hard-codes the gateway; `_Core` points it at `settings.WECHAT_PAY_BASE_URL` (a local
v3 server in tests) *before* platform certificates are fetched. Clients are kept per process,
per tenant and per settings version, so platform certificates are fetched once, not per call.
"""

from __future__ import annotations

import secrets
import time
from functools import lru_cache

from django.conf import settings
from django.db import connection
from wechatpayv3 import WeChatPay, WeChatPayType
from wechatpayv3.core import Core

from tenant_apps.payments.enums import KeyMode
from tenant_apps.payments.models import MerchantSettings

DEFAULT_GATEWAY = "https://api.mch.weixin.qq.com"
TIMEOUT = (3, 10)


def gateway() -> str:
    return getattr(settings, "WECHAT_PAY_BASE_URL", DEFAULT_GATEWAY).rstrip("/")


class _Core(Core):
    def __init__(self, *, gateway_url: str, **kwargs):
        self._gateway_url = gateway_url
        super().__init__(**kwargs)
        self._gate_way = gateway_url

    def _init_certificates(self):
        self._gate_way = self._gateway_url
        super()._init_certificates()


@lru_cache(maxsize=64)
def _client(schema: str, version: str, gateway_url: str, appid: str, mchid: str, serial: str, private_key: str, apiv3_key: str,
            public_key: str, public_key_id: str) -> WeChatPay:
    client = WeChatPay.__new__(WeChatPay)
    client._type, client._mchid, client._appid, client._notify_url, client._partner_mode = WeChatPayType.JSAPI, mchid, appid, None, False
    client._core = _Core(gateway_url=gateway_url, mchid=mchid, cert_serial_no=serial, private_key=private_key, apiv3_key=apiv3_key,
                         timeout=TIMEOUT, public_key=public_key or None, public_key_id=public_key_id or None)
    return client


def client_for(merchant: MerchantSettings) -> WeChatPay:
    public = merchant.key_mode == KeyMode.PUBLIC_KEY
    return _client(connection.schema_name, merchant.updated_at.isoformat(), gateway(), merchant.appid, merchant.mchid, merchant.cert_serial_no,
                   merchant.private_key, merchant.apiv3_key, merchant.public_key if public else "", merchant.public_key_id if public else "")


def jsapi_parameters(merchant: MerchantSettings, prepay_id: str) -> dict[str, str]:
    """What the H5 passes to WeixinJSBridge getBrandWCPayRequest (paySign over appId, timeStamp,
    nonceStr and package, SHA256withRSA with the merchant key)."""
    timestamp, nonce = str(int(time.time())), secrets.token_hex(16)
    package = f"prepay_id={prepay_id}"
    sign = client_for(merchant).sign([merchant.appid, timestamp, nonce, package])
    return {"appId": merchant.appid, "timeStamp": timestamp, "nonceStr": nonce, "package": package, "signType": "RSA", "paySign": sign}
