"""Browser: an alumnus registers for a paid activity on a phone, pays (local WeChat Pay v3 server,
notification over HTTP to the live server), gets the QR e-ticket; a volunteer's phone loads the
door page, goes offline, admits the ticket, catches the second entry and a revoked ticket, then
comes back online and uploads the scans; the lottery among the checked-in draws and its public
page (no login) recomputes the winner; the back office shows the check-in.
Screenshots in /tmp/hf/e2e-*.png (390, 1366 and 1920 px)."""

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
PASSWORD = "Story-activity-2026"
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
SHOTS = "/tmp/hf"


def _cast(suffix: str, fake):
    from tenant_apps.payments.services import merchant_settings_save
    from tests.tenant_apps.alumni_activities.conftest import (
        ADMIN_PERMS,
        make_activity,
        make_user,
        register,
    )

    merchant_settings_save(actor=None, data=fake.merchant_settings())
    activity = make_activity(capacity=5, types=[{"name": "校友票", "price_fen": 8800, "capacity": 5}], title=f"北京校友年会{suffix}")
    alumnus = make_user(username=f"alum-{suffix}", openid=f"o-{suffix}")
    volunteer = make_user(kind="staff", username=f"vol-{suffix}", perms=ADMIN_PERMS)
    for user in (alumnus, volunteer):
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
    # a second (free) attendee whose ticket is revoked before the door opens
    from tenant_apps.alumni.activities.models import TicketType
    from tenant_apps.alumni.activities.services import registration_remove

    free = TicketType.objects.create(activity=activity, name="工作人员", price_fen=0, capacity=2)
    revoked = register(activity, ticket_type=free)
    registration_remove(actor=volunteer, registration=revoked, reason="行程变更")
    return activity, alumnus, volunteer, revoked


