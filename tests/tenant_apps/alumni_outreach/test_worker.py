"""Sending through a real Celery worker (tenant `live`) against local fake providers: a mass mail
through a real SMTP server (HTML with the recipient's unsubscribe link and open pixel, logged as
delivered), and a marketing SMS through the fake Aliyun server (opt-out wording appended, the
refusing record left out)."""

from __future__ import annotations

import re
import uuid

import pytest
from django_tenants.utils import schema_context

from core.testing.live import wait_until

pytestmark = pytest.mark.worker


def test_mass_mail_and_sms_sent_by_the_worker(celery_worker_process, live_db):
    from tenant_apps.accounts.models import User
    from tenant_apps.alumni.outreach import services
    from tenant_apps.alumni.outreach.models import Campaign
    from tenant_apps.messaging.models import Delivery, ProviderConfig
    from tenant_apps.messaging.services import provider_config_save
    from tests.tenant_apps.alumni_outreach.conftest import make_record
    from tests.tenant_apps.messaging.fakes import (
        FakeHTTPProvider,
        FakeSMTPServer,
        aliyun_handler,
        aliyun_phone,
    )

    tag = uuid.uuid4().hex[:6]
    region = f"测试区{tag}"  # this test's own recipients
    smtp = FakeSMTPServer().start()
    sms = FakeHTTPProvider(aliyun_handler(access_key_id="k", secret="s", action="SendSms", id_field="BizId")).start()
    try:
        with schema_context("live"):
            admin = User.objects.get(username="admin")
            provider_config_save(actor=None, channel="email", provider="smtp", options={"host": "127.0.0.1", "port": smtp.port, "from_email": "xyh@live.example.cn"},
                                 secrets_update={})
            provider_config_save(actor=None, channel="sms", provider="aliyun_sms",
                                 options={"endpoint": sms.url, "sign_name": "实况大学", "template_code": "SMS_1", "rate_per_second": 0},
                                 secrets_update={"access_key_id": "k", "access_key_secret": "s"})
            first = make_record(name=f"甲{tag}", region=region)
            second = make_record(name=f"乙{tag}", region=region)
            refusing = make_record(name=f"拒{tag}", region=region, contact_opt_out=True)
            mail = services.campaign_save(actor=admin, data=services.CampaignInput(channel="email", title=f"返校日{tag}", body="<p>{{ name }}校友：欢迎回家</p>",
                                                                                   layout="red_banner", source_filters={"region": region}))
            text = services.campaign_save(actor=admin, data=services.CampaignInput(channel="sms", title=f"短信{tag}", body="{{ name }}校友，周六返校日见！",
                                                                                   source_filters={"region": region}))
            services.campaign_send(actor=admin, campaign=mail)
            services.campaign_send(actor=admin, campaign=text)

        def done():
            with schema_context("live"):
                ids = list(Campaign.objects.filter(pk__in=[mail.pk, text.pk]).values_list("message_id", flat=True))
                return not Delivery.objects.filter(message_id__in=ids, status__in=["pending", "sending"]).exists() and \
                    Delivery.objects.filter(message_id__in=ids).count() == 6
        assert wait_until(done), celery_worker_process.log()[-4000:]
        with schema_context("live"):
            statuses = dict(Delivery.objects.filter(message_id=Campaign.objects.get(pk=mail.pk).message_id).values_list("recipient_name", "status"))
            assert statuses == {f"甲{tag}": "succeeded", f"乙{tag}": "succeeded", f"拒{tag}": "succeeded"}  # refusing SMS is no refusal of mail
            sms_statuses = dict(Delivery.objects.filter(message_id=Campaign.objects.get(pk=text.pk).message_id).values_list("recipient_name", "status"))
            assert sms_statuses[f"拒{tag}"] == "skipped" and sms_statuses[f"甲{tag}"] == "succeeded"

        def sent():
            with schema_context("live"):
                return services.campaign_refresh_status(campaign=Campaign.objects.get(pk=mail.pk)).status == "sent"
        assert wait_until(sent, timeout=30)
        received = {m.rcpt_tos[0]: m.content.decode() for m in smtp.messages}
        assert first.email in received
        flat = re.sub(r"=\r?\n", "", received[first.email]).replace("=3D", "=")
        assert "text/html" in flat and "/h5/alumni/outreach/unsubscribe/" in flat and "/h5/alumni/outreach/open/" in flat
        phones = [aliyun_phone(r) for r in sms.requests]
        assert refusing.phone not in phones and first.phone in phones
        # The worker is shared: messages earlier tests left in `live` (an activity's waiting-list
        # notice) may go out through this fake too. This campaign's texts are the ones to check.
        params = [r.params.get("TemplateParam", "") for r in sms.requests if aliyun_phone(r) in {first.phone, second.phone}]
        assert len(params) == 2 and all("拒收请回复R" in p for p in params), params
    finally:
        with schema_context("live"):
            ProviderConfig.objects.filter(channel__in=["email", "sms"]).update(is_active=False)
        smtp.stop()
        sms.stop()
