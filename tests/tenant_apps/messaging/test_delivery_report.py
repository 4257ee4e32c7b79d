"""Delivery receipts: a provider's final word on a row it accepted (e.g. WeChat's
TEMPLATESENDJOBFINISH) settles the row found by the provider's message id, once."""

from __future__ import annotations

import pytest
from django_tenants.utils import schema_context

from core.errors import ApplicationError
from tenant_apps.messaging import services
from tenant_apps.messaging.enums import DeliveryStatus, MessageStatus
from tenant_apps.messaging.models import Delivery, Message
from tenant_apps.messaging.providers import base
from tenant_apps.messaging.recipients import Recipient
from tests.tenant_apps.messaging.conftest import run_message

pytestmark = pytest.mark.django_db


class NumberingProvider(base.Provider):
    """Accepts everything and answers with a msgid, like WeChat's template/send."""

    name = "wechat_template"
    channel = "wechat"

    def send(self, item):
        return base.SendResult(f"9{item.out_id.rsplit('d', 1)[1]:0>8}")


@pytest.fixture
def sent_message(in_tenant_a, admin_a):
    previous = dict(base._registry)
    base.register_provider("wechat", "wechat_template", lambda config: NumberingProvider(config))
    try:
        message = services.message_send(
            actor=admin_a, subject="宣讲会", body="b", channels=["wechat"], recipients=[Recipient(name=f"学生{i}", openid=f"o-r{i}") for i in range(3)]
        )
        run_message(message)
    finally:
        base._registry.clear()
        base._registry.update(previous)
    assert (message.status, message.succeeded, message.failed) == (MessageStatus.COMPLETED, 3, 0)
    return message


def _rows(message):
    return list(Delivery.objects.filter(message=message).order_by("pk"))


def test_failed_receipt_fails_the_row_and_moves_the_counters(sent_message):
    first, second, _ = _rows(sent_message)
    delivery = services.delivery_report(provider_message_id=first.provider_message_id, status="failed", reason="用户已拒收公众号消息")
    assert delivery.pk == first.pk
    first.refresh_from_db()
    assert (first.status, first.reason) == (DeliveryStatus.FAILED, "用户已拒收公众号消息")
    sent_message.refresh_from_db()
    assert (sent_message.total, sent_message.sent, sent_message.succeeded, sent_message.failed) == (3, 3, 2, 1)

    # The same receipt again changes nothing; a success receipt leaves a succeeded row as it is.
    services.delivery_report(provider_message_id=first.provider_message_id, status="failed", reason="用户已拒收公众号消息")
    services.delivery_report(provider_message_id=second.provider_message_id, status="succeeded")
    sent_message.refresh_from_db()
    assert (sent_message.succeeded, sent_message.failed) == (2, 1)
    second.refresh_from_db()
    assert (second.status, second.reason) == (DeliveryStatus.SUCCEEDED, "")


def test_counters_agree_with_a_full_recount(sent_message):
    first, second, third = _rows(sent_message)
    services.delivery_report(provider_message_id=first.provider_message_id, status="failed", reason="x")
    services.delivery_report(provider_message_id=second.provider_message_id, status="failed")
    services.delivery_report(provider_message_id=first.provider_message_id, status="succeeded")
    sent_message.refresh_from_db()
    incremental = (sent_message.succeeded, sent_message.failed, sent_message.sent)
    from tenant_apps.messaging import dispatch

    dispatch.refresh_progress(sent_message.pk)
    sent_message.refresh_from_db()
    assert incremental == (sent_message.succeeded, sent_message.failed, sent_message.sent) == (2, 1, 3)
    second.refresh_from_db()
    assert second.reason == "服务商回执：发送失败"  # a failure always says something


def test_unknown_id_and_rows_not_sent_are_left_alone(sent_message):
    assert services.delivery_report(provider_message_id="no-such-id", status="failed") is None
    assert services.delivery_report(provider_message_id="", status="failed") is None
    row = _rows(sent_message)[0]
    Delivery.objects.filter(pk=row.pk).update(status=DeliveryStatus.PENDING)
    assert services.delivery_report(provider_message_id=row.provider_message_id, status="failed") is None
    row.refresh_from_db()
    assert row.status == DeliveryStatus.PENDING


def test_invalid_status_is_refused(sent_message):
    with pytest.raises(ApplicationError):
        services.delivery_report(provider_message_id=_rows(sent_message)[0].provider_message_id, status="delivered")


def test_receipts_stay_in_their_tenant(sent_message):
    provider_message_id = _rows(sent_message)[0].provider_message_id
    with schema_context("beta"):
        assert services.delivery_report(provider_message_id=provider_message_id, status="failed") is None
    with schema_context("alpha"):
        assert Delivery.objects.get(provider_message_id=provider_message_id).status == DeliveryStatus.SUCCEEDED
        assert Message.objects.get(pk=sent_message.pk).failed == 0
