"""Targeted push fallback (issue 15 item 2): WeChat template first; when it fails for a student
(WeChat refuses the send, a failure receipt comes later, or the student has no openid) the push
goes by SMS, or by in-app letter when there is no phone or the student refused SMS; once per
student and channel, whatever is retried; the push log shows the channel that reached each
student and why the first did not. Against the local fake WeChat and fake Aliyun SMS servers."""

from __future__ import annotations

import time
import uuid

import pytest
from django_tenants.utils import schema_context

from tests.tenant_apps.employment_push.conftest import graduate, unit
from tests.tenant_apps.messaging.conftest import (  # noqa: F401 - fixtures
    aliyun_sms_config,
    fake_aliyun_sms,
    run_message,
)
from tests.tenant_apps.messaging.fakes import FakeHTTPProvider, aliyun_handler, aliyun_phone
from tests.tenant_apps.wechat.conftest import ALPHA, account_a, fake_wechat, make_account  # noqa: F401 - fixtures
from tests.tenant_apps.wechat.fake_wechat import FakeWeChat

NOT_SUBSCRIBED = (43004, "require subscribe")


def _push_template(actor):
    from tenant_apps.employment.push.services import PUSH_TEMPLATE_CODE
    from tenant_apps.messaging.models import MessageTemplate
    from tenant_apps.messaging.services import template_save

    if not MessageTemplate.objects.filter(code=PUSH_TEMPLATE_CODE).exists():
        template_save(actor=actor, data={"code": PUSH_TEMPLATE_CODE, "name": "招聘信息通知", "subject": "{{ title }}", "body": "{{ title }} {{ summary }}",
                                         "wechat_template_id": "TPL_PUSH", "is_active": True})


def _cohort(tag: str):
    college = unit(f"回退学院{tag}", "college")
    klass = unit("回退1班", "class", unit("回退专业", "major", college))
    students = {
        "wechat_ok": graduate(klass, openid=True),
        "refused_has_phone": graduate(klass, openid=True),
        "no_openid": graduate(klass),
        "refused_sms_opt_out": graduate(klass, openid=True),
        "refused_no_phone": graduate(klass, openid=True, phone=False),
    }
    return college, students


@pytest.mark.django_db
def test_wechat_failure_falls_back_to_sms_or_letter_once(in_tenant_a, admin_a, account_a, fake_wechat, aliyun_sms_config, fake_aliyun_sms):  # noqa: F811
    from tenant_apps.employment.push.selectors import push_log
    from tenant_apps.employment.push.services import push_create
    from tenant_apps.messaging import dispatch, services
    from tenant_apps.messaging.enums import DeliveryStatus, MessageStatus
    from tenant_apps.messaging.models import ChannelOptOut, Delivery

    _push_template(admin_a)
    college, s = _cohort(uuid.uuid4().hex[:6])
    for key in ("refused_has_phone", "refused_sms_opt_out", "refused_no_phone"):
        fake_wechat.refused_openids[s[key].user.wechat_openid] = NOT_SUBSCRIBED
    ChannelOptOut.objects.create(user=s["refused_sms_opt_out"].user, channel="sms")
    push = push_create(actor=admin_a, item_kind="custom", object_id=None, title="春季双选会", summary="体育馆", url="/portal/fairs/",
                       filters={"org_unit_ids": [college.pk]})
    message = push.message
    run_message(message)

    log = {d.user_id: d for d in push_log(push=push)}
    assert len(log) == 5  # one row per student: the failed WeChat rows are not listed
    by = {key: log[record.user_id] for key, record in s.items()}
    assert (by["wechat_ok"].channel, by["wechat_ok"].status, by["wechat_ok"].first_failure) == ("wechat", DeliveryStatus.SUCCEEDED, "")
    assert (by["refused_has_phone"].channel, by["refused_has_phone"].status) == ("sms", DeliveryStatus.SUCCEEDED)
    assert by["refused_has_phone"].first_failure.startswith("微信模板消息：") and "43004" in by["refused_has_phone"].first_failure
    assert (by["no_openid"].channel, by["no_openid"].first_failure) == ("sms", "微信模板消息：未绑定微信")
    assert (by["refused_sms_opt_out"].channel, by["refused_sms_opt_out"].status) == ("letter", DeliveryStatus.SUCCEEDED)
    assert (by["refused_no_phone"].channel, by["refused_no_phone"].status) == ("letter", DeliveryStatus.SUCCEEDED)
    message.refresh_from_db()
    assert (message.status, message.total, message.succeeded, message.failed) == (MessageStatus.COMPLETED, 5, 5, 0)
    assert Delivery.objects.filter(message=message, status=DeliveryStatus.REROUTED).count() == 3

    # A failure receipt for the student WeChat reached (TEMPLATESENDJOBFINISH "failed:user block").
    first = by["wechat_ok"]
    services.delivery_report(provider_message_id=first.provider_message_id, status="failed", reason="用户已拒收公众号消息")
    message.refresh_from_db()
    assert message.status == MessageStatus.SENDING
    fallback = Delivery.objects.get(message=message, fallback_of=first.pk)
    services.delivery_batch_send(message_id=message.pk, first_id=fallback.pk, last_id=fallback.pk)  # what the queued task does
    fallback.refresh_from_db()
    assert (fallback.channel, fallback.status, fallback.first_failure) == ("sms", DeliveryStatus.SUCCEEDED, "微信模板消息：用户已拒收公众号消息")

    # Retries change nothing: the same receipt, the batches again, a resumed message.
    services.delivery_report(provider_message_id=first.provider_message_id, status="failed", reason="用户已拒收公众号消息")
    assert dispatch.reroute_failed(message, list(Delivery.objects.filter(message=message).values_list("pk", flat=True))) == []
    services.message_resume(message=message)
    run_message(message)
    sms_per_phone = fake_aliyun_sms.count_by(aliyun_phone)
    assert sorted(sms_per_phone.values()) == [1, 1, 1]
    assert set(sms_per_phone) == {s[k].user.phone for k in ("wechat_ok", "refused_has_phone", "no_openid")}
    message.refresh_from_db()
    assert (message.status, message.total, message.succeeded) == (MessageStatus.COMPLETED, 5, 5)


