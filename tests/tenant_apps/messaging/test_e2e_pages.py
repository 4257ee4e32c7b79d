"""Browser: compose a message in the back office, watch its detail page, and read the letter
in the H5 message centre on a phone-sized screen (screenshots in /tmp)."""

from __future__ import annotations

import os
import uuid

import pytest
from django_tenants.utils import schema_context

from core.testing.browser import CHROMIUM_ARGS

pytestmark = pytest.mark.e2e
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")



def test_compose_detail_and_h5_letters(live_server_url, live_db):
    from playwright.sync_api import expect, sync_playwright

    from core.testing.database import TEST_ADMIN_PASSWORD, TEST_ADMIN_USERNAME
    from tenant_apps.accounts.models import User
    from tenant_apps.messaging.models import Message
    from tests.tenant_apps.messaging.conftest import run_message

    run = uuid.uuid4().hex[:6]
    with schema_context("live"):
        User.objects.create_user(username=f"stu-{run}", password="stu-pass-123", kind="student", display_name=f"学生{run}", phone=f"137{int(run, 16) % 10**8:08d}")
    base = live_server_url.url("live", "/admin-ui/")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1360, "height": 900})
        page.goto(base + "login/")
        page.fill("#id_username", TEST_ADMIN_USERNAME)
        page.fill("#id_password", TEST_ADMIN_PASSWORD)
        page.click("button[type=submit]")
        page.goto(base + "messaging/compose/")
        page.fill("#id_subject", f"招聘会通知 {run}")
        page.fill("#id_body", "{{ name }}同学：本周五举办招聘会。")
        page.select_option("#id_channel_1", "letter")
        page.select_option("#id_channel_2", "sms")
        page.select_option("#id_kind", "student")
        page.click("text=预览")
        expect(page.locator("#preview")).to_contain_text("同学：本周五举办招聘会")
        page.screenshot(path="/tmp/messaging-compose.png", full_page=True)
        page.click("button:has-text('发送')")
        expect(page.locator("h1")).to_contain_text(f"招聘会通知 {run}")
        expect(page.locator("#message-progress")).to_have_attribute("hx-trigger", "every 2s")
        with schema_context("live"):
            message = Message.objects.get(subject=f"招聘会通知 {run}")
            run_message(message, schema="live")
        # The polling fragment picks up the finished state without a reload.
        expect(page.locator("[data-stat=status]")).to_have_text("已完成", timeout=10000)
        page.screenshot(path="/tmp/messaging-detail.png", full_page=True)
        page.goto(base + "messaging/messages/")
        page.screenshot(path="/tmp/messaging-list.png", full_page=True)

        phone = browser.new_page(viewport={"width": 390, "height": 780})
        phone.goto(live_server_url.url("live", "/h5/login/"))
        phone.fill("input[name=username]", f"stu-{run}")
        phone.fill("input[name=password]", "stu-pass-123")
        phone.click("button[type=submit]")
        phone.goto(live_server_url.url("live", "/h5/messages/"))
        expect(phone.locator(".letter-unread")).to_contain_text(f"招聘会通知 {run}")
        phone.screenshot(path="/tmp/messaging-h5.png", full_page=True)
        browser.close()
