"""Issue 12: codes stay secret, "not sent: no channel configured" (with the admin banner),
recipient keys without personal data, and outbound connections a tenant cannot aim at us."""

from __future__ import annotations

import re

import pytest
from django.db import connection

from core.errors import ApplicationError
from tenant_apps.messaging import services
from tenant_apps.messaging.models import Delivery, OutboxEntry
from tenant_apps.messaging.recipients import Recipient
from tests.tenant_apps.messaging.conftest import run_message, unique_phone
from tests.tenant_apps.messaging.fakes import FakeHTTPProvider, aliyun_handler

pytestmark = pytest.mark.django_db


# --- codes stay secret -----------------------------------------------------------------------


def test_login_code_never_shown_to_staff_in_the_outbox_pages_or_api(in_tenant_a, admin_client_a):
    phone = unique_phone()
    services.verification_code_send(target=phone, channel="sms", purpose="login")
    entry = OutboxEntry.objects.filter(out_id__startswith="c").latest("pk")
    code = re.search(r"\d{6}", entry.body).group(0)  # only the code path itself reads it
    assert entry.is_secret and code not in entry.body_for_staff
    connection.set_schema_to_public()
    listing = admin_client_a.get("/admin-ui/messaging/outbox/").content.decode()
    detail = admin_client_a.get(f"/admin-ui/messaging/outbox/{entry.pk}/").content.decode()
    api = admin_client_a.get("/api/v1/messaging/outbox/").content.decode()
    for shown in (listing, detail, api):
        assert code not in shown
    assert "••••••" in detail


def test_template_parameters_of_a_code_are_masked_in_the_outbox(in_tenant_a, admin_a):
    services.provider_config_save(actor=admin_a, channel="sms", provider="outbox", options={"code_template_code": "SMS_CODE"})
    services.verification_code_send(target=unique_phone(), channel="sms", purpose="reset_password")
    entry = OutboxEntry.objects.filter(out_id__startswith="c").latest("pk")
    assert entry.extra["template_params"] == {"code": "••••••"}


# --- not sent: no channel configured ---------------------------------------------------------


def test_message_on_a_channel_without_provider_is_not_sent_not_succeeded(in_tenant_a, admin_a):
    message = services.message_send(actor=admin_a, subject="通知", body="请按时到场", channels=["sms"], recipients=[Recipient(name="甲", phone=unique_phone())])
    run_message(message)
    delivery = Delivery.objects.get(message=message)
    assert delivery.status == "not_sent" and delivery.reason == "未发送：未配置发送渠道"
    assert (message.succeeded, message.failed) == (0, 1)
    assert delivery.get_status_display() == "未发送：未配置渠道"


def test_outbox_chosen_explicitly_is_not_sent_either(in_tenant_a, admin_a):
    services.provider_config_save(actor=admin_a, channel="email", provider="outbox", options={})
    message = services.message_send(actor=admin_a, subject="通知", body="b", channels=["email"], recipients=[Recipient(name="乙", email="b@example.cn")])
    run_message(message)
    assert Delivery.objects.get(message=message).reason.startswith("未发送：该渠道设为发件箱")


def test_letters_still_succeed(in_tenant_a, admin_a):
    message = services.message_send(actor=admin_a, subject="站内信", body="b", channels=["letter"], recipients=[Recipient(user_id=admin_a.pk, name="管理员")])
    run_message(message)
    assert Delivery.objects.get(message=message).status == "succeeded"


def test_admin_sees_a_banner_naming_the_unconfigured_channels(admin_client_a, staff_a, client_a):
    page = admin_client_a.get("/admin-ui/messaging/messages/").content.decode()
    assert 'data-banner="unconfigured-channels"' in page and "短信" in page and "邮件" in page
    dashboard = admin_client_a.get("/admin-ui/").content.decode()
    assert 'data-banner="unconfigured-channels"' in dashboard
    client_a.login_as(staff_a)  # no right to the provider settings: no banner
    assert 'data-banner="unconfigured-channels"' not in client_a.get("/admin-ui/").content.decode()


def test_banner_leaves_out_a_configured_channel(in_tenant_a, admin_a, admin_client_a, aliyun_sms_config):
    connection.set_schema_to_public()
    page = admin_client_a.get("/admin-ui/messaging/messages/").content.decode()
    banner = re.search(r'data-banner="unconfigured-channels".*?</div>', page, re.S).group(0)
    assert "短信" not in banner and "邮件" in banner


# --- no personal data in delivery keys -------------------------------------------------------


def test_delivery_recipient_key_holds_no_phone_or_email(in_tenant_a, admin_a):
    phone, email = unique_phone(), "private.person@example.cn"
    message = services.message_send(
        actor=admin_a, subject="s", body="b", channels=["sms", "email"], recipients=[Recipient(name="丙", phone=phone), Recipient(name="丁", email=email)]
    )
    run_message(message)
    keys = list(Delivery.objects.filter(message=message).values_list("recipient_key", flat=True))
    assert len(keys) == 2 and all(phone not in k and email not in k for k in keys)
    assert {k[:2] for k in keys} == {"p:", "e:"}


