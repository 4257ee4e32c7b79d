"""Browser: a verified alumnus claims the cloud card on a phone (390 px) and opens it; the link of a
partner's QR (what the phone camera or WeChat's scanner opens) shows the live verification: the
card's shine moves and the clock ticks, the QR token refreshes; the partner's staff phone,
registered by its staff link, accepts the token; the alumnus uses a meal coupon there; the same
token replayed after 30 s (a screenshot) is refused while the live page's current token is still
accepted. The back office shows the partner, the scans and checks at 1366 and 1920 px.
Screenshots in var/screenshots/alumni-card-*.png."""

from __future__ import annotations

import json
import os
import re
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django_tenants.utils import schema_context

from core.testing.browser import CHROMIUM_ARGS
from tests.e2e import _alumni as alumni

pytestmark = pytest.mark.e2e
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
SCHEMA = "live"
PASSWORD = "Story-card-2026"
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
SHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"


def _cast(suffix: str):
    from tenant_apps.alumni.card import services
    from tests.tenant_apps.alumni_activities.conftest import make_user
    from tests.tenant_apps.alumni_card.conftest import CARD_PERMS, make_partner, verified_alumnus

    services.settings_save(actor=None, name="校友云卡", tagline="认证校友专属 · 扫码享合作机构服务", is_claim_open=True)
    alumnus, _, _ = verified_alumnus(f"周扬{suffix[:2]}")
    staff = make_user(kind="staff", username=f"card-staff-{suffix}", perms=CARD_PERMS)
    for user in (alumnus, staff):
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
    partner = make_partner(f"第一食堂{suffix}", offer="值年返校校友凭餐券免费午餐一次。")
    return alumnus, staff, partner


