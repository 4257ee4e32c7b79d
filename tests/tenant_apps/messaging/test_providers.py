"""Providers against local servers speaking each wire format; throttling; crash recovery."""

from __future__ import annotations

import time

import pytest
from django.utils import timezone

from tenant_apps.messaging import services
from tenant_apps.messaging.enums import DeliveryStatus, VoiceCallStatus
from tenant_apps.messaging.models import Delivery, OutboxEntry
from tenant_apps.messaging.providers.aliyun import rpc_signature
from tenant_apps.messaging.recipients import Recipient
from tests.tenant_apps.messaging.conftest import run_message
from tests.tenant_apps.messaging.fakes import (
    FakeHTTPProvider,
    FakeSMTPServer,
    aliyun_ivr_handler,
    aliyun_phone,
    tencent_handler,
)

pytestmark = pytest.mark.django_db


def test_aliyun_signature_matches_documented_example():
    params = {
        "AccessKeyId": "testId", "Action": "SendSms", "Format": "XML", "OutId": "123", "PhoneNumbers": "15300000001", "RegionId": "cn-hangzhou",
        "SignName": "阿里云短信测试专用", "SignatureMethod": "HMAC-SHA1", "SignatureNonce": "45e25e9b-0a6f-4070-8c85-2956eda1b466", "SignatureVersion": "1.0",
        "TemplateCode": "SMS_71390007", "TemplateParam": '{"customer":"test"}', "Timestamp": "2017-07-12T02:42:19Z", "Version": "2017-05-25",
    }
    assert rpc_signature("GET", params, "testSecret") == "zJDF+Lrzhj/ThnlvIToysFRq6t4="


def test_aliyun_sms_sends_signed_requests(in_tenant_a, admin_a, aliyun_sms_config, fake_aliyun_sms):
    message = services.message_send(actor=admin_a, subject="s", body="面试通知", channels=["sms"], recipients=[Recipient(name="甲", phone="13900000002")])
    run_message(message)
    delivery = Delivery.objects.get(message=message)
    assert delivery.status == DeliveryStatus.SUCCEEDED, delivery.reason
    assert delivery.provider == "aliyun_sms" and delivery.provider_message_id.startswith("SendSms-")
    request = fake_aliyun_sms.requests[-1]
    assert request.params["PhoneNumbers"] == "13900000002"
    assert request.params["SignName"] == "测试大学" and request.params["TemplateCode"] == "SMS_1"
    assert request.params["TemplateParam"] == '{"content": "面试通知"}'
    assert request.params["OutId"] == delivery.out_id


def test_aliyun_wrong_secret_is_a_failure_with_reason(in_tenant_a, admin_a, aliyun_sms_config):
    services.provider_config_save(actor=admin_a, config=aliyun_sms_config, channel="sms", provider="aliyun_sms", options=aliyun_sms_config.options, secrets_update={"access_key_secret": "wrong"})
    message = services.message_send(actor=admin_a, subject="s", body="b", channels=["sms"], recipients=[Recipient(name="甲", phone="13900000003")])
    run_message(message)
    delivery = Delivery.objects.get(message=message)
    assert delivery.status == DeliveryStatus.FAILED and delivery.reason.startswith("SignatureDoesNotMatch")


def test_tencent_sms(in_tenant_a, admin_a):
    server = FakeHTTPProvider(tencent_handler(secret_id="AKID-test", secret_key="tc-secret")).start()
    try:
        services.provider_config_save(
            actor=admin_a, channel="sms", provider="tencent_sms",
            options={"endpoint": server.url, "sdk_app_id": "1400000000", "sign_name": "测试大学", "template_id": "100"},
            secrets_update={"secret_id": "AKID-test", "secret_key": "tc-secret"},
        )
        message = services.message_send(actor=admin_a, subject="s", body="报名成功", channels=["sms"], recipients=[Recipient(name="甲", phone="13900000004")])
        run_message(message)
    finally:
        server.stop()
    delivery = Delivery.objects.get(message=message)
    assert delivery.status == DeliveryStatus.SUCCEEDED, delivery.reason
    body = server.requests[0].json
    assert body["PhoneNumberSet"] == ["+8613900000004"] and body["TemplateParamSet"] == ["报名成功"] and body["SessionContext"] == delivery.out_id


def test_smtp_email_through_a_real_smtp_server(in_tenant_a, admin_a):
    smtp = FakeSMTPServer().start()
    try:
        services.provider_config_save(actor=admin_a, channel="email", provider="smtp", options={"host": "127.0.0.1", "port": smtp.port, "from_email": "jobs@alpha.example.cn"}, secrets_update={})
        message = services.message_send(actor=admin_a, subject="邮件标题 {{ name }}", body="正文", channels=["email"], recipients=[Recipient(name="甲", email="a@example.cn"), Recipient(name="乙", email="b@example.cn")])
        run_message(message)
    finally:
        smtp.stop()
    assert sorted(e.rcpt_tos[0] for e in smtp.messages) == ["a@example.cn", "b@example.cn"]
    assert all(d.status == DeliveryStatus.SUCCEEDED for d in Delivery.objects.filter(message=message))
    assert b"jobs@alpha.example.cn" in smtp.messages[0].content


def test_unreachable_provider_is_transient(in_tenant_a, admin_a):
    services.provider_config_save(actor=admin_a, channel="email", provider="smtp", options={"host": "127.0.0.1", "port": 1}, secrets_update={})
    message = services.message_send(actor=admin_a, subject="s", body="b", channels=["email"], recipients=[Recipient(email="a@example.cn")])
    ranges = services.message_start_sending(message_id=message.pk)
    outcome = services.delivery_batch_send(message_id=message.pk, first_id=ranges[0][0], last_id=ranges[0][1])
    assert outcome.transient == 1
    assert Delivery.objects.get(message=message).status == DeliveryStatus.PENDING


