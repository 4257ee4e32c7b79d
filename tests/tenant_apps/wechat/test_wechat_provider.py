"""The WeChat template-message provider of the messaging gateway, and delivery receipts."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlencode

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from tenant_apps.messaging import services as messaging_services
from tenant_apps.messaging.errors import ProviderError
from tenant_apps.messaging.models import Delivery, Message
from tenant_apps.messaging.providers.base import OutgoingItem, registered_provider
from tenant_apps.messaging.providers.registry import provider_for
from tenant_apps.messaging.recipients import Recipient
from tenant_apps.wechat.errors import QUOTA_EXHAUSTED_REASON
from tenant_apps.wechat.models import TemplateSendReport
from tenant_apps.wechat.providers import PROVIDER_NAME, WeChatTemplateProvider
from tenant_apps.wechat.services import template_report_forward
from tenant_apps.wechat.tasks import forward_template_report
from tests.tenant_apps.messaging.conftest import run_message
from tests.tenant_apps.wechat.conftest import ALPHA, event_xml, signed_params


def _item(openid: str = "o-1", template: str = "TPL_NOTICE") -> OutgoingItem:
    return OutgoingItem(channel="wechat", to=openid, subject="宣讲会提醒", body="明天 14:00", out_id="m1d1", template_code=template, template_params={"thing1": "宣讲会"}, link="https://alpha.localhost/h5/")


def test_provider_is_registered_for_the_wechat_channel():
    assert registered_provider("wechat", PROVIDER_NAME) is not None


def test_tenant_with_account_sends_through_wechat(in_tenant_a, account_a, fake_wechat):
    provider = provider_for("wechat")
    assert isinstance(provider, WeChatTemplateProvider)
    result = provider.send(_item())
    assert result.provider_message_id.isdigit()
    assert fake_wechat.calls("/cgi-bin/message/template/send")[0].body["touser"] == "o-1"


def test_tenant_without_account_uses_the_outbox(in_tenant_b):
    assert not isinstance(provider_for("wechat"), WeChatTemplateProvider)


def test_quota_exhausted_says_so_and_resumes_next_day(in_tenant_a, account_a, fake_wechat):
    fake_wechat.template_quota = 0
    provider = provider_for("wechat")
    with pytest.raises(ProviderError) as caught:
        provider.send(_item())
    assert caught.value.message == QUOTA_EXHAUSTED_REASON == "模板消息日调用量已用完，将于次日继续"
    assert caught.value.transient and caught.value.retry_after > 0
    calls = len(fake_wechat.calls("/cgi-bin/message/template/send"))
    with pytest.raises(ProviderError):
        provider_for("wechat").send(_item("o-2"))
    assert len(fake_wechat.calls("/cgi-bin/message/template/send")) == calls


def test_missing_template_is_a_permanent_failure(in_tenant_a, account_a, fake_wechat):
    with pytest.raises(ProviderError) as caught:
        provider_for("wechat").send(_item(template=""))
    assert not caught.value.transient and fake_wechat.calls("/cgi-bin/message/template/send") == []


def test_receipt_is_forwarded_once(in_tenant_a):
    report = TemplateSendReport.objects.create(msg_id="300001", openid="o-1", status="success")
    message = Message.objects.create(subject="s", body="b", channels=["wechat"], status="completed", total=1, sent=1, succeeded=1)
    delivery = Delivery.objects.create(message=message, recipient_key="u1", channel="wechat", status="succeeded", provider_message_id="300001")
    assert template_report_forward(report_id=report.pk) is True
    assert template_report_forward(report_id=report.pk) is False
    delivery.refresh_from_db()
    report.refresh_from_db()
    assert delivery.status == "succeeded" and report.is_forwarded


def test_failure_receipt_fails_the_delivery_with_the_reason(in_tenant_a):
    message = Message.objects.create(subject="s", body="b", channels=["wechat"], status="completed", total=2, sent=2, succeeded=2)
    delivery = Delivery.objects.create(message=message, recipient_key="u1", channel="wechat", status="succeeded", provider_message_id="300003")
    Delivery.objects.create(message=message, recipient_key="u2", channel="wechat", status="succeeded", provider_message_id="300004")
    report = TemplateSendReport.objects.create(msg_id="300003", openid="o-1", status="failed:user block")
    assert template_report_forward(report_id=report.pk) is True
    delivery.refresh_from_db()
    message.refresh_from_db()
    assert (delivery.status, delivery.reason) == ("failed", "用户已拒收公众号消息")
    assert (message.sent, message.succeeded, message.failed) == (2, 1, 1)
    other = TemplateSendReport.objects.create(msg_id="300004", status="failed: system failed")
    assert template_report_forward(report_id=other.pk) is True
    assert Delivery.objects.get(provider_message_id="300004").reason == "微信系统原因发送失败"


def test_receipt_without_delivery_waits_then_is_set_aside(in_tenant_a):
    report = TemplateSendReport.objects.create(msg_id="300005", status="success")
    assert template_report_forward(report_id=report.pk) is False  # the sender may not have recorded the msgid yet
    report.refresh_from_db()
    assert not report.is_forwarded
    TemplateSendReport.objects.filter(pk=report.pk).update(received_at=timezone.now() - timedelta(hours=2))
    assert template_report_forward(report_id=report.pk) is True  # e.g. sent from WeChat's own console
    report.refresh_from_db()
    assert report.is_forwarded


def test_receipt_from_the_callback_reaches_the_delivery_log(client_a, admin_a, account_a, fake_wechat, django_capture_on_commit_callbacks):
    """Sent through the gateway, then WeChat's TEMPLATESENDJOBFINISH arrives on the callback."""
    with schema_context("alpha"):
        messaging_services.template_save(actor=admin_a, data={"code": "wx-rcpt", "name": "回执", "subject": "回执", "body": "b", "wechat_template_id": "TPL_R"})
        message = messaging_services.message_send(actor=admin_a, subject="", body="", channels=["wechat"], template_code="wx-rcpt", recipients=[Recipient(name="粉丝", openid="o-rcpt")])
        run_message(message, "alpha")
        delivery = Delivery.objects.get(message=message)
        assert delivery.status == "succeeded" and delivery.provider_message_id.isdigit()
    xml = event_xml(openid="o-rcpt", event="TEMPLATESENDJOBFINISH", MsgID=delivery.provider_message_id, Status="failed:user block")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client_a.post(f"/api/v1/wechat/callback/?{urlencode(signed_params(ALPHA['token']))}", data=xml.encode(), content_type="text/xml")
    assert response.status_code == 200 and response.content == b"success" and len(callbacks) == 1
    with schema_context("alpha"):
        report = TemplateSendReport.objects.get(msg_id=delivery.provider_message_id)
        assert forward_template_report(report.pk) is True  # what the queued task does in the worker
        delivery.refresh_from_db()
        message.refresh_from_db()
    assert (delivery.status, delivery.reason) == ("failed", "用户已拒收公众号消息")
    assert (message.succeeded, message.failed) == (0, 1)


