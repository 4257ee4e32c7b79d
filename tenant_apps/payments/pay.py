"""The one adapter to WeChat Pay API v3 (docs/decisions/0020, 0101), over `wechatpayv3`.

Direct merchants and partner mode (服务商模式: sp_mchid/sp_appid sign and call, the money goes to
sub_mchid; `/v3/pay/partner/transactions/...`) use the same client; `partner_args` gives
the extra arguments each call needs and `payer_for` the payer block.

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
            public_key: str, public_key_id: str, partner: bool = False) -> WeChatPay:
    client = WeChatPay.__new__(WeChatPay)
    client._type, client._mchid, client._appid, client._notify_url, client._partner_mode = WeChatPayType.JSAPI, mchid, appid, None, partner
    client._core = _Core(gateway_url=gateway_url, mchid=mchid, cert_serial_no=serial, private_key=private_key, apiv3_key=apiv3_key,
                         timeout=TIMEOUT, public_key=public_key or None, public_key_id=public_key_id or None)
    return client


def client_for(merchant: MerchantSettings) -> WeChatPay:
    public = merchant.key_mode == KeyMode.PUBLIC_KEY
    return _client(connection.schema_name, merchant.updated_at.isoformat(), gateway(), merchant.appid, merchant.mchid, merchant.cert_serial_no,
                   merchant.private_key, merchant.apiv3_key, merchant.public_key if public else "", merchant.public_key_id if public else "",
                   merchant.is_partner)


def partner_args(merchant: MerchantSettings, sub_mchid: str = "") -> dict[str, str]:
    """`sub_mchid` for query/refund/bill calls in partner mode (the order's own when it has one)."""
    return {"sub_mchid": sub_mchid or merchant.sub_mchid} if merchant.is_partner else {}


def payer_for(merchant: MerchantSettings, openid: str) -> dict[str, str]:
    """Partner mode: an openid of the school's official account is a `sub_openid` (with
    sub_appid); without sub_appid it belongs to the service provider's account (`sp_openid`)."""
    if not merchant.is_partner:
        return {"openid": openid}
    return {"sub_openid": openid} if merchant.sub_appid else {"sp_openid": openid}


def pay_appid(merchant: MerchantSettings) -> str:
    """The appId the H5 calls getBrandWCPayRequest with (the account the payer's openid is of)."""
    return merchant.sub_appid if merchant.is_partner and merchant.sub_appid else merchant.appid


def transaction_matches(merchant: MerchantSettings, remote: dict, sub_mchid: str = "") -> bool:
    """A queried-back transaction belongs to this merchant (direct: mchid/appid; partner:
    sp_mchid/sp_appid/sub_mchid, and sub_appid when set)."""
    if not merchant.is_partner:
        return remote.get("mchid") == merchant.mchid and remote.get("appid") == merchant.appid
    return (remote.get("sp_mchid") == merchant.mchid and remote.get("sp_appid") == merchant.appid
            and remote.get("sub_mchid") == (sub_mchid or merchant.sub_mchid)
            and (not merchant.sub_appid or remote.get("sub_appid") == merchant.sub_appid))


def jsapi_parameters(merchant: MerchantSettings, prepay_id: str) -> dict[str, str]:
    """What the H5 passes to WeixinJSBridge getBrandWCPayRequest (paySign over appId, timeStamp,
    nonceStr and package, SHA256withRSA with the merchant key)."""
    timestamp, nonce = str(int(time.time())), secrets.token_hex(16)
    package = f"prepay_id={prepay_id}"
    appid = pay_appid(merchant)
    sign = client_for(merchant).sign([appid, timestamp, nonce, package])
    return {"appId": appid, "timeStamp": timestamp, "nonceStr": nonce, "package": package, "signType": "RSA", "paySign": sign}
