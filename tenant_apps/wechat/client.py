"""Our one adapter to WeChat, around wechatpy 1.8 (its last stable release).

What it adds to wechatpy (REFERENCE.md, WeChat):
- the access token and the JS-SDK ticket live in our Redis cache and are fetched by ONE process
  at a time under a Redis lock (wechatpy races between processes, #684); the token comes from
  the `stable_token` endpoint, which wechatpy lacks, so a refresh never invalidates the token
  other processes are still using;
- every HTTP call carries a timeout (wechatpy sets none);
- the API base is `settings.WECHAT_API_BASE`, so tests talk to a local server;
- template messages respect the daily quota: on error 45009 the account stops until local
  midnight (a Redis flag), and callers get `TemplateQuotaExhausted` with the reason to log.

Nothing here touches the network at import time, and nothing here reads our models: callers
pass the credentials (services build clients from the tenant's `WeChatAccount`).
"""

from __future__ import annotations

import datetime
import json
import logging
import math
import secrets
import time
from collections.abc import Callable

import requests
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django_redis import get_redis_connection
from redis.exceptions import LockError
from wechatpy import WeChatClient as _WeChatClient
from wechatpy.exceptions import WeChatClientException, WeChatOAuthException
from wechatpy.oauth import WeChatOAuth as _WeChatOAuth
from wechatpy.session import SessionStorage

from tenant_apps.wechat.errors import (
    QUOTA_EXHAUSTED_REASON,
    TemplateQuotaExhausted,
    WeChatAPIError,
    WeChatUnavailable,
)

logger = logging.getLogger(__name__)

# Refresh credentials this long before WeChat expires them, so no call uses a dying token.
EXPIRY_MARGIN_SECONDS = 300
# A lock holder that dies is forgotten after LOCK_SECONDS; waiters give up after LOCK_WAIT_SECONDS.
LOCK_SECONDS = 30
LOCK_WAIT_SECONDS = 12
TOKEN_REJECTED_ERRCODES = {40001, 40014, 42001}
QUOTA_ERRCODE = 45009


def api_base() -> str:
    base = settings.WECHAT_API_BASE
    return base if base.endswith("/") else base + "/"


def request_timeout() -> float:
    return float(settings.WECHAT_TIMEOUT_SECONDS)


class CacheSessionStorage(SessionStorage):
    """wechatpy's session storage in our cache; keys also carry the tenant and app id."""

    def __init__(self, namespace: str):
        self.prefix = f"wechat:{namespace}:"

    def get(self, key, default=None):
        value = cache.get(self.prefix + key)
        return default if value is None else value

    def set(self, key, value, ttl=None):
        cache.set(self.prefix + key, value, timeout=ttl)

    def delete(self, key):
        cache.delete(self.prefix + key)


