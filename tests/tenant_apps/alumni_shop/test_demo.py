"""The demo shop is fast, idempotent and consistent."""

from __future__ import annotations

import time

import pytest

pytestmark = pytest.mark.django_db


def test_demo_seeder(in_tenant_a):
    from tenant_apps.alumni.shop.demo import seed_demo_shop
    from tenant_apps.alumni.shop.models import Goods, Order
    from tenant_apps.payments.models import Order as PaymentOrder

    from .conftest import make_user

    for _ in range(5):
        make_user()
    started = time.monotonic()
    seed_demo_shop("alpha", "university")
    assert time.monotonic() - started < 3
    seed_demo_shop("alpha", "university")  # idempotent
    assert Goods.objects.count() == 8 and Goods.objects.exclude(image="").count() == 8
    assert Order.objects.count() == 18 and set(Order.objects.values_list("status", flat=True)) >= {"done", "shipped", "paid", "awaiting_payment"}
    for order in Order.objects.exclude(payment_order_no=""):
        assert PaymentOrder.objects.get(out_trade_no=order.payment_order_no).reference == str(order.pk)
    seed_demo_shop("beta", "bureau")  # nothing for expert bureaus
