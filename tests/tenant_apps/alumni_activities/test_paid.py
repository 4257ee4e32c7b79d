"""Paid activities end to end against the local WeChat Pay v3 server: the place is held while
paying, the notification confirms it and issues the ticket, a late payment after the hold
expired is refunded, removal refunds and revokes, and a payer may pay for someone else;
notifications shuffled, replayed and forged; a second payment for the same place goes back;
partial and full refunds."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from core.tickets import services as tickets
from tenant_apps.alumni.activities import services
from tenant_apps.payments.models import Order
from tests.tenant_apps.payments.conftest import configure, fakepay, post_notification  # noqa: F401 - fixture

from .conftest import make_activity, make_user, register

pytestmark = pytest.mark.django_db


@pytest.fixture
def paid_activity(in_tenant_a, fakepay):  # noqa: F811
    configure(fakepay)
    return make_activity(capacity=2, types=[{"name": "校友票", "price_fen": 8800, "capacity": 2}], payment_minutes=15)


def _pay(fake, client, registration, payer=None):
    checkout = services.registration_pay(actor=payer or registration.user, registration=registration, openid="o-" + str((payer or registration.user).pk),
                                         notify_url="https://alpha.example.com/api/v1/payments/notify/")
    assert post_notification(client, fake.pay(checkout.order.out_trade_no)) == 204
    registration.refresh_from_db()
    return checkout.order


def test_paid_registration_holds_then_confirms_with_a_ticket(paid_activity, fakepay, client_a):  # noqa: F811
    reg = register(paid_activity)
    assert reg.status == "awaiting_payment" and reg.amount_fen == 8800 and not reg.ticket_code
    paid_activity.refresh_from_db()
    assert paid_activity.places_taken == 1
    order = _pay(fakepay, client_a, reg)
    assert reg.status == "confirmed" and reg.paid_at and reg.order_no == order.out_trade_no
    assert tickets.ticket_verify(reg.ticket_code, scope=paid_activity.ticket_scope).is_admitted


def test_payer_who_is_not_the_attendee(paid_activity, fakepay, client_a):  # noqa: F811
    parent = make_user()
    reg = register(paid_activity, parent)  # registers a child under her account and pays
    order = _pay(fakepay, client_a, reg, payer=parent)
    assert order.payer_user_id == parent.pk and order.beneficiary_label == reg.attendee_name and reg.status == "confirmed"


def test_hold_expires_and_a_late_payment_is_refunded(paid_activity, fakepay, client_a, django_capture_on_commit_callbacks):  # noqa: F811
    reg = register(paid_activity)
    checkout = services.registration_pay(actor=reg.user, registration=reg, openid="o-late", notify_url="https://x/api/v1/payments/notify/")
    _pay(fakepay, client_a, register(paid_activity))
    waiting = register(paid_activity)
    assert waiting.status == "waitlisted"
    assert services.expire_due(now=timezone.now() + datetime.timedelta(minutes=20)) == 1  # queried back: unpaid, so it expires
    reg.refresh_from_db()
    waiting.refresh_from_db()
    assert reg.status == "expired" and waiting.status == "offered"
    # the payer pays after all: the place went to the waiting list, so the money goes back
    with django_capture_on_commit_callbacks(execute=True):
        post_notification(client_a, fakepay.pay(checkout.order.out_trade_no))
    order = Order.objects.get(pk=checkout.order.pk)
    [refund] = order.refunds.all()
    assert refund.amount_fen == 8800 and fakepay.refunds[refund.out_refund_no]["amount"]["refund"] == 8800
    reg.refresh_from_db()
    assert reg.status == "expired"


def test_payment_just_before_expiry_is_found_by_query_back(paid_activity, fakepay, client_a):  # noqa: F811
    reg = register(paid_activity)
    checkout = services.registration_pay(actor=reg.user, registration=reg, openid="o-1", notify_url="https://x/api/v1/payments/notify/")
    fakepay.pay(checkout.order.out_trade_no)  # paid, but the notification is still on its way
    assert services.expire_due(now=timezone.now() + datetime.timedelta(minutes=20)) == 0
    reg.refresh_from_db()
    assert reg.status == "confirmed" and reg.ticket_code


def test_removal_refunds_and_revokes(paid_activity, fakepay, client_a, activity_admin, django_capture_on_commit_callbacks):  # noqa: F811
    reg = register(paid_activity)
    order = _pay(fakepay, client_a, reg)
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_remove(actor=activity_admin, registration=reg, reason="重复报名")
    assert tickets.ticket_verify(reg.ticket_code, scope=paid_activity.ticket_scope).status == "revoked"
    [refund] = Order.objects.get(pk=order.pk).refunds.all()
    post_notification(client_a, fakepay.finish_refund(refund.out_refund_no))
    assert Order.objects.get(pk=order.pk).status == "refunded"


def test_notifications_shuffled_replayed_and_forged(in_tenant_a, fakepay, client_a):  # noqa: F811
    """Five payers; WeChat Pay delivers out of order, twice, and a forged copy (签名探测) and a
    stale one in between: each place is confirmed once with one ticket, the rest is refused."""
    import random

    activity = make_activity(capacity=5, types=[{"name": "校友票", "price_fen": 100, "capacity": 5}])
    configure(fakepay)
    regs = [register(activity) for _ in range(5)]
    orders = [services.registration_pay(actor=r.user, registration=r, openid=f"o-{r.pk}", notify_url="https://x/api/v1/payments/notify/").order for r in regs]
    deliveries = [fakepay.pay(o.out_trade_no) for o in orders]
    forged = fakepay.notification("TRANSACTION.SUCCESS", fakepay._transaction(fakepay.orders[orders[0].out_trade_no]), original_type="transaction",
                                  bad_signature=True)
    stale = fakepay.notification("TRANSACTION.SUCCESS", fakepay._transaction(fakepay.orders[orders[1].out_trade_no]), original_type="transaction",
                                 timestamp=int(timezone.now().timestamp()) - 600)
    shuffled = deliveries + deliveries[:3]
    random.Random(17).shuffle(shuffled)
    assert post_notification(client_a, forged) == 401 and post_notification(client_a, stale) == 401
    statuses = [post_notification(client_a, n) for n in shuffled]
    assert statuses == [204] * 8
    for reg in regs:
        reg.refresh_from_db()
        assert reg.status == "confirmed" and reg.ticket_code and reg.paid_at
    assert len({r.ticket_serial for r in regs}) == 5 and not Order.objects.filter(refunds__isnull=False).exists()
    activity.refresh_from_db()
    assert activity.places_taken == 5


def test_a_second_payment_for_the_same_place_goes_back(paid_activity, fakepay, client_a, django_capture_on_commit_callbacks):  # noqa: F811
    """The attendee's friend opened a second order and both paid: the place is confirmed once and
    the second payment is refunded in full (payer ≠ attendee, 替人付款)."""
    reg = register(paid_activity)
    friend = make_user()
    first = services.registration_pay(actor=reg.user, registration=reg, openid="o-self", notify_url="https://x/api/v1/payments/notify/").order
    second = services.registration_pay(actor=friend, registration=reg, openid="o-friend", notify_url="https://x/api/v1/payments/notify/").order
    assert first.out_trade_no != second.out_trade_no and second.payer_user_id == friend.pk
    with django_capture_on_commit_callbacks(execute=True):
        assert post_notification(client_a, fakepay.pay(second.out_trade_no)) == 204
        assert post_notification(client_a, fakepay.pay(first.out_trade_no)) == 204
    reg.refresh_from_db()
    assert reg.status == "confirmed" and reg.order_no == second.out_trade_no
    assert not Order.objects.get(pk=second.pk).refunds.exists()
    [refund] = Order.objects.get(pk=first.pk).refunds.all()
    assert refund.amount_fen == 8800 and refund.reason == "重复支付，自动退款"
    assert fakepay.refunds[refund.out_refund_no]["amount"]["refund"] == 8800


def test_partial_refund_of_an_activity_payment(paid_activity, fakepay, client_a, activity_admin, django_capture_on_commit_callbacks):  # noqa: F811
    """A partial refund (e.g. the dinner part of the fee) keeps the place; the rest on removal."""
    from tenant_apps.payments import services as payments

    reg = register(paid_activity)
    order = _pay(fakepay, client_a, reg)
    partial = payments.refund_create(actor=activity_admin, order=order, amount_fen=3000, reason="晚宴取消部分退款", out_refund_no=f"P{order.out_trade_no}")
    again = payments.refund_create(actor=activity_admin, order=order, amount_fen=3000, reason="晚宴取消部分退款", out_refund_no=f"P{order.out_trade_no}")
    assert again.pk == partial.pk  # the same refund number never refunds twice
    post_notification(client_a, fakepay.finish_refund(partial.out_refund_no))
    assert Order.objects.get(pk=order.pk).status == "partially_refunded"
    reg.refresh_from_db()
    assert reg.status == "confirmed"
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_remove(actor=activity_admin, registration=reg, reason="本人无法参加")
    rest = Order.objects.get(pk=order.pk).refunds.exclude(pk=partial.pk)
    assert [r.amount_fen for r in rest] == [5800]


def test_a_late_payment_does_not_bring_back_a_removed_registration(paid_activity, fakepay, client_a, activity_admin,  # noqa: F811
                                                                   django_capture_on_commit_callbacks):
    """The organiser removed (请退) someone whose payment was still open; the payer pays anyway:
    the registration stays removed, no place is taken, and the money goes back."""
    reg = register(paid_activity)
    checkout = services.registration_pay(actor=reg.user, registration=reg, openid="o-removed", notify_url="https://x/api/v1/payments/notify/")
    services.registration_remove(actor=activity_admin, registration=reg, reason="非本会会员")
    with django_capture_on_commit_callbacks(execute=True):
        assert post_notification(client_a, fakepay.pay(checkout.order.out_trade_no)) == 204
    reg.refresh_from_db()
    paid_activity.refresh_from_db()
    assert reg.status == "removed" and paid_activity.places_taken == 0
    assert not reg.ticket_code and reg.paid_at is not None
    [refund] = Order.objects.get(pk=checkout.order.pk).refunds.all()
    assert refund.amount_fen == 8800