@pytest.mark.django_db
def test_push_log_page_and_api_show_the_channel_and_first_failure(in_tenant_a, admin_a, admin_client_a, account_a, fake_wechat,  # noqa: F811
                                                                  aliyun_sms_config, fake_aliyun_sms):  # noqa: F811
    from tenant_apps.employment.push.services import push_create

    _push_template(admin_a)
    college, s = _cohort(uuid.uuid4().hex[:6])
    fake_wechat.refused_openids[s["refused_has_phone"].user.wechat_openid] = NOT_SUBSCRIBED
    push = push_create(actor=admin_a, item_kind="custom", object_id=None, title="宣讲会", summary="", url="", filters={"org_unit_ids": [college.pk]})
    run_message(push.message)
    page = admin_client_a.get(f"/admin-ui/employment/push/{push.pk}/").content.decode()
    assert "首选渠道未送达" in page and page.count("<tr data-status=") == 5
    assert "43004" in page  # the refused student's row says why WeChat did not reach them
    rows = admin_client_a.get(f"/api/v1/employment/push/{push.pk}/deliveries/").json()["results"]
    refused = next(r for r in rows if r["user_id"] == s["refused_has_phone"].user_id)
    assert refused["channel"] == "sms" and "43004" in refused["first_failure"]


@pytest.mark.worker
def test_fallback_with_a_real_worker(live_db):
    """The push sent by a Celery worker: WeChat refuses two students, both get the SMS once."""
    from core.testing.live import CeleryWorker
    from tenant_apps.accounts.models import User
    from tenant_apps.employment.push.selectors import push_log
    from tenant_apps.employment.push.services import PUSH_TEMPLATE_CODE, push_create
    from tenant_apps.messaging import services
    from tenant_apps.messaging.enums import MessageStatus
    from tenant_apps.messaging.models import Message, MessageTemplate, ProviderConfig
    from tenant_apps.wechat.models import WeChatAccount

    wechat = FakeWeChat(app_id=ALPHA["app_id"], app_secret=ALPHA["app_secret"]).start()
    sms = FakeHTTPProvider(aliyun_handler(access_key_id="fb-key", secret="fb-secret", action="SendSms", id_field="BizId")).start()
    tag = uuid.uuid4().hex[:6]
    worker = None
    with schema_context("live"):
        previous_sms = list(ProviderConfig.objects.filter(channel="sms", is_active=True).values_list("pk", flat=True))
        had_account = WeChatAccount.objects.exists()
        actor = User.objects.filter(is_superuser=True).order_by("pk").first()
        config = services.provider_config_save(
            actor=None, channel="sms", provider="aliyun_sms", options={"endpoint": sms.url, "sign_name": "测试", "template_code": "SMS_1", "rate_per_second": 0},
            secrets_update={"access_key_id": "fb-key", "access_key_secret": "fb-secret"},
        )
        account = None if had_account else WeChatAccount.objects.create(name="live 就业", **ALPHA)
        had_template = MessageTemplate.objects.filter(code=PUSH_TEMPLATE_CODE).exists()
        _push_template(actor)
        college, s = _cohort(tag)
        refused = [s["refused_has_phone"], s["refused_sms_opt_out"]]
        for record in refused:
            wechat.refused_openids[record.user.wechat_openid] = NOT_SUBSCRIBED
    try:
        worker = CeleryWorker(extra_env={"WECHAT_API_BASE": wechat.base_url}).start()
        with schema_context("live"):
            push = push_create(actor=actor, item_kind="custom", object_id=None, title=f"双选会 {tag}", summary="", url="", filters={"org_unit_ids": [college.pk]})
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            with schema_context("live"):
                if Message.objects.get(pk=push.message_id).status == MessageStatus.COMPLETED:
                    break
            time.sleep(0.2)
        with schema_context("live"):
            message = Message.objects.get(pk=push.message_id)
            assert message.status == MessageStatus.COMPLETED and message.total == 5
            log = {d.user_id: d for d in push_log(push=push)}
            phones = {s[k].user.phone for k in ("refused_has_phone", "refused_sms_opt_out", "no_openid")}
        if not had_account:
            assert log[s["refused_has_phone"].user_id].channel == "sms" and "43004" in log[s["refused_has_phone"].user_id].first_failure
            assert log[s["wechat_ok"].user_id].channel == "wechat"
        sent = sms.count_by(aliyun_phone)
        assert all(count == 1 for count in sent.values()) and set(sent) <= phones
    finally:
        if worker is not None:
            worker.stop()
        with schema_context("live"):
            ProviderConfig.objects.filter(pk=config.pk).update(is_active=False)
            ProviderConfig.objects.filter(pk__in=previous_sms).update(is_active=True)
            if account is not None:
                account.delete()
            if not had_template:  # later tests of the session see the live schema as it was
                MessageTemplate.objects.filter(code=PUSH_TEMPLATE_CODE).delete()
        wechat.stop()
        sms.stop()