def test_paid_registration_ticket_and_offline_door(live_server_url, live_db):
    from playwright.sync_api import expect, sync_playwright

    from tenant_apps.alumni.activities.models import Registration

    server = live_server_url
    suffix = uuid.uuid4().hex[:6]
    os.makedirs(SHOTS, exist_ok=True)
    with alumni.wechat_pay_server() as fake:
        with schema_context(story.SCHEMA):
            activity, alumnus, volunteer, revoked = _cast(suffix, fake)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            errors: list[str] = []
            try:
                # 1. The alumnus registers on the phone: the place is held for payment.
                phone = browser.new_context(**PHONE).new_page()
                alumni.watch(phone, errors)
                alumni.h5_login(phone, server, alumnus.username, PASSWORD, f"/h5/alumni/activities/{activity.pk}/")
                expect(phone.locator("[data-places]")).to_contain_text("0/5")
                phone.fill("#an", "王小明")
                phone.fill("#ap", "13912345678")
                phone.screenshot(path=f"{SHOTS}/e2e-1-register-390.png", full_page=True)
                phone.click("text=立即报名")
                phone.wait_for_url(re.compile(r"/h5/alumni/activities/registrations/\d+/$"))
                expect(phone.locator("[data-status]")).to_have_text("待支付")
                # 2. Pay: our server signs a JSAPI order at the v3 server; outside WeChat the page says so.
                phone.click("[data-pay-button]")
                expect(phone.locator("[data-pay-message]")).to_contain_text("订单已创建")
                with schema_context(story.SCHEMA):
                    registration = Registration.objects.get(activity=activity, user=alumnus)
                assert registration.order_no and fake.orders[registration.order_no]["amount"]["total"] == 8800
                # WeChat Pay: the payer confirms, the notification reaches the live server over HTTP
                response = alumni.pay(server, fake, registration.order_no)
                assert response.status_code == 204, response.text
                phone.click("[data-paid]")
                expect(phone.locator("[data-status]")).to_have_text("报名成功")
                expect(phone.locator("[data-ticket] svg")).to_be_visible()
                phone.screenshot(path=f"{SHOTS}/e2e-2-ticket-390.png", full_page=True)
                with schema_context(story.SCHEMA):
                    registration.refresh_from_db()
                code = registration.ticket_code

                # 3. The volunteer's phone loads the door page, then loses the network.
                door_context = browser.new_context(**PHONE)
                door = door_context.new_page()
                alumni.watch(door, errors)
                alumni.h5_login(door, server, volunteer.username, PASSWORD, f"/h5/alumni/activities/{activity.pk}/door/")
                # "未下载验票数据" also contains 验票数据: wait for the bundle itself
                expect(door.locator("[data-door-status]")).to_have_attribute("data-bundle", "loaded")
                door_context.set_offline(True)
                expect(door.locator("[data-door-status]")).to_contain_text("离线")
                for ticket, expected in ((code, "admitted"), (code, "duplicate"), (revoked.ticket_code, "revoked"), ("TK1.forged.x", "invalid")):
                    door.fill("[data-door-input]", ticket)
                    door.click("[data-door-form] button")
                    expect(door.locator("[data-door-result]")).to_have_attribute("data-status", expected)
                    if expected == "duplicate":
                        door.screenshot(path=f"{SHOTS}/e2e-3-door-duplicate-390.png", full_page=True)
                expect(door.locator("[data-door-status]")).to_have_attribute("data-pending", "4")
                with schema_context(story.SCHEMA):
                    registration.refresh_from_db()
                    assert registration.checked_in_at is None  # nothing reached the server yet
                # 4. The network returns: the scans upload by themselves.
                door_context.set_offline(False)
                door.evaluate("window.dispatchEvent(new Event('online'))")
                expect(door.locator("[data-door-status]")).to_have_attribute("data-pending", "0", timeout=30_000)
                door.screenshot(path=f"{SHOTS}/e2e-4-door-synced-390.png", full_page=True)
                with schema_context(story.SCHEMA):
                    registration.refresh_from_db()
                    assert registration.checked_in_at is not None
                    from core.tickets.models import TicketScan

                    statuses = sorted(TicketScan.objects.filter(scope=activity.ticket_scope).values_list("status", flat=True))
                assert statuses == ["admitted", "duplicate", "invalid", "revoked"], statuses

                # 5. The lucky draw among the checked-in: freeze, witnesses, public page recomputes.
                with schema_context(story.SCHEMA):
                    from tenant_apps.alumni.activities import lottery as lotteries

                    lottery = lotteries.lottery_create(actor=volunteer, activity=activity, title="现场抽奖",
                                                       prizes=[{"name": "一等奖", "item": "纪念金币", "count": 1, "value_fen": 80000}])
                    lottery = lotteries.lottery_freeze(actor=volunteer, lottery=lottery)
                    lottery = lotteries.lottery_draw(actor=volunteer, lottery=lottery, witness_values=["2718", "校友代表"])
                public = browser.new_context(**PHONE).new_page()
                alumni.watch(public, errors)
                public.goto(server.url(story.SCHEMA, f"/h5/alumni/activities/lotteries/{lottery.public_token}/"))
                expect(public.locator("[data-verified]")).to_have_attribute("data-verified", "yes")
                expect(public.locator(f"[data-winner='{registration.pk}']")).to_contain_text("✓")
                public.screenshot(path=f"{SHOTS}/e2e-5-lottery-390.png", full_page=True)

                # 6. The back office shows it (desktop widths).
                for width in (1366, 1920):
                    desk = browser.new_context(viewport={"width": width, "height": 900}).new_page()
                    alumni.watch(desk, errors)
                    alumni.backoffice_login(desk, server, volunteer.username, PASSWORD)
                    desk.goto(server.url(story.SCHEMA, f"/admin-ui/alumni/activities/{activity.pk}/"))
                    expect(desk.locator(".stats")).to_contain_text("已签到：1")
                    desk.screenshot(path=f"{SHOTS}/e2e-6-backoffice-{width}.png", full_page=True)
                assert not errors, json.dumps(errors, ensure_ascii=False)
            finally:
                browser.close()
