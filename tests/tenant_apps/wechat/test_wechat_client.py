"""Our wechatpy adapter against the local fake WeChat: token under a lock, stable_token,
timeouts, the template quota, the JS-SDK ticket."""

from __future__ import annotations

import threading

import pytest
from django.core.cache import cache
from django_tenants.utils import schema_context

from tenant_apps.wechat.client import WeChatClient, seconds_until_local_midnight
from tenant_apps.wechat.errors import (
    QUOTA_EXHAUSTED_REASON,
    TemplateQuotaExhausted,
    WeChatAPIError,
    WeChatUnavailable,
)
from tests.tenant_apps.wechat.conftest import ALPHA


def _client(namespace: str = "alpha:" + ALPHA["app_id"]) -> WeChatClient:
    return WeChatClient(app_id=ALPHA["app_id"], app_secret=ALPHA["app_secret"], namespace=namespace)


def test_no_network_at_construction(fake_wechat):
    _client()
    assert fake_wechat.requests == []


def test_token_comes_from_stable_token_and_is_cached(fake_wechat):
    with schema_context("alpha"):
        token = _client().access_token
        assert token.startswith("ACCESS_TOKEN_")
        assert _client().access_token == token  # a second client (another process) reuses it
    calls = fake_wechat.calls("/cgi-bin/stable_token")
    assert len(calls) == 1
    assert calls[0].method == "POST"
    assert calls[0].body == {"grant_type": "client_credential", "appid": ALPHA["app_id"], "secret": ALPHA["app_secret"]}
    assert fake_wechat.calls("/cgi-bin/token") == []


def test_two_workers_asking_at_once_cause_one_token_request(fake_wechat):
    fake_wechat.token_delay = 0.5  # long enough that both threads ask while the first fetch runs
    results: list[str] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(2)

    def worker():
        try:
            with schema_context("alpha"):
                client = _client()
                barrier.wait()
                results.append(client.access_token)
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert not errors
    assert len(results) == 2 and results[0] == results[1]
    assert len(fake_wechat.calls("/cgi-bin/stable_token")) == 1


def test_tenants_do_not_share_tokens(fake_wechat):
    with schema_context("alpha"):
        alpha_token = _client("alpha:" + ALPHA["app_id"]).access_token
    fake_wechat.revoke_tokens()  # so the next stable_token call issues a new token
    with schema_context("beta"):
        beta_token = _client("beta:" + ALPHA["app_id"]).access_token
    assert alpha_token != beta_token
    assert len(fake_wechat.calls("/cgi-bin/stable_token")) == 2


def test_rejected_token_is_force_refreshed_once_and_the_call_retried(fake_wechat):
    with schema_context("alpha"):
        client = _client()
        old = client.access_token
        fake_wechat.revoke_tokens()  # e.g. someone called the old token endpoint elsewhere
        client.menu_publish([{"type": "click", "name": "就业", "key": "MENU_1"}])
        assert client.access_token != old
    stable_calls = fake_wechat.calls("/cgi-bin/stable_token")
    assert len(stable_calls) == 2
    assert stable_calls[1].body.get("force_refresh") is True
    menu_calls = fake_wechat.calls("/cgi-bin/menu/create")
    assert [c.params["access_token"] for c in menu_calls] == [old, client.access_token]


def test_every_call_has_a_timeout(fake_wechat, settings):
    settings.WECHAT_TIMEOUT_SECONDS = 0.3
    fake_wechat.response_delay = 1.5
    with schema_context("alpha"):
        client = _client()
        with pytest.raises(WeChatUnavailable) as caught:
            client.template_send(openid="o-1", template_id="TPL", data={"thing1": "宣讲会"})
    assert caught.value.uncertain  # the request may have reached WeChat: do not send again


def test_wrong_secret_is_an_api_error(fake_wechat):
    with schema_context("alpha"):
        client = WeChatClient(app_id=ALPHA["app_id"], app_secret="wrong" * 4, namespace="alpha:x")
        with pytest.raises(WeChatAPIError) as caught:
            client.access_token  # noqa: B018
    assert caught.value.errcode == 40125


def test_template_send_returns_msgid_and_sends_value_fields(fake_wechat):
    with schema_context("alpha"):
        msg_id = _client().template_send(openid="o-1", template_id="TPL", data={"thing1": "宣讲会"}, url="https://alpha.example.cn/h5/")
    assert msg_id.isdigit()
    body = fake_wechat.calls("/cgi-bin/message/template/send")[0].body
    assert body == {"touser": "o-1", "template_id": "TPL", "url": "https://alpha.example.cn/h5/", "data": {"thing1": {"value": "宣讲会"}}}


def test_quota_45009_stops_the_account_until_midnight(fake_wechat):
    fake_wechat.template_quota = 1
    with schema_context("alpha"):
        client = _client()
        client.template_send(openid="o-1", template_id="TPL", data={"thing1": "a"})
        with pytest.raises(TemplateQuotaExhausted) as caught:
            client.template_send(openid="o-2", template_id="TPL", data={"thing1": "a"})
        assert caught.value.message == QUOTA_EXHAUSTED_REASON
        sent = len(fake_wechat.calls("/cgi-bin/message/template/send"))
        # Another worker: stopped without asking WeChat again.
        with pytest.raises(TemplateQuotaExhausted):
            _client().template_send(openid="o-3", template_id="TPL", data={"thing1": "a"})
        assert len(fake_wechat.calls("/cgi-bin/message/template/send")) == sent
        ttl = cache.ttl(f"wechat:alpha:{ALPHA['app_id']}:template-quota-exhausted")
        assert 0 < ttl <= seconds_until_local_midnight() + 1
    with schema_context("beta"):  # another tenant's account is not stopped
        assert not _client("beta:" + ALPHA["app_id"]).template_quota_exhausted()


def test_jsapi_ticket_is_cached(fake_wechat):
    with schema_context("alpha"):
        first = _client().jsapi_signature("https://alpha.localhost/h5/")
        second = _client().jsapi_signature("https://alpha.localhost/h5/")
    assert first["app_id"] == ALPHA["app_id"] and len(first["signature"]) == 40
    assert first["signature"] != second["signature"] or first["nonce_str"] == second["nonce_str"]
    assert len(fake_wechat.calls("/cgi-bin/ticket/getticket")) == 1
