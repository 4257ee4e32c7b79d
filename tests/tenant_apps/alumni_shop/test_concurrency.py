"""No overselling: threads, each with its own database connection, buy the same goods at the same
moment (a barrier); the conditional UPDATE in the database alone decides who gets a piece."""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django_tenants.utils import schema_context

from .conftest import allow_points, make_goods, make_user

SCHEMA = "live"
THREADS = 12
PER_THREAD = 4


def _buy(barrier, goods_id, user_ids, results, pay_method):
    from core.errors import ApplicationError
    from tenant_apps.accounts.models import User
    from tenant_apps.alumni.shop.models import Goods
    from tenant_apps.alumni.shop.services import OrderInput, order_place

    try:
        with schema_context(SCHEMA):
            goods = Goods.objects.get(pk=goods_id)
            users = list(User.objects.filter(pk__in=user_ids))
            barrier.wait(timeout=60)
            for user in users:
                try:
                    order = order_place(actor=user, goods=goods, data=OrderInput(pay_method=pay_method, recipient_name="并发", recipient_phone="13700000000",
                                                                                  address="北京市海淀区 1 号"))
                    results.append(order.status)
                except ApplicationError as exc:
                    results.append(exc.code)
    except BaseException as exc:  # report instead of dying silently
        results.append(f"crash: {exc!r}")
    finally:
        connection.close()


@pytest.mark.parametrize("pay_method", ["wechat", "points"])
def test_parallel_buyers_never_oversell(live_db, pay_method):
    from tenant_apps.accounts.models import User
    from tenant_apps.alumni.shop.models import Goods, Order, PointsAccount
    from tenant_apps.alumni.shop.services import points_grant

    stock = 7
    with schema_context(SCHEMA):
        allow_points()
        goods = make_goods(stock=stock, price_fen=1000, points_price=100)
        users = [make_user() for _ in range(THREADS * PER_THREAD)]
        if pay_method == "points":
            for user in users:
                points_grant(actor=None, user=user, delta=100, reason="并发测试")
        user_ids = [u.pk for u in users]
    barrier, results = threading.Barrier(THREADS), []
    threads = [threading.Thread(target=_buy, args=(barrier, goods.pk, user_ids[i * PER_THREAD:(i + 1) * PER_THREAD], results, pay_method)) for i in range(THREADS)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        assert not [r for r in results if r.startswith("crash")], results
        assert len(results) == THREADS * PER_THREAD
        expected = "paid" if pay_method == "points" else "awaiting_payment"
        with schema_context(SCHEMA):
            goods.refresh_from_db()
            orders = Order.objects.filter(goods=goods)
            assert results.count(expected) == orders.count() == stock
            assert results.count("out_of_stock") == THREADS * PER_THREAD - stock
            assert goods.stock == 0
            if pay_method == "points":
                assert goods.sold_count == stock
                assert sum(PointsAccount.objects.filter(user_id__in=user_ids).values_list("balance", flat=True)) == 100 * (len(user_ids) - stock)
    finally:
        with schema_context(SCHEMA):
            from tenant_apps.alumni.shop.models import PointsEntry

            PointsEntry.objects.filter(account__user_id__in=user_ids).delete()
            Order.objects.filter(goods_id=goods.pk).delete()
            Goods.objects.filter(pk=goods.pk).delete()
            PointsAccount.objects.filter(user_id__in=user_ids).delete()
            User.objects.filter(pk__in=user_ids).delete()
