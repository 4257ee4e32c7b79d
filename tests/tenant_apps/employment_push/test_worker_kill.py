"""A push to a college through the real gateway; the worker is killed (SIGKILL) while an SMS
request is in flight; a new worker resumes. Nothing is sent twice, nobody is lost, and the push
log shows every student's result with its reason."""

from __future__ import annotations

import uuid

import pytest
from django_tenants.utils import schema_context

from core.testing.live import CeleryWorker, wait_until
from tests.tenant_apps.employment_push.conftest import graduate, unit
from tests.tenant_apps.messaging.fakes import FakeHTTPProvider, aliyun_handler, aliyun_phone

pytestmark = [pytest.mark.worker]

WITH_PHONE = 40
WITHOUT_PHONE = 4  # fall back to the in-app letter
KILL_AT = 15


def test_push_survives_a_killed_worker(live_db, sole_consumer):
    from tenant_apps.accounts.models import User
    from tenant_apps.employment.push.selectors import push_log
    from tenant_apps.employment.push.services import push_create
    from tenant_apps.messaging import services
    from tenant_apps.messaging.enums import DeliveryStatus, MessageStatus
    from tenant_apps.messaging.models import Message, ProviderConfig

    fake = FakeHTTPProvider(aliyun_handler(access_key_id="push-key", secret="push-secret", action="SendSms", id_field="BizId"), hold_after=KILL_AT).start()
    run = uuid.uuid4().hex[:6]
    first = second = None
    with schema_context("live"):
        previous_active = list(ProviderConfig.objects.filter(channel="sms", is_active=True).values_list("pk", flat=True))
        config = services.provider_config_save(
            actor=None, channel="sms", provider="aliyun_sms", options={"endpoint": fake.url, "sign_name": "测试", "template_code": "SMS_1", "rate_per_second": 0},
            secrets_update={"access_key_id": "push-key", "access_key_secret": "push-secret"},
        )
        college = unit(f"推送学院{run}", "college")
        klass = unit("推送1班", "class", unit("推送专业", "major", college))
        records = [graduate(klass) for _ in range(WITH_PHONE)] + [graduate(klass, phone=False) for _ in range(WITHOUT_PHONE)]
        phones = [r.user.phone for r in records if r.user.phone]
        actor = User.objects.filter(is_superuser=True).order_by("pk").first()
    try:
        first = CeleryWorker().start()
        with schema_context("live"):
            push = push_create(actor=actor, item_kind="custom", object_id=None, title=f"招聘会 {run}", summary="体育馆", url="/portal/fairs/",
                               filters={"org_unit_ids": [college.pk]})
        assert push.audience_count == WITH_PHONE + WITHOUT_PHONE
        assert wait_until(lambda: len(fake.requests) > KILL_AT, 180), "timed out waiting for the worker to reach the held request"
        first.process.kill()
        first.process.wait(10)
        fake.hold_after = None
        fake.release.set()

        second = CeleryWorker(extra_env={"MESSAGING_CLAIM_LEASE_SECONDS": "2"}).start()
        with schema_context("live"):
            push.refresh_from_db()
            services.message_resume(message=push.message)

        def finished():
            with schema_context("live"):
                return Message.objects.get(pk=push.message_id).status == MessageStatus.COMPLETED

        assert wait_until(finished, 240), "timed out waiting for the second worker to finish the push"
        counts = fake.count_by(aliyun_phone)
        assert sorted(counts) == sorted(phones), "a student with a phone got no SMS"
        assert set(counts.values()) == {1}, {p: n for p, n in counts.items() if n != 1}
        with schema_context("live"):
            log = list(push_log(push=push))
            message = Message.objects.get(pk=push.message_id)
        assert len(log) == WITH_PHONE + WITHOUT_PHONE
        statuses = [row.status for row in log]
        # the SMS in flight when the worker died: sent once, recorded as unknown (never re-sent)
        assert statuses.count(DeliveryStatus.UNKNOWN) == 1
        assert [row.reason for row in log if row.status == DeliveryStatus.UNKNOWN][0].startswith("发送中断")
        assert statuses.count(DeliveryStatus.SUCCEEDED) == WITH_PHONE - 1 + WITHOUT_PHONE
        assert {row.channel for row in log if row.status == DeliveryStatus.SUCCEEDED} == {"sms", "letter"}
        assert (message.total, message.succeeded, message.failed) == (WITH_PHONE + WITHOUT_PHONE, WITH_PHONE + WITHOUT_PHONE - 1, 1)
    finally:
        fake.release.set()
        for worker in (first, second):
            if worker is not None:
                worker.stop()
        fake.stop()
        with schema_context("live"):
            ProviderConfig.objects.filter(pk=config.pk).delete()
            ProviderConfig.objects.filter(pk__in=previous_active).update(is_active=True)
