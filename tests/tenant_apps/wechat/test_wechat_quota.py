"""The template-message daily quota through the messaging engine, against the fake WeChat server:
on 45009 the message stays in progress, the rows wait (pending, no attempt counted) with the
reason in the delivery log, the batch is scheduled again for local midnight, and once the quota
is back every recipient gets exactly one message."""

from __future__ import annotations

import datetime
from collections import Counter

import pytest
from celery import current_app
from celery.signals import before_task_publish
from django.core.cache import cache
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from tenant_apps.messaging import dispatch, services, tasks
from tenant_apps.messaging.enums import DeliveryStatus, MessageStatus
from tenant_apps.messaging.models import Delivery
from tenant_apps.messaging.recipients import Recipient
from tenant_apps.wechat.errors import QUOTA_EXHAUSTED_REASON

pytestmark = pytest.mark.django_db

RECIPIENTS = 5


@pytest.fixture
def published():
    """(task name, headers, kwargs) of every message this process publishes during the test."""
    seen: list[tuple[str, dict, dict]] = []

    def record(sender=None, headers=None, body=None, **kwargs):
        seen.append((sender, dict(headers or {}), body[1] if body else {}))

    before_task_publish.connect(record, weak=False)
    yield seen
    before_task_publish.disconnect(record)
    current_app.control.purge()  # nothing consumes them here; a later worker must not run them


def _quota_back(account) -> None:
    """What local midnight does: WeChat counts again, and our stop flag expires."""
    cache.delete(f"wechat:alpha:{account.app_id}:template-quota-exhausted")


def _batch(message):
    ranges = services.message_start_sending(message_id=message.pk)
    assert len(ranges) == 1
    first_id, last_id = ranges[0]
    return {"message_id": message.pk, "first_id": first_id, "last_id": last_id}


def test_quota_stop_waits_for_the_next_day_then_sends_each_once(in_tenant_a, admin_a, account_a, fake_wechat, published):
    services.template_save(actor=admin_a, data={"code": "wx-talk", "name": "宣讲会提醒", "subject": "宣讲会", "body": "{{ name }} 同学，明天宣讲会", "wechat_template_id": "TPL_TALK"})
    message = services.message_send(
        actor=admin_a, subject="", body="", channels=["wechat"], template_code="wx-talk",
        recipients=[Recipient(name=f"学生{i}", openid=f"o-quota-{i}") for i in range(RECIPIENTS)],
    )
    fake_wechat.template_quota = 2  # two more template messages today, then 45009
    batch = _batch(message)

    tasks.send_batch(**batch)

    message.refresh_from_db()
    assert message.status == MessageStatus.SENDING and message.is_paused  # still in progress
    assert (message.succeeded, message.failed, message.sent) == (2, 0, 2)
    rows = list(Delivery.objects.filter(message=message).order_by("pk"))
    assert [r.status for r in rows] == [DeliveryStatus.SUCCEEDED] * 2 + [DeliveryStatus.PENDING] * 3
    waiting = rows[2:]
    assert {r.reason for r in waiting} == {QUOTA_EXHAUSTED_REASON} == {"模板消息日调用量已用完，将于次日继续"}
    assert [r.attempts for r in waiting] == [0, 0, 0]  # the refused call is not an attempt
    assert len(fake_wechat.calls("/cgi-bin/message/template/send")) == 3  # 2 sent + the one refused

    # The batch is queued again for the next day, at local midnight.
    resumes = [(headers, kwargs) for name, headers, kwargs in published if name == "messaging.send_batch"]
    assert len(resumes) == 1 and resumes[0][1] == batch
    eta = timezone.localtime(parse_datetime(resumes[0][0]["eta"]))
    now = timezone.localtime()
    midnight = (now + datetime.timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    assert eta.date() == midnight.date() and datetime.timedelta(0) <= eta - midnight < datetime.timedelta(seconds=5)
    assert resumes[0][0].get("_schema_name") == "alpha"  # the task carries its tenant

    # Paused is not stalled: the safety-net job leaves it alone, and an early re-run (e.g. a
    # duplicate) asks WeChat nothing, counts nothing and schedules nothing more.
    assert message.pk not in [m.pk for m in dispatch.stalled_messages(stale_seconds=0)]
    tasks.send_batch(**batch)
    assert len(fake_wechat.calls("/cgi-bin/message/template/send")) == 3
    assert len([1 for name, _, _ in published if name == "messaging.send_batch"]) == 1
    assert list(Delivery.objects.filter(message=message, status=DeliveryStatus.PENDING).values_list("attempts", flat=True)) == [0, 0, 0]

    # Midnight: the quota is back and the scheduled batch runs.
    fake_wechat.template_quota = 100
    _quota_back(account_a)
    tasks.send_batch(**batch)
    tasks.send_batch(**batch)  # a duplicate delivery of the task changes nothing

    message.refresh_from_db()
    assert message.status == MessageStatus.COMPLETED and not message.is_paused and message.paused_until is None
    assert (message.total, message.succeeded, message.failed) == (RECIPIENTS, RECIPIENTS, 0)
    rows = list(Delivery.objects.filter(message=message).order_by("pk"))
    assert all(r.status == DeliveryStatus.SUCCEEDED and r.reason == "" and r.attempts == 1 for r in rows)
    assert len({r.provider_message_id for r in rows}) == RECIPIENTS
    accepted = Counter(call.body["touser"] for call in fake_wechat.calls("/cgi-bin/message/template/send"))
    assert accepted == Counter({f"o-quota-{i}": 1 for i in range(RECIPIENTS)} | {"o-quota-2": 2})  # o-quota-2 was refused once
    assert len(fake_wechat.calls("/cgi-bin/message/template/send")) == RECIPIENTS + 1


def test_other_channels_of_the_batch_keep_going(in_tenant_a, admin_a, admin_client_a, account_a, fake_wechat, published):
    services.template_save(actor=admin_a, data={"code": "wx-mixed", "name": "通知", "subject": "通知", "body": "内容", "wechat_template_id": "TPL_MIX"})
    fake_wechat.template_quota = 0
    message = services.message_send(
        actor=admin_a, subject="", body="", channels=["wechat", "sms"], template_code="wx-mixed",
        recipients=[Recipient(name="有微信", openid="o-mixed"), Recipient(name="只有手机", phone="13900000088")],
    )
    tasks.send_batch(**_batch(message))
    rows = {r.recipient_name: r for r in Delivery.objects.filter(message=message)}
    assert rows["有微信"].status == DeliveryStatus.PENDING and rows["有微信"].reason == QUOTA_EXHAUSTED_REASON
    # SMS is not held up: it is handled at once (no SMS provider here: recorded as not sent).
    assert rows["只有手机"].status == DeliveryStatus.NOT_SENT
    page = admin_client_a.get(f"/admin-ui/messaging/messages/{message.pk}/").content.decode()
    assert "已暂停" in page and QUOTA_EXHAUSTED_REASON in page and 'hx-trigger="every 2s"' in page