def test_receipts_stay_in_their_tenant(in_tenant_a):
    TemplateSendReport.objects.create(msg_id="300002", status="success")
    with schema_context("beta"):
        assert not TemplateSendReport.objects.filter(msg_id="300002").exists()


def test_subscription_notices_when_the_tenant_chooses_them(in_tenant_a, account_a, fake_wechat):
    from tenant_apps.messaging.models import ProviderConfig
    from tenant_apps.wechat.providers import SUBSCRIBE_PROVIDER_NAME, WeChatSubscribeProvider

    ProviderConfig.objects.create(channel="wechat", provider=SUBSCRIBE_PROVIDER_NAME, is_active=True)
    provider = provider_for("wechat")
    assert isinstance(provider, WeChatSubscribeProvider)
    result = provider.send(_item(openid="o-sub", template="SUB_TPL"))
    assert result.provider_message_id.startswith("3")
    call = fake_wechat.calls("/cgi-bin/message/subscribe/bizsend")[0]
    assert call.body["touser"] == "o-sub" and call.body["template_id"] == "SUB_TPL"
    assert call.body["data"] == {"thing1": {"value": "宣讲会"}} and call.body["page"] == "https://alpha.localhost/h5/"
    assert not fake_wechat.calls("/cgi-bin/message/template/send")
