"""WeChat JS-SDK on our H5 pages: the `wx.config` parameters for the page being rendered, and the
bridge script (`static/wechat/wxbridge.js`) that uses them.

Pages call `page_config(request, apis=[...], share={...})` and include
`wechat/_jssdk.html` with the result as `wx`. Inside WeChat, with the tenant's official
account set up, the page gets the signature (jsapi_ticket from the tenant's account, cached in
Redis by `client.WeChatClient.jsapi_ticket`, one fetch per ticket lifetime under a Redis lock);
outside WeChat, or when WeChat cannot be reached, it gets None and the page keeps its plain
browser behaviour (camera BarcodeDetector, manual entry, the browser's own sharing).

The official jweixin file is not vendored (its terms do not allow redistribution and it cannot
be downloaded at run time): `wxbridge.js` speaks to `WeixinJSBridge`, which WeChat's browser
injects into every page, as jweixin does (docs/decisions/0131).
"""

from __future__ import annotations

import logging

from core.errors import ApplicationError
from tenant_apps.wechat import selectors, services

logger = logging.getLogger(__name__)

SCAN_APIS = ("scanQRCode",)
SHARE_APIS = ("updateAppMessageShareData", "updateTimelineShareData")


def in_wechat(request) -> bool:
    return "MicroMessenger" in request.headers.get("User-Agent", "")


def page_config(request, *, apis: tuple[str, ...] | list[str] = SHARE_APIS, share: dict | None = None) -> dict | None:
    """`wx.config` data for this page, or None outside WeChat / without an official account.

    `share`: {"title", "desc", "link", "img_url"} (absolute link and image URL)."""
    if not in_wechat(request):
        return None
    account = selectors.account_get()
    if account is None or not account.is_configured:
        return None
    try:
        signature = services.jssdk_signature(account=account, url=request.build_absolute_uri(), host=request.get_host())
    except ApplicationError as exc:  # WeChat unreachable or refusing: the page works without the SDK
        logger.warning("jssdk config unavailable: %s", exc.message)
        return None
    return {**signature, "apis": ",".join(apis), "share": share or {}}


def share_data(request, *, title: str, desc: str = "", path: str = "", image: str = "") -> dict:
    """Share card data with absolute URLs (WeChat wants them absolute)."""
    link = request.build_absolute_uri(path or request.get_full_path())
    img = request.build_absolute_uri(image) if image else ""
    return {"title": title[:60], "desc": desc[:120], "link": link, "img_url": img}