def seconds_until_local_midnight(now: datetime.datetime | None = None) -> int:
    local = timezone.localtime(now or timezone.now())
    midnight = (local + datetime.timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    return max(1, math.ceil((midnight - local).total_seconds()))  # at or just after midnight, never before


class WeChatClient(_WeChatClient):
    """wechatpy's official-account client with shared token storage, timeouts and the quota.

    `namespace` is "<schema>:<app id>": cache keys and lock names carry the tenant even when the
    client runs outside a request (tasks, threads).
    """

    def __init__(self, *, app_id: str, app_secret: str, namespace: str):
        self.namespace = namespace
        super().__init__(app_id, app_secret, session=CacheSessionStorage(namespace), timeout=request_timeout(), auto_retry=False)
        self.API_BASE_URL = api_base() + "cgi-bin/"

    # --- credentials ------------------------------------------------------------------------

    @property
    def access_token(self) -> str:
        return self.session.get(self.access_token_key) or self._refresh_access_token(rejected=None)

    def fetch_access_token(self):
        """wechatpy's hook, kept working: a forced refresh through stable_token under the lock."""
        return self._refresh_access_token(rejected=self.session.get(self.access_token_key))

    def _refresh_access_token(self, *, rejected: str | None) -> str:
        """Fetch a token unless another process just did. `rejected` is a token WeChat refused."""

        def fetch() -> tuple[str, int]:
            payload = {"grant_type": "client_credential", "appid": self.appid, "secret": self.secret}
            if rejected:
                payload["force_refresh"] = True
            result = self._call_raw("post", "cgi-bin/stable_token", data=json.dumps(payload))
            return result["access_token"], int(result.get("expires_in", 7200))

        return self._cached_under_lock(self.access_token_key, fetch, stale=rejected)

    def jsapi_ticket(self) -> str:
        key = f"{self.appid}_jsapi_ticket"

        def fetch() -> tuple[str, int]:
            result = self.jsapi.get_ticket("jsapi")
            return result["ticket"], int(result.get("expires_in", 7200))

        return self.session.get(key) or self._cached_under_lock(key, fetch, stale=None)

    def _cached_under_lock(self, key: str, fetch: Callable[[], tuple[str, int]], *, stale: str | None) -> str:
        """Read `key`, or fetch it while holding a Redis lock so only one process asks WeChat."""
        lock = get_redis_connection("default").lock(f"wechat:lock:{self.namespace}:{key}", timeout=LOCK_SECONDS, blocking_timeout=LOCK_WAIT_SECONDS)
        if not lock.acquire(blocking=True):
            value = self.session.get(key)
            if value and value != stale:
                return value
            raise WeChatUnavailable("微信凭证刷新繁忙，请稍后重试。")
        try:
            value = self.session.get(key)
            if value and value != stale:
                return value  # another process refreshed it while we waited for the lock
            value, expires_in = fetch()
            self.session.set(key, value, max(60, expires_in - EXPIRY_MARGIN_SECONDS))
            return value
        finally:
            try:
                lock.release()
            except LockError:
                logger.warning("wechat lock %s expired before release", key)

    # --- HTTP -------------------------------------------------------------------------------

    def _call_raw(self, method: str, endpoint: str, **kwargs) -> dict:
        """A call that needs no access token (stable_token), with our timeout and error mapping."""
        try:
            response = self._http.request(method=method, url=api_base() + endpoint, timeout=self.timeout, **kwargs)
            response.raise_for_status()
            result = response.json()
        except (requests.RequestException, ValueError) as exc:
            raise WeChatUnavailable("微信接口暂时无法访问，请稍后重试。") from exc
        if int(result.get("errcode", 0) or 0) != 0:
            raise WeChatAPIError(f"微信接口返回错误：{result.get('errmsg', '')}（{result['errcode']}）", errcode=int(result["errcode"]))
        return result

    def _request(self, method, url_or_endpoint, **kwargs):
        """wechatpy's request with timeouts, errors mapped to ours, and one retry on a rejected token."""
        params = dict(kwargs.pop("params", None) or {})
        for attempt in (1, 2):
            call_params = dict(params)
            try:
                return super()._request(method, url_or_endpoint, params=call_params, timeout=self.timeout, **kwargs)
            except requests.RequestException as exc:
                raise WeChatUnavailable("微信接口暂时无法访问，请稍后重试。", uncertain=isinstance(exc, requests.ReadTimeout)) from exc
            except WeChatClientException as exc:
                errcode = int(exc.errcode) if exc.errcode is not None else None
                if errcode in TOKEN_REJECTED_ERRCODES and attempt == 1 and "access_token" not in params:
                    self._refresh_access_token(rejected=call_params.get("access_token"))
                    continue
                if errcode is None:
                    raise WeChatUnavailable("微信接口暂时无法访问，请稍后重试。") from exc
                raise WeChatAPIError(f"微信接口返回错误：{exc.errmsg}（{errcode}）", errcode=errcode) from exc
        raise AssertionError("unreachable")

    # --- features ---------------------------------------------------------------------------

    def menu_publish(self, buttons: list[dict]) -> None:
        self.menu.create({"button": buttons})

    def jsapi_signature(self, url: str) -> dict:
        nonce = secrets.token_hex(8)
        timestamp = int(time.time())
        signature = self.jsapi.get_jsapi_signature(nonce, self.jsapi_ticket(), timestamp, url)
        return {"app_id": self.appid, "timestamp": timestamp, "nonce_str": nonce, "signature": signature}

    @property
    def _quota_key(self) -> str:
        return f"wechat:{self.namespace}:template-quota-exhausted"

    def template_quota_exhausted(self) -> bool:
        return bool(cache.get(self._quota_key))

    def template_send(self, *, openid: str, template_id: str, data: dict[str, str], url: str | None = None) -> str:
        """Send one template message; returns WeChat's msgid (matched later by TEMPLATESENDJOBFINISH)."""
        if self.template_quota_exhausted():
            raise TemplateQuotaExhausted(QUOTA_EXHAUSTED_REASON, errcode=QUOTA_ERRCODE)
        fields = {name: {"value": str(value)} for name, value in data.items()}
        try:
            result = self.message.send_template(openid, template_id, fields, url=url or None)
        except WeChatAPIError as exc:
            if exc.errcode == QUOTA_ERRCODE:
                cache.set(self._quota_key, True, timeout=seconds_until_local_midnight())
                raise TemplateQuotaExhausted(QUOTA_EXHAUSTED_REASON, errcode=QUOTA_ERRCODE) from exc
            raise
        return str(result.get("msgid", ""))

    def temporary_qrcode(self, *, scene: str, expire_seconds: int) -> dict:
        """A temporary parametric QR code (QR_STR_SCENE): its scan sends a SCAN (or, for a new
        follower, subscribe) event carrying `scene` to the callback. Returns {ticket, url,
        expire_seconds}; `url` is what the QR image encodes."""
        result = self.post("qrcode/create", data={
            "expire_seconds": expire_seconds, "action_name": "QR_STR_SCENE", "action_info": {"scene": {"scene_str": scene}},
        })
        return {"ticket": result.get("ticket", ""), "url": result.get("url", ""), "expire_seconds": int(result.get("expire_seconds") or expire_seconds)}

    def subscribe_send(self, *, openid: str, template_id: str, data: dict[str, str], page: str | None = None) -> str:
        """Send one subscription notice (订阅通知, `message/subscribe/bizsend`, which wechatpy 1.8
        lacks) to a follower who subscribed to `template_id`; returns WeChat's msgid if any."""
        payload: dict = {"touser": openid, "template_id": template_id, "data": {name: {"value": str(value)} for name, value in data.items()}}
        if page:
            payload["page"] = page
        result = self.post("message/subscribe/bizsend", data=payload)
        return str(result.get("msgid", "") or "")


class WeChatOAuth(_WeChatOAuth):
    """Web authorisation (网页授权) with our base URLs, timeouts and errors."""

    def __init__(self, *, app_id: str, app_secret: str, redirect_uri: str = "", scope: str = "snsapi_base", state: str = ""):
        super().__init__(app_id, app_secret, redirect_uri, scope=scope, state=state)
        self.API_BASE_URL = api_base()
        base = settings.WECHAT_OAUTH_BASE
        self.OAUTH_BASE_URL = base if base.endswith("/") else base + "/"

    def _request(self, method, url_or_endpoint, **kwargs):
        kwargs.setdefault("timeout", request_timeout())
        try:
            return super()._request(method, url_or_endpoint, **kwargs)
        except requests.RequestException as exc:
            raise WeChatUnavailable("微信授权服务暂时无法访问，请稍后重试。") from exc
        except (WeChatOAuthException, ValueError) as exc:
            errcode = getattr(exc, "errcode", None)
            if errcode is None:
                raise WeChatUnavailable("微信授权服务暂时无法访问，请稍后重试。") from exc
            raise WeChatAPIError(f"微信授权失败：{exc.errmsg}（{errcode}）", errcode=int(errcode)) from exc
