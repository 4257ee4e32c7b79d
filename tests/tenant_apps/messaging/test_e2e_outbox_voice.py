"""Browser: an admin plays the callee of a voice call kept in the outbox (development / demo) and
presses 2; the answer handler gets it. Then the H5 tab bar shows a student's unread letters.
Screenshots in /tmp."""

from __future__ import annotations

import os
import uuid

import pytest
from django_tenants.utils import schema_context

from tests.tenant_apps.messaging.test_e2e_pages import CHROMIUM_ARGS

pytestmark = pytest.mark.e2e
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

answers: list[tuple[str, str]] = []


def test_outbox_voice_key_press_and_h5_badge(live_server_url, live_db, settings):
    from playwright.sync_api import expect, sync_playwright

    from core.testing.database import TEST_ADMIN_PASSWORD, TEST_ADMIN_USERNAME
    from tenant_apps.accounts.models import User
    from tenant_apps.messaging import services
    from tenant_apps.messaging.models import OutboxEntry, VoiceCall

    settings.MESSAGING_VOICE_SIMULATION = True
    services.register_voice_answer_handler("test.e2e_invitation", lambda reference, digit: answers.append((reference, digit)))
    run = uuid.uuid4().hex[:6]
    with schema_context("live"):
        call = services.voice_call_start(phone="13900000099", text=f"评审邀请 {run}：接受请按1，拒绝请按2", reference=f"invitation:{run}", answer_handler="test.e2e_invitation")
        services.voice_call_place(call_id=call.pk)
        assert OutboxEntry.objects.filter(out_id=call.out_id, channel="voice").exists()
        student = User.objects.create_user(username=f"stu-v{run}", password="stu-pass-123", kind="student", display_name=f"学生{run}")
        services.letter_send(recipient_user_ids=[student.pk], title=f"评审结果 {run}", body="b")
        services.letter_send(recipient_user_ids=[student.pk], title=f"面试通知 {run}", body="b")
    base = live_server_url.url("live", "/admin-ui/")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1360, "height": 900})
        page.goto(base + "login/")
        page.fill("#id_username", TEST_ADMIN_USERNAME)
        page.fill("#id_password", TEST_ADMIN_PASSWORD)
        page.click("button[type=submit]")
        page.goto(base + "messaging/outbox/?channel=voice")
        form = page.locator(f'form[data-voice-call="{call.pk}"]')
        expect(form).to_be_visible()
        page.screenshot(path="/tmp/messaging-outbox-voice.png", full_page=True)
        form.locator("button[value='2']").click()
        expect(page.locator(".messages")).to_contain_text("已模拟按键 2")
        expect(page.locator(f'form[data-voice-call="{call.pk}"]')).to_have_count(0)
        page.screenshot(path="/tmp/messaging-outbox-voice-answered.png", full_page=True)
        assert answers == [(f"invitation:{run}", "2")]
        with schema_context("live"):
            assert VoiceCall.objects.get(pk=call.pk).digit == "2"

        phone = browser.new_page(viewport={"width": 390, "height": 780})
        phone.goto(live_server_url.url("live", "/h5/login/"))
        phone.fill("input[name=username]", f"stu-v{run}")
        phone.fill("input[name=password]", "stu-pass-123")
        phone.click("button[type=submit]")
        expect(phone.locator(".h5-tabbar [data-unread-badge]")).to_have_text("2")
        phone.screenshot(path="/tmp/messaging-h5-badge.png", full_page=True)
        phone.locator(".h5-tabbar a", has_text="消息").click()
        expect(phone.locator(".letter-unread").first).to_be_visible()
        phone.screenshot(path="/tmp/messaging-h5-letters.png", full_page=True)
        browser.close()