def test_provider_rate_limit_is_shared_per_tenant(in_tenant_a, admin_a, aliyun_sms_config, fake_aliyun_sms):
    options = {**aliyun_sms_config.options, "rate_per_second": 4}
    services.provider_config_save(actor=admin_a, config=aliyun_sms_config, channel="sms", provider="aliyun_sms", options=options, secrets_update={})
    message = services.message_send(actor=admin_a, subject="s", body="b", channels=["sms"], recipients=[Recipient(phone=f"1370000{i:04d}") for i in range(10)])
    started = time.monotonic()
    run_message(message)
    assert message.succeeded == 10
    times = sorted(r.received_at for r in fake_aliyun_sms.requests)
    # A fixed one-second window: 10 sends at 4/s span at least two window changes. (Arrival
    # times at the server may drift a few ms across a window edge, hence the +1.)
    assert times[-1] - times[0] >= 1.0 and time.monotonic() - started >= 1.0
    assert max(sum(1 for t in times if start <= t < start + 1) for start in times) <= 4 * 2


def test_crashed_batch_recovery_resends_idempotent_and_marks_others_unknown(in_tenant_a, admin_a, aliyun_sms_config, fake_aliyun_sms, settings):
    settings.MESSAGING_CLAIM_LEASE_SECONDS = 60
    message = services.message_send(actor=admin_a, subject="s", body="b", channels=["sms", "wechat"], recipients=[Recipient(name="短信", phone="13900000005"), Recipient(name="微信", openid="o-9")])
    ranges = services.message_start_sending(message_id=message.pk)
    # A worker died after claiming both rows (and before recording anything).
    Delivery.objects.filter(message=message).update(status=DeliveryStatus.SENDING, claimed_at=timezone.now())
    outcome = services.delivery_batch_send(message_id=message.pk, first_id=ranges[0][0], last_id=ranges[0][1])
    assert outcome.wait_seconds > 0  # still within the lease: come back later
    Delivery.objects.filter(message=message).update(claimed_at=timezone.now() - timezone.timedelta(seconds=61))
    wechat_row = Delivery.objects.get(message=message, channel="wechat")
    OutboxEntry.objects.create(channel="wechat", to_address="o-9", subject="s", body="b", out_id=wechat_row.out_id, message=message)  # it had reached the outbox
    services.delivery_batch_send(message_id=message.pk, first_id=ranges[0][0], last_id=ranges[0][1])
    rows = {d.channel: d for d in Delivery.objects.filter(message=message)}
    assert rows["wechat"].status == DeliveryStatus.NOT_SENT  # re-run through the outbox, once
    assert OutboxEntry.objects.filter(out_id=wechat_row.out_id).count() == 1
    assert rows["sms"].status == DeliveryStatus.UNKNOWN and "不再重发" in rows["sms"].reason
    assert fake_aliyun_sms.requests == []


def test_voice_call_with_key_press_answer(in_tenant_a, admin_a, client_a):
    answers = []
    services.register_voice_answer_handler("test.invitation", lambda reference, digit: answers.append((reference, digit)))
    server = FakeHTTPProvider(aliyun_ivr_handler(access_key_id="vk", secret="vs")).start()  # calls expecting a key are IvrCall
    try:
        services.provider_config_save(
            actor=admin_a, channel="voice", provider="aliyun_vms", options={"endpoint": server.url, "called_show_number": "057100000000", "tts_code": "TTS_1"},
            secrets_update={"access_key_id": "vk", "access_key_secret": "vs", "callback_token": "cb-token"},
        )
        call = services.voice_call_start(phone="13900000006", text="邀请您参加评审，接受请按1，拒绝请按2", reference="invitation:42", answer_handler="test.invitation")
        call = services.voice_call_place(call_id=call.pk)
    finally:
        server.stop()
    assert call.status == VoiceCallStatus.PLACED and "^" in call.call_id, call.reason
    assert aliyun_phone(server.requests[0]) == "13900000006"
    url = "/api/v1/messaging/voice/callback/aliyun_vms/?token=cb-token"
    payload = [{"call_id": call.call_id, "out_id": call.out_id, "dtmf": "1", "status_code": "300000"}]
    assert client_a.post(url.replace("cb-token", "wrong"), payload, content_type="application/json").status_code == 403
    response = client_a.post(url, payload, content_type="application/json")
    assert response.status_code == 200, response.content
    client_a.post(url, payload, content_type="application/json")  # repeated callback: handled once
    assert answers == [("invitation:42", "1")]
    from django_tenants.utils import schema_context

    with schema_context("alpha"):
        call.refresh_from_db()
    assert call.status == VoiceCallStatus.ANSWERED and call.digit == "1"


def test_wechat_channel_uses_a_registered_provider(in_tenant_a, admin_a):
    from tenant_apps.messaging.providers import base

    sent = []

    class FakeWeChat(base.Provider):
        name = "wechat_template"
        channel = "wechat"

        def send(self, item):
            sent.append((item.to, item.subject))
            return base.SendResult("wx-1")

    previous = dict(base._registry)
    base.register_provider("wechat", "wechat_template", lambda config: FakeWeChat(config))
    try:
        message = services.message_send(actor=admin_a, subject="模板消息", body="b", channels=["wechat"], recipients=[Recipient(openid="o-100")])
        run_message(message)
    finally:
        base._registry.clear()
        base._registry.update(previous)
    assert sent == [("o-100", "模板消息")]
    assert Delivery.objects.get(message=message).provider_message_id == "wx-1"