def test_cloud_card_live_verification(live_server_url, live_db):
    from playwright.sync_api import expect, sync_playwright

    from tenant_apps.alumni.card import services
    from tests.tenant_apps.alumni_card.conftest import make_batch

    server = live_server_url
    suffix = uuid.uuid4().hex[:6]
    SHOTS.mkdir(parents=True, exist_ok=True)
    with schema_context(SCHEMA):
        alumnus, staff, partner = _cast(suffix)
    errors: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        try:
            # 1. The alumnus signs in from the claim link and claims the card.
            phone = browser.new_context(**PHONE).new_page()
            phone.set_default_timeout(30_000)
            alumni.watch(phone, errors)
            phone.goto(server.url(SCHEMA, "/h5/login/?next=/h5/alumni/card/claim/%3Fvia%3Dqr"))
            phone.fill("#u", alumnus.username)
            phone.fill("#p", PASSWORD)
            phone.click("button[type=submit]")
            phone.wait_for_url(re.compile(r"/h5/alumni/card/claim/"))
            phone.click("text=立即领取")
            phone.wait_for_url(re.compile(r"/h5/alumni/card/$"))
            expect(phone.locator(".acard__holder")).to_contain_text("周扬")
            expect(phone.locator("[data-card-wxscan]")).to_be_hidden()  # WeChat's scanner only inside WeChat
            first = phone.locator("[data-live-clock]").inner_text()
            phone.wait_for_timeout(1300)
            assert phone.locator("[data-live-clock]").inner_text() != first
            phone.screenshot(path=str(SHOTS / "alumni-card-mine-390.png"), full_page=True)

            with schema_context(SCHEMA):
                batch = make_batch(partner, name=f"返校午餐券{suffix}")
                services.coupons_issue(actor=None, batch=batch, user_ids=[alumnus.pk])

            # 2. The partner's QR opened on the phone: the live verification.
            phone.goto(server.url(SCHEMA, f"/h5/alumni/card/p/{partner.qr_key}/"))
            phone.wait_for_url(re.compile(r"/h5/alumni/card/live/\d+/$"))
            shine = phone.locator(".acard__shine")
            expect(shine).to_be_visible()
            assert shine.evaluate("el => getComputedStyle(el).animationName") == "acard-sweep"
            before = shine.evaluate("el => el.getBoundingClientRect().left")
            phone.wait_for_timeout(400)
            assert shine.evaluate("el => el.getBoundingClientRect().left") != before  # it moves
            clock = phone.locator("[data-live-clock]").inner_text()
            phone.wait_for_timeout(1200)
            assert phone.locator("[data-live-clock]").inner_text() != clock  # the seconds tick
            expect(phone.locator("[data-live-qr] svg")).to_be_visible()
            box = phone.locator("[data-live]")
            first_token = box.get_attribute("data-token")
            first_token_at = time.monotonic()
            phone.screenshot(path=str(SHOTS / "alumni-card-live-390.png"), full_page=True)

            # 3. The partner's staff phone: registered by the staff link, then checks the QR's link.
            staff_phone = browser.new_context(**PHONE).new_page()
            alumni.watch(staff_phone, errors)
            staff_phone.goto(server.url(SCHEMA, f"/h5/alumni/card/staff/{partner.staff_key}/"))
            expect(staff_phone.locator("h1")).to_contain_text(partner.name)
            staff_phone.goto(server.url(SCHEMA, f"/h5/alumni/card/check/?t={quote(first_token)}"))
            expect(staff_phone.locator("[data-check-result]")).to_have_attribute("data-check-result", "accepted")
            expect(staff_phone.locator("[data-holder]")).to_contain_text("周扬")
            staff_phone.screenshot(path=str(SHOTS / "alumni-card-check-accepted-390.png"), full_page=True)

            # 4. The alumnus uses the meal coupon here (confirmed), the page says so.
            phone.once("dialog", lambda dialog: dialog.accept())
            phone.click("[data-redeem]")
            expect(phone.locator(".card-msg.success")).to_contain_text("已使用")
            expect(phone.locator("text=本次已使用")).to_be_visible()

            # 5. The back office: the partner with its QR, scans and checks (1366 / 1920).
            for width in (1366, 1920):
                desk = browser.new_context(viewport={"width": width, "height": 900}).new_page()
                alumni.watch(desk, errors)
                alumni.backoffice_login(desk, server, staff.username, PASSWORD)
                desk.goto(server.url(SCHEMA, f"/admin-ui/alumni/card/partners/{partner.pk}/"))
                expect(desk.locator("[data-partner-qr] svg")).to_be_visible()
                expect(desk.locator("main, .content").first).to_contain_text("核验通过")
                desk.screenshot(path=str(SHOTS / f"alumni-card-partner-{width}.png"), full_page=True)
                desk.goto(server.url(SCHEMA, f"/admin-ui/alumni/card/scans/?partner={partner.pk}"))
                expect(desk.locator("table.list")).to_contain_text("周扬")
                desk.screenshot(path=str(SHOTS / f"alumni-card-scans-{width}.png"), full_page=True)
                desk.goto(server.url(SCHEMA, "/admin-ui/alumni/card/"))
                expect(desk.locator("[data-claim-qr] svg")).to_be_visible()
                desk.screenshot(path=str(SHOTS / f"alumni-card-settings-{width}.png"), full_page=True)
                desk.context.close()

            # 6. A screenshot's token replayed after it expired: refused. The live page meanwhile
            #    refreshed its token, which is accepted.
            wait = 31 - (time.monotonic() - first_token_at)
            if wait > 0:
                phone.wait_for_timeout(wait * 1000)
            staff_phone.goto(server.url(SCHEMA, f"/h5/alumni/card/check/?t={quote(first_token)}"))
            expect(staff_phone.locator("[data-check-result]")).to_have_attribute("data-check-result", "expired")
            expect(staff_phone.locator(".check-result")).to_contain_text("截图")
            assert "周扬" not in staff_phone.content()
            staff_phone.screenshot(path=str(SHOTS / "alumni-card-check-refused-390.png"), full_page=True)
            current = box.get_attribute("data-token")
            assert current != first_token  # live.js refreshed it
            staff_phone.goto(server.url(SCHEMA, f"/h5/alumni/card/check/?t={quote(current)}"))
            expect(staff_phone.locator("[data-check-result]")).to_have_attribute("data-check-result", "accepted")
            assert not errors, json.dumps(errors, ensure_ascii=False)
        finally:
            browser.close()
