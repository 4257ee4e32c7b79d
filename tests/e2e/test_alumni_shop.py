"""Browser: an alumnus opens the shop on a phone (390 px), sees the recommended and popular goods,
buys one with WeChat Pay (local WeChat Pay v3 server; the notification reaches the live server
over HTTP), sees the paid order in 我的订单; a shop keeper ships it from the back office with a
tracking number (1366 and 1920 px) and the buyer sees the parcel on the phone.
Screenshots in var/screenshots/alumni-shop-*.png."""

from __future__ import annotations

import json
import os
import re
import uuid

import pytest
from django_tenants.utils import schema_context

from core.testing.browser import CHROMIUM_ARGS
from tests.e2e import _alumni as alumni
from tests.e2e import _story as story

pytestmark = pytest.mark.e2e
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
PASSWORD = "Story-shop-2026"
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}


def _shots_dir() -> str:
    path = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "var", "screenshots"))
    os.makedirs(path, exist_ok=True)
    return path


def _cast(suffix: str, fake):
    from django.core.files.base import ContentFile

    from tenant_apps.alumni.shop.demo import _picture
    from tenant_apps.alumni.shop.models import Goods
    from tenant_apps.alumni.shop.services import GoodsInput, goods_create, settings_save
    from tenant_apps.payments.services import merchant_settings_save
    from tests.tenant_apps.alumni_activities.conftest import make_user
    from tests.tenant_apps.alumni_shop.conftest import STAFF_PERMS

    merchant_settings_save(actor=None, data=fake.merchant_settings())
    settings_save(actor=None, data={"is_open": True, "allow_points": True, "pickup_address": "校友之家一楼", "notice": "校友专享，快递包邮"})
    badge = goods_create(actor=None, data=GoodsInput(name=f"校徽纪念章{suffix}", price_fen=3900, stock=5, is_on_shelf=True, is_recommended=True,
                                                     summary="百年校徽，珐琅工艺", description="校友会监制。"),
                         image=ContentFile(_picture((200, 16, 46)), name="badge.png"))
    bag = goods_create(actor=None, data=GoodsInput(name=f"帆布包{suffix}", price_fen=4900, stock=9, is_on_shelf=True),
                       image=ContentFile(_picture((40, 40, 40)), name="bag.png"))
    Goods.objects.filter(pk=bag.pk).update(sold_count=10_000)  # first in 热门商品 whatever else the live tenant sells
    alumnus = make_user(username=f"shop-alum-{suffix}", openid=f"o-shop-{suffix}")
    keeper = make_user(kind="staff", username=f"shop-keeper-{suffix}", perms=STAFF_PERMS)
    for user in (alumnus, keeper):
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
    return badge, bag, alumnus, keeper


