"""The gateway's services: sending, fallback, skips, templates, letters, cancel, schedules."""

from __future__ import annotations

import pytest
from django.utils import timezone

from core.errors import ApplicationError
from core.models import AuditEvent
from tenant_apps.messaging import services
from tenant_apps.messaging.enums import DeliveryStatus, MessageStatus
from tenant_apps.messaging.models import Delivery, Letter, Message, OutboxEntry
from tenant_apps.messaging.recipients import Recipient
from tests.tenant_apps.messaging.conftest import run_message

pytestmark = pytest.mark.django_db


def _statuses(message):
    return {d.recipient_name: (d.channel, d.status, d.reason) for d in Delivery.objects.filter(message=message)}


def test_send_falls_back_and_skips_with_reasons(in_tenant_a, admin_a):
    people = [
        Recipient(name="有openid", openid="o-1", phone="13800000001"),
        Recipient(name="只有手机", phone="13800000002"),
        Recipient(name="只有邮箱", email="a@example.cn"),
        Recipient(name="无联系方式"),
        Recipient(name="已故", phone="13800000003", is_deceased=True),
        Recipient(name="退订短信", phone="13800000004", opted_out=frozenset({"sms"})),
        Recipient(name="全部退订", phone="13800000005", openid="o-5", opted_out=frozenset({"sms", "wechat"})),
    ]
    message = services.message_send(actor=admin_a, subject="通知", body="{{ name }}同学你好", channels=["wechat", "sms"], recipients=people)
    assert message.status == MessageStatus.QUEUED
    run_message(message)
    result = _statuses(message)
    # No provider configured: recorded in the outbox, shown as not sent (never "succeeded").
    assert result["有openid"][:2] == ("wechat", DeliveryStatus.NOT_SENT)
    assert result["只有手机"][:2] == ("sms", DeliveryStatus.NOT_SENT)
    assert result["只有邮箱"] == ("", DeliveryStatus.SKIPPED, "无可用联系方式")
    assert result["无联系方式"][1:] == (DeliveryStatus.SKIPPED, "无可用联系方式")
    assert result["已故"][1:] == (DeliveryStatus.SKIPPED, "已故")
    assert result["退订短信"][1:] == (DeliveryStatus.SKIPPED, "无可用联系方式")
    assert result["全部退订"][1:] == (DeliveryStatus.SKIPPED, "已退订该渠道")
    assert message.status == MessageStatus.COMPLETED
    assert (message.total, message.succeeded, message.failed, message.skipped, message.progress) == (7, 0, 2, 5, 100)
    # No provider configured: both went to the outbox, rendered per recipient.
    bodies = set(OutboxEntry.objects.filter(message=message).values_list("channel", "body"))
    assert bodies == {("wechat", "有openid同学你好"), ("sms", "只有手机同学你好")}
    assert AuditEvent.objects.filter(action="messaging.message_send", object_id=str(message.pk)).exists()


def test_each_recipient_once_even_when_listed_twice_or_resolved_again(in_tenant_a, admin_a):
    people = [Recipient(name="甲", phone="13800000011"), Recipient(name="甲", phone="13800000011")]
    message = services.message_send(actor=admin_a, subject="s", body="b", channels=["sms"], recipients=people)
    run_message(message)
    from tenant_apps.messaging import dispatch

    dispatch.resolve_snapshot(message)  # a crashed start task resolving again adds nobody
    assert Delivery.objects.filter(message=message).count() == 1
    assert OutboxEntry.objects.filter(message=message).count() == 1


def test_commercial_sms_carries_opt_out_line(in_tenant_a, admin_a):
    message = services.message_send(actor=admin_a, subject="招聘会", body="欢迎参加", channels=["sms"], recipients=[Recipient(name="乙", phone="13800000021")], is_commercial=True)
    run_message(message)
    assert OutboxEntry.objects.get(message=message).body == "欢迎参加 拒收请回复R"


def test_audience_resolver_accounts_users_and_letters(in_tenant_a, admin_a):
    from tenant_apps.accounts.models import User

    student = User.objects.create_user(username="stu-letter", password="x-12345678", kind="student", display_name="学生甲")
    services.channel_opt_out(user=User.objects.create_user(username="stu-out", password="x-12345678", kind="student"), channel="letter")
    message = services.message_send(
        actor=admin_a, subject="站内通知", body="你好 {{ name }}", channels=["letter"], audience={"resolver": "accounts.users", "filters": {"kind": "student"}}, link="/h5/"
    )
    run_message(message)
    letter = Letter.objects.get(user=student, message=message)
    assert (letter.title, letter.body, letter.link, letter.is_read) == ("站内通知", "你好 学生甲", "/h5/", False)
    statuses = dict(Delivery.objects.filter(message=message).values_list("recipient_name", "status"))
    assert statuses["stu-out"] == DeliveryStatus.SKIPPED


def test_validation_errors(in_tenant_a, admin_a):
    with pytest.raises(ApplicationError) as exc:
        services.message_send(actor=admin_a, subject="s", body="b", channels=["fax"], recipients=[Recipient(phone="1")])
    assert exc.value.code == "invalid_channel"
    with pytest.raises(ApplicationError) as exc:
        services.message_send(actor=admin_a, subject="s", body="b", channels=["sms"])
    assert exc.value.code == "no_audience"
    with pytest.raises(ApplicationError) as exc:
        services.message_send(actor=admin_a, subject="s", body="b", channels=["sms"], audience={"resolver": "nope"})
    assert exc.value.code == "unknown_audience"
    with pytest.raises(ApplicationError):
        services.message_send(actor=admin_a, subject="s", body="b", channels=["letter"], recipients=[Recipient(user_id=admin_a.pk)], link="javascript:alert(1)")


