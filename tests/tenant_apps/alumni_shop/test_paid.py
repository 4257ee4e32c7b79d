"""WeChat Pay orders against the local WeChat Pay v3 server: paid by notification, unpaid orders
expire and give their stock back, a late payment is refunded, full and partial refunds."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from core.errors import ApplicationError
from tenant_apps.alumni.shop import services
from tenant_apps.payments.models import Order as PaymentOrder
from tests.tenant_apps.payments.conftest import configure, fakepay, post_notification  # noqa: F401 - fixture

from .conftest import make_goods, place

pytestmark = pytest.mark.django_db
NOTIFY = "https://alpha.example.com/api/v1/payments/notify/"


@pytest.fixture
def paying(in_tenant_a, fakepay):  # noqa: F811
    configure(fakepay)
    return fakepay


def _checkout(order):
    return services.order_pay(actor=order.user, order=order, openid=f"o-{order.user_id}", notify_url=NOTIFY)


def _pay(fake, client, order):
    checkout = _checkout(order)
    assert post_notification(client, fake.pay(checkout.order.out_trade_no)) == 204
    order.refresh_from_db()
    return checkout.order


def test_paid_by_notification_counts_sales(paying, client_a):
    goods = make_goods(stock=4, price_fen=4900)
    order = place(goods, quantity=2)
    payment = _pay(paying, client_a, order)
    assert order.status == "paid" and order.paid_at and order.payment_order_no == payment.out_trade_no
    assert paying.orders[payment.out_trade_no]["amount"]["total"] == 9800
    goods.refresh_from_db()
    assert goods.stock == 2 and goods.sold_count == 2


def test_only_the_buyer_pays(paying):
    from .conftest import make_user

    order = place(make_goods())
    with pytest.raises(ApplicationError):
        services.order_pay(actor=make_user(), order=order, openid="o-x", notify_url=NOTIFY)
    assert _checkout(order).order.out_trade_no == _checkout(order).order.out_trade_no  # resumed, not a second order


def test_unpaid_order_expires_and_releases_stock(paying):
    goods = make_goods(stock=1)
    order = place(goods)
    _checkout(order)  # the buyer opened the pay sheet and walked away
    with pytest.raises(ApplicationError):
        place(goods)
    assert services.expire_unpaid(now=timezone.now() + datetime.timedelta(minutes=5)) == 0  # not due yet
    assert services.expire_unpaid(now=timezone.now() + datetime.timedelta(minutes=20)) == 1  # queried back: unpaid
    order.refresh_from_db()
    goods.refresh_from_db()
    assert order.status == "expired" and goods.stock == 1
    assert place(goods).status == "awaiting_payment"  # the piece is for sale again


def test_expiry_task_runs_in_the_tenant(paying):
    from tenant_apps.alumni.shop.tasks import expire_unpaid

    goods = make_goods(stock=1)
    order = place(goods)
    type(order).objects.filter(pk=order.pk).update(payment_due_at=timezone.now() - datetime.timedelta(minutes=1))
    assert expire_unpaid() == 1
    goods.refresh_from_db()
    assert goods.stock == 1


def test_payment_just_before_expiry_is_found_by_query_back(paying):
    goods = make_goods(stock=1)
    order = place(goods)
    checkout = _checkout(order)
    paying.pay(checkout.order.out_trade_no)  # paid; the notification is still on its way
    assert services.expire_unpaid(now=timezone.now() + datetime.timedelta(minutes=20)) == 0
    order.refresh_from_db()
    goods.refresh_from_db()
    assert order.status == "paid" and goods.stock == 0


def test_late_payment_after_stock_resold_is_refunded(paying, client_a, django_capture_on_commit_callbacks):
    goods = make_goods(stock=1)
    order = place(goods)
    checkout = _checkout(order)
    services.expire_unpaid(now=timezone.now() + datetime.timedelta(minutes=20))
    _pay(paying, client_a, place(goods))  # someone else bought the piece
    with django_capture_on_commit_callbacks(execute=True):
        post_notification(client_a, paying.pay(checkout.order.out_trade_no))
    order.refresh_from_db()
    assert order.status == "expired"
    [refund] = PaymentOrder.objects.get(pk=checkout.order.pk).refunds.all()
    assert refund.amount_fen == 3900 and paying.refunds[refund.out_refund_no]["amount"]["refund"] == 3900


def test_partial_then_full_refund_returns_stock(paying, client_a, shop_staff, django_capture_on_commit_callbacks):
    goods = make_goods(stock=3, price_fen=5000)
    order = place(goods, quantity=2)
    payment = _pay(paying, client_a, order)
    with django_capture_on_commit_callbacks(execute=True):
        services.order_refund(actor=shop_staff, order=order, amount_fen=1000, reason="差价")
    order.refresh_from_db()
    goods.refresh_from_db()
    assert order.status == "paid" and order.refunded_fen == 1000 and goods.stock == 1
    with pytest.raises(ApplicationError) as caught:
        services.order_refund(actor=shop_staff, order=order, amount_fen=9500)
    assert caught.value.code == "shop_refund_too_large"
    with django_capture_on_commit_callbacks(execute=True):
        services.order_refund(actor=shop_staff, order=order, reason="退货")
    order.refresh_from_db()
    goods.refresh_from_db()
    assert order.status == "refunded" and order.refunded_fen == 10000 and goods.stock == 3 and goods.sold_count == 0
    refunds = sorted(r["amount"]["refund"] for r in paying.refunds.values() if r["out_trade_no"] == payment.out_trade_no)
    assert refunds == [1000, 9000]
    # WeChat Pay reports the refunds done: payments and the order agree
    for number in [r.out_refund_no for r in PaymentOrder.objects.get(pk=payment.pk).refunds.all()]:
        assert post_notification(client_a, paying.finish_refund(number)) == 204
    payment.refresh_from_db()
    order.refresh_from_db()
    assert payment.status == "refunded" and payment.refunded_fen == 10000 == order.refunded_fen


def test_staff_cancel_of_a_paid_order_refunds_in_full(paying, client_a, shop_staff, django_capture_on_commit_callbacks):
    goods = make_goods(stock=2)
    order = place(goods)
    _pay(paying, client_a, order)
    with pytest.raises(ApplicationError):
        services.order_cancel(actor=order.user, order=order)  # the buyer cannot cancel once paid
    with django_capture_on_commit_callbacks(execute=True):
        services.order_cancel(actor=shop_staff, order=order, reason="无法配送")
    order.refresh_from_db()
    goods.refresh_from_db()
    assert order.status == "cancelled" and goods.stock == 2 and order.refunded_fen == order.total_fen