def test_alumnus_buys_on_a_phone_and_staff_ships(live_server_url, live_db):
    from playwright.sync_api import expect, sync_playwright

    from tenant_apps.alumni.shop.models import Order

    server = live_server_url
    suffix = uuid.uuid4().hex[:6]
    shots = _shots_dir()
    with alumni.wechat_pay_server() as fake:
        with schema_context(story.SCHEMA):
            badge, bag, alumnus, keeper = _cast(suffix, fake)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            errors: list[str] = []
            try:
                # 1. The alumnus opens the shop on the phone.
                phone = browser.new_context(**PHONE).new_page()
                alumni.watch(phone, errors)
                alumni.h5_login(phone, server, alumnus.username, PASSWORD, "/h5/alumni/shop/")
                expect(phone.locator("[data-recommended]")).to_contain_text(badge.name)
                expect(phone.locator("[data-popular] .shop-rank").first).to_contain_text(bag.name)
                phone.screenshot(path=f"{shots}/alumni-shop-1-home-390.png", full_page=True)
                # 2. Goods detail and checkout (WeChat Pay, express delivery).
                phone.locator(f"[data-recommended] [data-goods='{badge.pk}']").click()
                phone.wait_for_url(re.compile(rf"/h5/alumni/shop/goods/{badge.pk}/$"))
                phone.fill("#qty", "2")
                phone.fill("#rn", "王小明")
                phone.fill("#rp", "13912345678")
                phone.fill("#ad", "北京市海淀区中关村大街 1 号 校友大厦 8 层")
                phone.screenshot(path=f"{shots}/alumni-shop-2-checkout-390.png", full_page=True)
                phone.click("[data-buy]")
                phone.wait_for_url(re.compile(r"/h5/alumni/shop/orders/\d+/$"))
                expect(phone.locator("[data-status]")).to_have_text("待支付")
                # 3. Pay: our server signs a JSAPI order at the v3 server; outside WeChat the page says so.
                phone.click("[data-pay-button]")
                expect(phone.locator("[data-pay-message]")).to_contain_text("订单已创建")
                with schema_context(story.SCHEMA):
                    order = Order.objects.get(user=alumnus)
                assert order.payment_order_no and fake.orders[order.payment_order_no]["amount"]["total"] == 7800
                response = alumni.pay(server, fake, order.payment_order_no)
                assert response.status_code == 204, response.text
                phone.click("[data-paid]")
                expect(phone.locator("[data-status]")).to_have_text("待发货")
                phone.screenshot(path=f"{shots}/alumni-shop-3-paid-390.png", full_page=True)
                # 4. My orders lists it.
                phone.goto(server.url(story.SCHEMA, "/h5/alumni/shop/orders/"))
                expect(phone.locator(f"[data-order='{order.pk}']")).to_contain_text("待发货")
                phone.screenshot(path=f"{shots}/alumni-shop-4-my-orders-390.png", full_page=True)

                # 5. The shop keeper ships it from the back office (desktop widths).
                for width in (1366, 1920):
                    desk = browser.new_context(viewport={"width": width, "height": 900}).new_page()
                    alumni.watch(desk, errors)
                    alumni.backoffice_login(desk, server, keeper.username, PASSWORD)
                    desk.goto(server.url(story.SCHEMA, f"/admin-ui/alumni/shop/orders/?q={order.order_no}"))
                    expect(desk.locator(f"[data-order='{order.pk}']")).to_contain_text("待发货" if width == 1366 else "已发货")
                    desk.screenshot(path=f"{shots}/alumni-shop-5-orders-{width}.png", full_page=True)
                    desk.click(f"[data-order='{order.pk}'] a")
                    expect(desk.locator("[data-contact]")).to_contain_text("13912345678")
                    if width == 1366:
                        desk.fill("[data-ship] input[name=company]", "顺丰速运")
                        desk.fill("[data-ship] input[name=tracking_no]", "SF1234567890")
                        desk.click("[data-ship] button")
                        expect(desk.locator("[data-status]")).to_have_text("已发货")
                    expect(desk.locator("[data-tracking]")).to_contain_text("SF1234567890")
                    desk.screenshot(path=f"{shots}/alumni-shop-6-shipped-{width}.png", full_page=True)
                    desk.goto(server.url(story.SCHEMA, "/admin-ui/alumni/shop/"))
                    expect(desk.locator(f"[data-goods='{badge.pk}'] [data-stock]")).to_have_text("3")  # 5 in stock, 2 sold
                    desk.screenshot(path=f"{shots}/alumni-shop-7-goods-{width}.png", full_page=True)

                # 6. The buyer sees the parcel on the phone.
                phone.goto(server.url(story.SCHEMA, f"/h5/alumni/shop/orders/{order.pk}/"))
                expect(phone.locator("[data-status]")).to_have_text("已发货")
                expect(phone.locator("[data-tracking]")).to_contain_text("SF1234567890")
                phone.screenshot(path=f"{shots}/alumni-shop-8-shipped-390.png", full_page=True)
                assert not errors, json.dumps(errors, ensure_ascii=False)
            finally:
                browser.close()