# --- outbound connections (SSRF) -------------------------------------------------------------


@pytest.fixture
def guarded(settings):
    settings.MESSAGING_TENANT_ENDPOINTS_ALLOWED = False
    settings.MESSAGING_SMTP_ALLOWED_HOSTS = []
    return settings


def test_tenant_cannot_set_a_provider_endpoint(in_tenant_a, admin_a, guarded):
    with pytest.raises(ApplicationError) as refused:
        services.provider_config_save(
            actor=admin_a, channel="sms", provider="aliyun_sms", options={"endpoint": "http://169.254.169.254/latest/meta-data/"}, secrets_update={}
        )
    assert refused.value.code == "endpoint_not_allowed"


def test_provider_is_called_at_the_endpoint_from_settings(in_tenant_a, admin_a, guarded):
    fake = FakeHTTPProvider(aliyun_handler(access_key_id="k", secret="s", action="SendSms", id_field="BizId")).start()
    try:
        guarded.MESSAGING_PROVIDER_ENDPOINTS = {**guarded.MESSAGING_PROVIDER_ENDPOINTS, "aliyun_sms": fake.url}
        services.provider_config_save(
            actor=admin_a, channel="sms", provider="aliyun_sms", options={"sign_name": "测试", "template_code": "SMS_1", "rate_per_second": 0},
            secrets_update={"access_key_id": "k", "access_key_secret": "s"},
        )
        message = services.message_send(actor=admin_a, subject="s", body="b", channels=["sms"], recipients=[Recipient(name="甲", phone="13800000031")])
        run_message(message)
    finally:
        fake.stop()
    assert Delivery.objects.get(message=message).status == "succeeded" and len(fake.requests) == 1


@pytest.mark.parametrize(
    ("host", "port", "code"),
    [
        ("127.0.0.1", 25, "smtp_host_not_public"),  # loopback
        ("localhost", 587, "smtp_host_not_public"),  # a name that resolves to loopback
        ("::1", 25, "smtp_host_not_public"),
        ("0.0.0.0", 25, "smtp_host_not_public"),
        ("10.0.0.5", 25, "smtp_host_not_public"),  # private
        ("172.16.3.4", 465, "smtp_host_not_public"),
        ("192.168.1.10", 587, "smtp_host_not_public"),
        ("169.254.169.254", 25, "smtp_host_not_public"),  # cloud metadata (AWS, GCP, Azure...)
        ("100.100.100.200", 25, "smtp_host_not_public"),  # Aliyun metadata
        ("100.64.0.1", 25, "smtp_host_not_public"),  # carrier-grade NAT
        ("fe80::1", 25, "smtp_host_not_public"),  # link-local
        ("::ffff:127.0.0.1", 25, "smtp_host_not_public"),  # IPv4-mapped loopback
        ("224.0.0.1", 25, "smtp_host_not_public"),  # multicast
        ("93.184.216.34", 6379, "smtp_port_not_allowed"),  # public, but not an SMTP port
        ("no-such-host.invalid", 25, "smtp_host_unresolvable"),
        ("", 25, "smtp_host_required"),
    ],
)
def test_smtp_host_must_be_public(in_tenant_a, admin_a, guarded, host, port, code):
    with pytest.raises(ApplicationError) as refused:
        services.provider_config_save(actor=admin_a, channel="email", provider="smtp", options={"host": host, "port": port}, secrets_update={})
    assert refused.value.code == code
    assert "host" in refused.value.fields or "port" in refused.value.fields


def test_public_smtp_host_is_accepted(in_tenant_a, admin_a, guarded):
    config = services.provider_config_save(actor=admin_a, channel="email", provider="smtp", options={"host": "93.184.216.34", "port": 465}, secrets_update={})
    assert config.pk


def test_vendor_allow_list_admits_an_internal_relay(in_tenant_a, admin_a, guarded):
    guarded.MESSAGING_SMTP_ALLOWED_HOSTS = ["relay.internal"]
    config = services.provider_config_save(actor=admin_a, channel="email", provider="smtp", options={"host": "relay.internal", "port": 25}, secrets_update={})
    assert config.pk


def test_smtp_host_is_checked_again_when_sending(in_tenant_a, admin_a, settings):
    # Saved while the host was allowed; the allowance is gone when the worker connects.
    services.provider_config_save(actor=admin_a, channel="email", provider="smtp", options={"host": "127.0.0.1", "port": 25}, secrets_update={})
    settings.MESSAGING_SMTP_ALLOWED_HOSTS = []
    message = services.message_send(actor=admin_a, subject="s", body="b", channels=["email"], recipients=[Recipient(name="甲", email="a@example.cn")])
    run_message(message)
    delivery = Delivery.objects.get(message=message)
    assert delivery.status == "failed" and "公网地址" in delivery.reason
