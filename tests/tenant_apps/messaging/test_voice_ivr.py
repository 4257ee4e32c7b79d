"""Interactive voice calls (Aliyun IvrCall) and their VoiceCallReport receipts: the call collects
1 / 2 / 3 (3 replays the text inside the call), the receipt is verified (callback token, call id
and our out id must agree) and the answer is applied once. Against a local fake of the provider
that checks the RPC signature and IvrCall's parameters."""

from __future__ import annotations

import json
import uuid

import pytest
from django_tenants.utils import schema_context

from tenant_apps.messaging import services
from tenant_apps.messaging.enums import VoiceCallStatus
from tenant_apps.messaging.errors import ProviderError
from tenant_apps.messaging.models import VoiceCall
from tests.tenant_apps.messaging.fakes import (
    FakeHTTPProvider,
    aliyun_ivr_handler,
    voice_call_report,
)

pytestmark = pytest.mark.django_db

HANDLER = "test.ivr"
answers: list[tuple[str, str]] = []
services.register_voice_answer_handler(HANDLER, lambda reference, digit: answers.append((reference, digit)))
CALLBACK = "/api/v1/messaging/voice/callback/aliyun_vms/?token={token}"


@pytest.fixture
def ivr(in_tenant_a, admin_a):
    handler = aliyun_ivr_handler(access_key_id="ivr-key", secret="ivr-secret")
    server = FakeHTTPProvider(handler).start()
    token = uuid.uuid4().hex
    services.provider_config_save(
        actor=admin_a, channel="voice", provider="aliyun_vms",
        options={"endpoint": server.url, "called_show_number": "057100000000", "tts_code": "TTS_NOTICE", "ivr_start_code": "TTS_INVITE",
                 "ivr_key_codes": {"1": "TTS_THANKS", "2": "TTS_NOTED"}, "ivr_bye_code": "TTS_BYE", "rate_per_second": 0},
        secrets_update={"access_key_id": "ivr-key", "access_key_secret": "ivr-secret", "callback_token": token},
    )
    answers.clear()
    yield server, handler, token
    server.stop()


def _placed(text: str = "邀请您参加评审。接受请按1，拒绝请按2，重听请按3。", reference: str = "invitation:1") -> VoiceCall:
    call = services.voice_call_start(phone="13900001111", text=text, reference=reference, answer_handler=HANDLER)
    return services.voice_call_place(call_id=call.pk)


def test_invitation_call_is_an_interactive_call_with_keys(ivr):
    server, handler, _token = ivr
    call = _placed()
    assert call.status == VoiceCallStatus.PLACED and call.call_id in handler.calls, call.reason
    params = handler.calls[call.call_id]
    assert params["Action"] == "IvrCall" and params["CalledNumber"] == "13900001111" and params["OutId"] == call.out_id
    assert params["StartCode"] == "TTS_INVITE" and json.loads(params["StartTtsParams"]) == {"content": call.text}
    keys = {params[f"MenuKeyMap.{n}.Key"]: params[f"MenuKeyMap.{n}.Code"] for n in (1, 2, 3)}
    assert keys == {"1": "TTS_THANKS", "2": "TTS_NOTED", "3": "TTS_INVITE"}  # 3 plays the invitation again
    assert json.loads(params["MenuKeyMap.3.TtsParams"]) == {"content": call.text}
    assert params["ByeCode"] == "TTS_BYE" and params["Timeout"] == "10000" and params["PlayTimes"] == "2"
    assert not any(r.params.get("Action") == "SingleCallByTts" for r in server.requests)


def test_notification_without_keys_stays_a_notification_call(ivr):
    from tenant_apps.messaging.providers.aliyun import AliyunVoiceProvider
    from tenant_apps.messaging.providers.base import OutgoingItem
    from tenant_apps.messaging.providers.registry import active_config

    server, _handler, _token = ivr
    provider = AliyunVoiceProvider(active_config("voice"))
    with pytest.raises(ProviderError):  # the IVR fake refuses SingleCallByTts: proves which action was used
        provider.send(OutgoingItem(channel="voice", to="13900002222", subject="", body="停水通知", out_id="v0"))
    assert server.requests[-1].params["Action"] == "SingleCallByTts"


def test_receipt_answers_once_and_repeat_key_is_only_noted(ivr, client_a):
    _server, _handler, token = ivr
    call = _placed(reference="invitation:7")
    url = CALLBACK.format(token=token)
    repeat = client_a.post(url, voice_call_report(call_id=call.call_id, out_id=call.out_id, dtmf="3"), content_type="application/json")
    assert repeat.status_code == 200 and answers == []
    with schema_context("alpha"):
        call.refresh_from_db()
    assert call.status == VoiceCallStatus.PLACED and "重听" in call.reason
    body = voice_call_report(call_id=call.call_id, out_id=call.out_id, dtmf="31")  # replayed, then accepted
    assert client_a.post(url, body, content_type="application/json").json() == {"code": 0, "msg": "成功"}
    client_a.post(url, body, content_type="application/json")  # the provider retries: applied once
    client_a.post(url, voice_call_report(call_id=call.call_id, out_id=call.out_id, dtmf="2"), content_type="application/json")
    assert answers == [("invitation:7", "1")]
    with schema_context("alpha"):
        call.refresh_from_db()
    assert (call.status, call.digit) == (VoiceCallStatus.ANSWERED, "1")


def test_receipt_is_verified(ivr, client_a):
    _server, _handler, token = ivr
    call = _placed(reference="invitation:8")
    other = _placed(reference="invitation:9")
    url = CALLBACK.format(token=token)
    assert client_a.post(CALLBACK.format(token="forged"), voice_call_report(call_id=call.call_id, out_id=call.out_id, dtmf="1"),
                         content_type="application/json").status_code == 403
    # A receipt naming one call by its id and another by our out id answers neither.
    client_a.post(url, voice_call_report(call_id=call.call_id, out_id=other.out_id, dtmf="1"), content_type="application/json")
    # Our out id alone cannot answer a call that the provider knows by its call id.
    client_a.post(url, [{"out_id": call.out_id, "dtmf": "1", "status_code": "300000"}], content_type="application/json")
    assert answers == []


def test_unanswered_call_records_why(ivr, client_a):
    _server, _handler, token = ivr
    call = _placed(reference="invitation:10")
    client_a.post(CALLBACK.format(token=token), voice_call_report(call_id=call.call_id, out_id=call.out_id, status_code="200010"),
                  content_type="application/json")
    with schema_context("alpha"):
        call.refresh_from_db()
    assert call.status == VoiceCallStatus.PLACED and call.reason == "被叫未接听" and answers == []


def test_other_tenant_cannot_answer(ivr, client_b):
    _server, _handler, token = ivr
    call = _placed(reference="invitation:11")
    response = client_b.post(CALLBACK.format(token=token), voice_call_report(call_id=call.call_id, out_id=call.out_id, dtmf="1"),
                             content_type="application/json")
    assert response.status_code == 403 and answers == []  # beta has no such provider or token
