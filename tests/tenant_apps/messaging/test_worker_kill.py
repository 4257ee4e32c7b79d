"""A real worker is killed (SIGKILL) while an SMS request is in flight; a new worker finishes
the message. Every recipient gets exactly one SMS, counted at the fake provider."""

from __future__ import annotations

import uuid

import pytest
from django_tenants.utils import schema_context

from core.testing.live import CeleryWorker, wait_until
from tests.tenant_apps.messaging.fakes import FakeHTTPProvider, aliyun_handler, aliyun_phone

pytestmark = [pytest.mark.worker]

RECIPIENTS = 60
KILL_AT = 20


def test_sigkill_mid_batch_sends_everyone_exactly_once(live_db, sole_consumer):
    from tenant_apps.messaging import services
    from tenant_apps.messaging.enums import DeliveryStatus, MessageStatus
    from tenant_apps.messaging.models import Delivery, Message, ProviderConfig
    from tenant_apps.messaging.recipients import Recipient

    # Requests after the KILL_AT-th are held open: the worker is killed while one is in flight.
    fake = FakeHTTPProvider(aliyun_handler(access_key_id="kill-key", secret="kill-secret", action="SendSms", id_field="BizId"), hold_after=KILL_AT).start()
    first = CeleryWorker().start()
    second = None
    run = uuid.uuid4().hex[:6]
    phones = [f"136{i:04d}{int(run, 16) % 10000:04d}" for i in range(RECIPIENTS)]
    with schema_context("live"):
        previous_active = list(ProviderConfig.objects.filter(channel="sms", is_active=True).values_list("pk", flat=True))
        config = services.provider_config_save(
            actor=None, channel="sms", provider="aliyun_sms", options={"endpoint": fake.url, "sign_name": "测试", "template_code": "SMS_1", "rate_per_second": 0},
            secrets_update={"access_key_id": "kill-key", "access_key_secret": "kill-secret"},
        )
    try:
        with schema_context("live"):
            message = services.message_send(actor=None, subject=f"kill-{run}", body="通知", channels=["sms"], recipients=[Recipient(name=p, phone=p) for p in phones])
        assert wait_until(lambda: len(fake.requests) > KILL_AT, 180), "timed out waiting for the worker to reach the held request"
        first.process.kill()
        first.process.wait(10)
        fake.hold_after = None
        fake.release.set()
        with schema_context("live"):
            statuses = list(Delivery.objects.filter(message=message).values_list("status", flat=True))
            in_flight = Delivery.objects.filter(message=message, status=DeliveryStatus.SENDING).count()
            done = Delivery.objects.filter(message=message, status=DeliveryStatus.SUCCEEDED).count()
        assert in_flight == 1 and done == KILL_AT, (in_flight, done, sorted(set(statuses)))

        second = CeleryWorker(extra_env={"MESSAGING_CLAIM_LEASE_SECONDS": "2"}).start()
        with schema_context("live"):
            assert services.message_resume(message=message) == 1

        def finished():
            with schema_context("live"):
                return Message.objects.get(pk=message.pk).status == MessageStatus.COMPLETED

        assert wait_until(finished, 240), "timed out waiting for the second worker to finish the message"
        counts = fake.count_by(aliyun_phone)
        assert sorted(counts) == sorted(phones), "someone got none"
        assert set(counts.values()) == {1}, {p: n for p, n in counts.items() if n != 1}
        with schema_context("live"):
            rows = dict(Delivery.objects.filter(message=message).values_list("address", "status"))
            message.refresh_from_db()
        assert list(rows.values()).count(DeliveryStatus.UNKNOWN) == 1
        assert list(rows.values()).count(DeliveryStatus.SUCCEEDED) == RECIPIENTS - 1
        assert (message.total, message.succeeded, message.failed) == (RECIPIENTS, RECIPIENTS - 1, 1)
    finally:
        fake.release.set()
        for worker in (first, second):
            if worker is not None:
                worker.stop()
        fake.stop()
        with schema_context("live"):
            ProviderConfig.objects.filter(pk=config.pk).delete()
            ProviderConfig.objects.filter(pk__in=previous_active).update(is_active=True)
