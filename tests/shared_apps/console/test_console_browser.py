"""Browser: vendor staff enrol a TOTP authenticator, sign in with a code, find a tenant,
enter its back office by impersonation (banner), end it, and sign in again with a new code."""

from __future__ import annotations

import os
import uuid

import pyotp
import pytest

from core.testing.browser import CHROMIUM_ARGS

pytestmark = pytest.mark.e2e
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")



def _code(secret: str, offset: int = 0) -> str:
    from django.utils import timezone

    return pyotp.TOTP(secret).at(timezone.now(), counter_offset=offset)


def test_staff_signs_in_with_totp_and_impersonates(live_server_url):
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django_tenants.utils import schema_context
    from playwright.sync_api import sync_playwright

    from core.models import AuditEvent

    username = f"vendor-{uuid.uuid4().hex[:8]}"
    get_user_model().objects.create_user(username=username, password="vendor-pass-1", is_staff=True, display_name="客服浏览器")
    with schema_context("live"):
        admin = get_user_model().objects.get(username="admin")
    base = f"http://console.{settings.BASE_DOMAIN}:{live_server_url.port}"
    reason = f"浏览器测试 {uuid.uuid4().hex[:6]}"
    errors = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 and not r.url.endswith("/favicon.ico") else None)

        # password, then forced enrolment: QR + secret, confirmed with a code
        page.goto(base + "/tenants/")
        page.fill("#id_username", username)
        page.fill("#id_password", "vendor-pass-1")
        page.click("button[type=submit]")
        page.wait_for_selector('img[data-field="qr"]')
        page.screenshot(path="/tmp/console-otp-setup.png", full_page=True)
        secret = page.inner_text('[data-field="secret"]').replace(" ", "")
        page.fill("#id_code", _code(secret))
        page.click("button[type=submit]")
        page.wait_for_selector('tr[data-tenant="live"]')  # back to where the staff member was going
        page.screenshot(path="/tmp/console-tenants.png")

        page.fill("input[name=q]", "实况")
        page.click("form.filters button[type=submit]")
        page.click('tr[data-tenant="live"] a')
        page.wait_for_selector('td[data-field="status"]')
        assert "实况大学" in page.inner_text("h1")
        page.screenshot(path="/tmp/console-detail.png", full_page=True)

        # impersonation into the live tenant's back office
        page.click("text=代为登录")
        page.select_option("#id_target", str(admin.pk))
        page.fill("#id_reason", reason)
        page.screenshot(path="/tmp/console-impersonate.png", full_page=True)
        page.click("button.btn-danger[type=submit]")
        page.wait_for_selector("text=正在代为操作本后台")
        assert page.url.startswith(f"http://live.{settings.BASE_DOMAIN}:{live_server_url.port}/admin-ui/")
        page.screenshot(path="/tmp/console-impersonating.png", full_page=True)
        page.click('button[data-action="banner"]')
        page.wait_for_selector("text=已结束代为登录")
        page.screenshot(path="/tmp/console-impersonation-ended.png")
        page.click("text=返回平台控制台")
        page.wait_for_selector('td[data-field="status"]')
        assert page.url.startswith(base + "/tenants/live/")
        assert reason in page.inner_text('[data-section="impersonations"]')

        page.goto(base + "/health/")
        page.wait_for_selector('[data-queue="default"]')
        page.screenshot(path="/tmp/console-health.png", full_page=True)

        # sign out and in again: now the code page (the next step's code; the first is spent)
        page.click("header button[type=submit]")
        page.fill("#id_username", username)
        page.fill("#id_password", "vendor-pass-1")
        page.click("button[type=submit]")
        page.wait_for_selector("#id_code")
        page.screenshot(path="/tmp/console-otp-verify.png")
        page.fill("#id_code", _code(secret, offset=1))
        page.click("form[action='/login/second-factor/'] button[type=submit]")
        page.wait_for_selector('[data-stat="total"]')
        page.screenshot(path="/tmp/console-dashboard.png")
        browser.close()
    assert not errors, errors
    with schema_context("live"):
        assert AuditEvent.objects.filter(action="impersonation.start", impersonator_label="客服浏览器").exists()
