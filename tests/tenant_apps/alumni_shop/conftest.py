"""Fixtures for the shop: staff with shop permissions, goods on the shelf, orders."""

from __future__ import annotations

import itertools

import pytest

from tests.tenant_apps.alumni_activities.conftest import make_user  # noqa: F401 - re-exported for the tests

_seq = itertools.count(1)

STAFF_PERMS = (
    "alumni_shop.view_goods", "alumni_shop.add_goods", "alumni_shop.change_goods", "alumni_shop.delete_goods", "alumni_shop.view_order",
    "alumni_shop.fulfil_order", "alumni_shop.refund_order", "alumni_shop.manage_shop",
)


def make_goods(*, stock=10, price_fen=3900, points_price=0, on_shelf=True, **extra):
    from tenant_apps.alumni.shop.services import GoodsInput, goods_create

    data = GoodsInput(name=extra.pop("name", f"纪念品{next(_seq)}"), price_fen=price_fen, points_price=points_price, stock=stock, is_on_shelf=on_shelf, **extra)
    return goods_create(actor=None, data=data)


def allow_points(allowed=True):
    from tenant_apps.alumni.shop.services import settings_save

    return settings_save(actor=None, data={"allow_points": allowed})


def place(goods, user=None, **extra):
    from tenant_apps.alumni.shop.services import OrderInput, order_place

    user = user or make_user()
    data = OrderInput(**{"recipient_name": "王小明", "recipient_phone": "13912345678", "address": "北京市海淀区中关村大街 1 号", **extra})
    return order_place(actor=user, goods=goods, data=data)


@pytest.fixture
def shop_staff(in_tenant_a):
    return make_user(kind="staff", perms=STAFF_PERMS)
