"""Browser: vendor staff sign in to the console, find a tenant and open its detail page."""

from __future__ import annotations

import os
import uuid

import pytest

pytestmark = pytest.mark.e2e
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"]


def test_staff_finds_a_tenant(live_server_url):
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from playwright.sync_api import sync_playwright

    username = f"vendor-{uuid.uuid4().hex[:8]}"
    get_user_model().objects.create_user(username=username, password="vendor-pass-1", is_staff=True, display_name="客服浏览器")
    base = f"http://console.{settings.BASE_DOMAIN}:{live_server_url.port}"
    errors = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 and not r.url.endswith("/favicon.ico") else None)
        page.goto(base + "/tenants/")
        page.fill("#id_username", username)
        page.fill("#id_password", "vendor-pass-1")
        page.click("button[type=submit]")
        page.wait_for_selector('tr[data-tenant="live"]')
        page.screenshot(path="/tmp/console-tenants.png")
        page.fill("input[name=q]", "实况")
        page.click("form.filters button[type=submit]")
        page.click('tr[data-tenant="live"] a')
        page.wait_for_selector('td[data-field="status"]')
        page.screenshot(path="/tmp/console-detail.png", full_page=True)
        assert "实况大学" in page.inner_text("h1")
        page.goto(base + "/")
        page.screenshot(path="/tmp/console-dashboard.png")
        browser.close()
    assert not errors, errors
