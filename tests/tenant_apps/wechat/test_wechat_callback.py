"""The per-tenant callback URL: signature check, plain and encrypted mode, events."""

from __future__ import annotations

import time

import pytest
import xmltodict
from django_tenants.utils import schema_context
from wechatpy.crypto import WeChatCrypto

from tenant_apps.wechat.models import Follower, TemplateSendReport, WeChatAccount
from tests.tenant_apps.wechat.conftest import ALPHA, BETA, event_xml, signed_params

URL = "/api/v1/wechat/callback/"


def _post(client, body: str, params: dict):
    from urllib.parse import urlencode

    return client.post(f"{URL}?{urlencode(params)}", data=body.encode(), content_type="text/xml")


def test_url_verification_echoes_with_good_signature(client_a, account_a):
    response = client_a.get(URL, signed_params(ALPHA["token"], echostr="hello-123"))
    assert response.status_code == 200
    assert response.content == b"hello-123"


def test_url_verification_bad_signature_is_403(client_a, account_a):
    params = signed_params(ALPHA["token"], echostr="hello")
    params["signature"] = "0" * 40
    assert client_a.get(URL, params).status_code == 403


def test_no_account_is_404(client_a):
    assert client_a.get(URL, signed_params("x", echostr="e")).status_code == 404


def test_subscribe_is_recorded_and_answered(client_a, account_a):
    response = _post(client_a, event_xml(openid="o-fan-1", event="subscribe"), signed_params(ALPHA["token"]))
    assert response.status_code == 200
    reply = xmltodict.parse(response.content)["xml"]
    assert reply["ToUserName"] == "o-fan-1" and reply["Content"] == "欢迎关注阿尔法就业"
    with schema_context("alpha"):
        follower = Follower.objects.get(openid="o-fan-1")
        assert follower.is_subscribed and follower.subscribed_at is not None

    response = _post(client_a, event_xml(openid="o-fan-1", event="unsubscribe"), signed_params(ALPHA["token"]))
    assert response.content == b"success"
    with schema_context("alpha"):
        follower.refresh_from_db()
        assert not follower.is_subscribed and follower.unsubscribed_at is not None


def test_scan_subscribe_keeps_the_scene(client_a, account_a):
    _post(client_a, event_xml(openid="o-fan-2", event="subscribe", EventKey="qrscene_fair2025", Ticket="T"), signed_params(ALPHA["token"]))
    with schema_context("alpha"):
        assert Follower.objects.get(openid="o-fan-2").scene_key == "fair2025"


def test_bad_signature_post_is_403_and_records_nothing(client_a, account_a):
    params = signed_params(ALPHA["token"])
    params["signature"] = "f" * 40
    assert _post(client_a, event_xml(openid="o-evil", event="subscribe"), params).status_code == 403
    with schema_context("alpha"):
        assert not Follower.objects.filter(openid="o-evil").exists()


def test_stale_timestamp_is_refused(client_a, account_a):
    import hashlib

    timestamp, nonce = str(int(time.time()) - 3600), "n"
    signature = hashlib.sha1("".join(sorted([ALPHA["token"], timestamp, nonce])).encode()).hexdigest()
    params = {"signature": signature, "timestamp": timestamp, "nonce": nonce}
    assert _post(client_a, event_xml(openid="o-old", event="subscribe"), params).status_code == 403


def test_alpha_callback_with_beta_token_is_rejected(client_a, account_a, account_b):
    response = _post(client_a, event_xml(openid="o-cross", event="subscribe"), signed_params(BETA["token"]))
    assert response.status_code == 403
    for schema in ("alpha", "beta"):
        with schema_context(schema):
            assert not Follower.objects.filter(openid="o-cross").exists()


