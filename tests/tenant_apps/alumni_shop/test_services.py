"""Orders, stock, points and fulfilment through the services (payments in test_paid.py)."""

from __future__ import annotations

import pytest

from core.errors import ApplicationError
from tenant_apps.alumni.shop import selectors, services
from tenant_apps.alumni.shop.models import Goods

from .conftest import allow_points, make_goods, make_user, place

pytestmark = pytest.mark.django_db


def test_order_takes_stock_and_sold_out_refuses(in_tenant_a):
    goods = make_goods(stock=3)
    order = place(goods, quantity=2)
    assert order.status == "awaiting_payment" and order.total_fen == 7800 and order.payment_due_at
    goods.refresh_from_db()
    assert goods.stock == 1
    with pytest.raises(ApplicationError) as caught:
        place(goods, quantity=2)
    assert caught.value.code == "out_of_stock"
    goods.refresh_from_db()
    assert goods.stock == 1


def test_order_rules(in_tenant_a):
    goods = make_goods(limit_per_order=2)
    for extra, code in [({"quantity": 3}, "invalid_shop_order"), ({"recipient_phone": "123"}, "invalid_shop_order"), ({"address": ""}, "invalid_shop_order"),
                        ({"pay_method": "points"}, "points_not_allowed")]:
        with pytest.raises(ApplicationError) as caught:
            place(goods, **extra)
        assert caught.value.code == code, extra
    off = make_goods(on_shelf=False)
    with pytest.raises(ApplicationError) as caught:
        place(off)
    assert caught.value.code == "goods_unavailable"
    pickup = place(goods, delivery="pickup", address="")
    assert pickup.address == "" and pickup.delivery == "pickup"
    services.settings_save(actor=None, data={"is_open": False})
    with pytest.raises(ApplicationError) as caught:
        place(goods)
    assert caught.value.code == "shop_closed"


def test_personal_data_encrypted_at_rest(in_tenant_a):
    from django.db import connection

    order = place(make_goods())
    with connection.cursor() as cursor:
        cursor.execute("SELECT recipient_phone, address FROM alumni_shop_order WHERE id = %s", [order.pk])
        phone, address = cursor.fetchone()
    assert "13912345678" not in phone and "中关村" not in address


def test_points_redemption_and_refund(in_tenant_a, shop_staff):
    goods = make_goods(stock=5, price_fen=0, points_price=300)
    buyer = make_user()
    allow_points()
    with pytest.raises(ApplicationError) as caught:
        place(goods, buyer, pay_method="points")
    assert caught.value.code == "points_insufficient"
    goods.refresh_from_db()
    assert goods.stock == 5  # the failed redemption gave its piece back (one transaction)
    services.points_grant(actor=shop_staff, user=buyer, delta=1000, reason="志愿服务")
    order = place(goods, buyer, pay_method="points", quantity=3)
    assert order.status == "paid" and order.points_total == 900 and selectors.points_balance(buyer) == 100
    goods.refresh_from_db()
    assert goods.stock == 2 and goods.sold_count == 3
    services.order_refund(actor=shop_staff, order=order, reason="缺货")
    order.refresh_from_db()
    goods.refresh_from_db()
    assert order.status == "refunded" and selectors.points_balance(buyer) == 1000 and goods.stock == 5 and goods.sold_count == 0
    assert [e.delta for e in selectors.points_entries(buyer)] == [900, -900, 1000]
    allow_points(False)
    with pytest.raises(ApplicationError) as caught:
        place(goods, buyer, pay_method="points")
    assert caught.value.code == "points_not_allowed"


def test_cancel_returns_stock_once(in_tenant_a, shop_staff):
    goods = make_goods(stock=2)
    order = place(goods)
    other = make_user()
    with pytest.raises(ApplicationError):
        services.order_cancel(actor=other, order=order)
    services.order_cancel(actor=order.user, order=order)
    with pytest.raises(ApplicationError):
        services.order_cancel(actor=order.user, order=order)
    goods.refresh_from_db()
    order.refresh_from_db()
    assert goods.stock == 2 and order.status == "cancelled" and order.stock_returned


def test_fulfilment_ship_and_pickup(in_tenant_a, shop_staff):
    allow_points()
    goods = make_goods(points_price=100)
    buyer = make_user()
    services.points_grant(actor=shop_staff, user=buyer, delta=500, reason="活动奖励")
    shipped = place(goods, buyer, pay_method="points")
    with pytest.raises(ApplicationError):
        services.order_ship(actor=shop_staff, order=shipped)  # no tracking number
    shipped = services.order_ship(actor=shop_staff, order=shipped, company="顺丰速运", tracking_no="SF1234567890")
    assert shipped.status == "shipped"
    shipped = services.order_complete(actor=buyer, order=shipped)  # the buyer confirms receipt
    assert shipped.status == "done"
    pickup = place(goods, buyer, pay_method="points", delivery="pickup", address="")
    with pytest.raises(ApplicationError):
        services.order_complete(actor=buyer, order=pickup)  # a buyer cannot mark a pick-up collected
    pickup = services.order_complete(actor=shop_staff, order=pickup)
    assert pickup.status == "done"


def test_recommended_and_popular(in_tenant_a):
    a = make_goods(is_recommended=True)
    b = make_goods()
    make_goods(on_shelf=False, is_recommended=True)
    Goods.objects.filter(pk=b.pk).update(sold_count=50)
    Goods.objects.filter(pk=a.pk).update(sold_count=5)
    assert [g.pk for g in selectors.recommended_goods()] == [a.pk]
    assert [g.pk for g in selectors.popular_goods()][:2] == [b.pk, a.pk]


def test_recipient_read_is_audited(in_tenant_a, shop_staff):
    from core.models import AuditEvent

    order = place(make_goods())
    with pytest.raises(ApplicationError):
        services.recipient_read(actor=make_user(), order=order)
    assert services.recipient_read(actor=shop_staff, order=order)["phone"] == "13912345678"
    assert AuditEvent.objects.filter(action="alumni_shop.recipient_read", object_id=str(order.pk)).exists()