def test_scheduled_message_waits_then_dispatches_and_can_be_cancelled(in_tenant_a, admin_a):
    later = timezone.now() + timezone.timedelta(hours=1)
    message = services.message_send(actor=admin_a, subject="定时", body="b", channels=["sms"], recipients=[Recipient(phone="13800000031")], send_at=later)
    assert message.status == MessageStatus.SCHEDULED
    assert services.messages_dispatch_due() == 0
    Message.objects.filter(pk=message.pk).update(send_at=timezone.now() - timezone.timedelta(seconds=1))
    assert services.messages_dispatch_due() == 1
    message.refresh_from_db()
    assert message.status == MessageStatus.QUEUED

    other = services.message_send(actor=admin_a, subject="定时2", body="b", channels=["sms"], recipients=[Recipient(phone="13800000032")], send_at=later)
    services.message_cancel(actor=admin_a, message=other)
    other.refresh_from_db()
    assert other.status == MessageStatus.CANCELLED
    Message.objects.filter(pk=other.pk).update(send_at=timezone.now())
    assert services.messages_dispatch_due() == 0
    assert services.message_start_sending(message_id=other.pk) == []
    with pytest.raises(ApplicationError) as exc:
        services.message_cancel(actor=admin_a, message=other)
    assert exc.value.code == "not_cancellable"


def test_cancel_while_sending_stops_pending_rows(in_tenant_a, admin_a):
    message = services.message_send(actor=admin_a, subject="s", body="b", channels=["sms"], recipients=[Recipient(phone=f"1380000010{i}") for i in range(5)])
    ranges = services.message_start_sending(message_id=message.pk)
    services.message_cancel(actor=admin_a, message=message)
    for first_id, last_id in ranges:
        services.delivery_batch_send(message_id=message.pk, first_id=first_id, last_id=last_id)
    assert set(Delivery.objects.filter(message=message).values_list("status", flat=True)) == {DeliveryStatus.CANCELLED}
    assert not OutboxEntry.objects.filter(message=message).exists()


def test_templates_render_safely_preview_and_test_send(in_tenant_a, admin_a):
    template = services.template_save(actor=admin_a, data={"code": "job-push", "name": "职位推送", "subject": "{{ job.title }} 招聘", "body": "{{ name }}：{{ job.title }}，{{ secret.__class__ }}{% load x %}"})
    preview = services.template_preview(subject=template.subject, body=template.body, context={"job": {"title": "工程师"}}, name="王五")
    assert preview == {"subject": "工程师 招聘", "body": "王五：工程师，{% load x %}"}
    admin_a.email = "admin@alpha.example.cn"
    message = services.template_test_send(actor=admin_a, template=template, channels=["email"], context={"job": {"title": "教师"}})
    run_message(message)
    entry = OutboxEntry.objects.get(message=message)
    assert entry.subject == "[测试] 教师 招聘"
    assert entry.to_address == "admin@alpha.example.cn"
    with pytest.raises(ApplicationError) as exc:
        services.message_send(actor=admin_a, subject="", body="", channels=["sms"], recipients=[Recipient(phone="1")], template_code="missing")
    assert exc.value.code == "template_not_found"


def test_letter_send_and_read(in_tenant_a, admin_a):
    assert services.letter_send(recipient_user_ids=[admin_a.pk, admin_a.pk, 999999], title="提醒", body="内容") == 1
    letter = Letter.objects.get(user=admin_a, title="提醒")
    services.letter_mark_read(user=admin_a, letter_id=letter.pk)
    letter.refresh_from_db()
    assert letter.is_read and letter.read_at


def test_transient_failures_go_back_to_pending_then_fail_after_max_attempts(in_tenant_a, admin_a, aliyun_sms_config, fake_aliyun_sms):
    message = services.message_send(actor=admin_a, subject="s", body="b", channels=["sms"], recipients=[Recipient(name="限流", phone="13000000001"), Recipient(name="错号", phone="13000000000"), Recipient(name="好", phone="13900000001")])
    ranges = services.message_start_sending(message_id=message.pk)
    outcome = services.delivery_batch_send(message_id=message.pk, first_id=ranges[0][0], last_id=ranges[0][1])
    assert outcome.transient == 1 and outcome.sent == 1
    result = _statuses(message)
    assert result["好"][1] == DeliveryStatus.SUCCEEDED
    assert result["错号"][1:] == (DeliveryStatus.FAILED, "isv.MOBILE_NUMBER_ILLEGAL: failed")
    assert result["限流"][1] == DeliveryStatus.PENDING
    for _ in range(4):
        services.delivery_batch_send(message_id=message.pk, first_id=ranges[0][0], last_id=ranges[0][1])
    assert _statuses(message)["限流"][1] == DeliveryStatus.FAILED
    message.refresh_from_db()
    assert message.status == MessageStatus.COMPLETED and message.failed == 2 and message.succeeded == 1