def test_followers_stay_in_their_tenant(client_a, client_b, account_a, account_b):
    _post(client_a, event_xml(openid="o-alpha-only", event="subscribe"), signed_params(ALPHA["token"]))
    with schema_context("beta"):
        assert not Follower.objects.filter(openid="o-alpha-only").exists()
    with schema_context("alpha"):
        assert Follower.objects.filter(openid="o-alpha-only").exists()


def _click_menu(schema: str) -> None:
    with schema_context(schema):
        WeChatAccount.objects.update(menu=[{"name": "就业指导", "type": "click", "key": "MENU_1", "reply": "请访问就业指导中心"}])


def test_menu_click_replies_with_configured_text(client_a, account_a):
    _click_menu("alpha")
    response = _post(client_a, event_xml(openid="o-fan-3", event="CLICK", EventKey="MENU_1"), signed_params(ALPHA["token"]))
    assert xmltodict.parse(response.content)["xml"]["Content"] == "请访问就业指导中心"


def _encrypted(crypto: WeChatCrypto, xml: str, token: str = ALPHA["token"]) -> tuple[str, dict]:
    """What WeChat sends in safe mode: the encrypted envelope and msg_signature in the query."""
    nonce, timestamp = "98765", str(int(time.time()))
    envelope = xmltodict.parse(crypto.encrypt_message(xml, nonce, timestamp))["xml"]
    body = f"<xml><ToUserName><![CDATA[gh_alpha]]></ToUserName><Encrypt><![CDATA[{envelope['Encrypt']}]]></Encrypt></xml>"
    params = {"msg_signature": envelope["MsgSignature"], "timestamp": timestamp, "nonce": nonce, "encrypt_type": "aes", **signed_params(token)}
    params["timestamp"], params["nonce"] = timestamp, nonce
    return body, params


def test_encrypted_mode_round_trip(client_a, account_a):
    with schema_context("alpha"):
        WeChatAccount.objects.update(is_encrypted_mode=True)
    _click_menu("alpha")
    crypto = WeChatCrypto(ALPHA["token"], ALPHA["aes_key"], ALPHA["app_id"])
    body, params = _encrypted(crypto, event_xml(openid="o-secure", event="CLICK", EventKey="MENU_1"))
    response = _post(client_a, body, params)
    assert response.status_code == 200
    reply = xmltodict.parse(response.content)["xml"]
    assert "Encrypt" in reply and "Content" not in reply  # the reply is encrypted too
    plain = crypto.decrypt_message(response.content, reply["MsgSignature"], reply["TimeStamp"], reply["Nonce"])
    assert xmltodict.parse(plain)["xml"]["Content"] == "请访问就业指导中心"


def test_encrypted_mode_refuses_plain_messages(client_a, account_a):
    with schema_context("alpha"):
        WeChatAccount.objects.update(is_encrypted_mode=True)
    response = _post(client_a, event_xml(openid="o-plain", event="subscribe"), signed_params(ALPHA["token"]))
    assert response.status_code == 403


def test_encrypted_message_with_other_tenant_key_is_refused(client_a, account_a, account_b):
    crypto = WeChatCrypto(BETA["token"], BETA["aes_key"], BETA["app_id"])
    body, params = _encrypted(crypto, event_xml(openid="o-x", event="subscribe"), token=BETA["token"])
    assert _post(client_a, body, params).status_code == 403


@pytest.mark.django_db(transaction=False)
def test_template_job_finish_is_stored_once_and_queued(client_a, account_a, django_capture_on_commit_callbacks):
    xml = event_xml(openid="o-fan-4", event="TEMPLATESENDJOBFINISH", MsgID="200123", Status="failed:user block")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = _post(client_a, xml, signed_params(ALPHA["token"]))
        _post(client_a, xml, signed_params(ALPHA["token"]))  # WeChat retries: no second row, no second task
    assert response.content == b"success"
    assert len(callbacks) == 1
    with schema_context("alpha"):
        report = TemplateSendReport.objects.get(msg_id="200123")
        assert report.status == "failed:user block" and not report.is_forwarded
