"""Fixtures of the WeChat tests: the fake WeChat server and configured official accounts."""

from __future__ import annotations

import hashlib
import time

import pytest
from django_redis import get_redis_connection
from django_tenants.utils import schema_context

from tests.tenant_apps.wechat.fake_wechat import FakeWeChat

ALPHA = {"app_id": "wx1111aaaa2222bbbb", "app_secret": "alphasecret0123456789abcdef012345", "token": "alphatoken", "aes_key": "a" * 43}
BETA = {"app_id": "wx3333cccc4444dddd", "app_secret": "betasecret0123456789abcdef0123456", "token": "betatoken", "aes_key": "b" * 43}


@pytest.fixture(autouse=True)
def _clean_wechat_cache():
    """Tokens, locks and quota flags live in Redis, which outlives the per-test transaction."""

    def wipe():
        redis = get_redis_connection("default")
        for key in redis.scan_iter("*wechat:*"):
            redis.delete(key)

    wipe()
    yield
    wipe()


@pytest.fixture
def fake_wechat(settings):
    server = FakeWeChat(app_id=ALPHA["app_id"], app_secret=ALPHA["app_secret"]).start()
    settings.WECHAT_API_BASE = server.base_url
    yield server
    server.stop()


def make_account(schema: str, credentials: dict, **fields):
    from tenant_apps.wechat.models import WeChatAccount

    with schema_context(schema):
        return WeChatAccount.objects.create(name=f"{schema} 就业", **credentials, **fields)


@pytest.fixture
def account_a(tenant_a):
    return make_account("alpha", ALPHA, subscribe_reply="欢迎关注阿尔法就业")


@pytest.fixture
def account_b(tenant_b):
    return make_account("beta", BETA, subscribe_reply="欢迎关注贝塔就业")


def signed_params(token: str, **extra) -> dict[str, str]:
    """Query string WeChat adds to a plain-mode callback."""
    timestamp, nonce = str(int(time.time())), "12345678"
    signature = hashlib.sha1("".join(sorted([token, timestamp, nonce])).encode()).hexdigest()
    return {"signature": signature, "timestamp": timestamp, "nonce": nonce, **extra}


def event_xml(*, openid: str, event: str, to: str = "gh_alpha", **fields) -> str:
    extra = "".join(f"<{k}><![CDATA[{v}]]></{k}>" for k, v in fields.items())
    return (
        f"<xml><ToUserName><![CDATA[{to}]]></ToUserName><FromUserName><![CDATA[{openid}]]></FromUserName>"
        f"<CreateTime>{int(time.time())}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[{event}]]></Event>{extra}</xml>"
    )
