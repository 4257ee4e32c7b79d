"""Browser: the back-office login page shows the official account's QR (scan login instead of
the password), WeChat pushes a signed scan event to the tenant's callback, and the waiting
browser logs itself in: at 1366 px (desk) and 390 px (phone-sized window)."""

from __future__ import annotations

import hashlib
import os
import re
import time
import urllib.request
import uuid
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.conf import settings as django_settings
from django_tenants.utils import schema_context

from core.testing.browser import CHROMIUM_ARGS
from tests.tenant_apps.wechat.conftest import ALPHA, event_xml
from tests.tenant_apps.wechat.fake_wechat import FakeWeChat

# Playwright's sync API runs an event loop in this thread; our ORM reads between page steps are fine.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = pytest.mark.e2e

SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
TOKEN = "livescantoken"


def _push_scan(live_server_url, *, openid: str, scene: str) -> str:
    """What WeChat's servers do after the scan: a signed (plain mode) SCAN event to the callback."""
    timestamp, nonce = str(int(time.time())), uuid.uuid4().hex[:10]
    signature = hashlib.sha1("".join(sorted([TOKEN, timestamp, nonce])).encode()).hexdigest()
    query = urlencode({"signature": signature, "timestamp": timestamp, "nonce": nonce})
    host = f"live.{django_settings.BASE_DOMAIN}"
    request = urllib.request.Request(
        f"http://127.0.0.1:{live_server_url.port}/api/v1/wechat/callback/?{query}",
        data=event_xml(openid=openid, event="SCAN", EventKey=scene, Ticket="T").encode(), headers={"Host": host, "Content-Type": "text/xml"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.read().decode()


@pytest.fixture
def live_scan_login(live_db, settings):
    """The live tenant with an official account (at the local fake WeChat) and scan login on;
    the previous account and setting come back afterwards."""
    from tenant_apps.accounts.models import SecuritySettings
    from tenant_apps.wechat.models import WeChatAccount

    server = FakeWeChat(app_id=ALPHA["app_id"], app_secret=ALPHA["app_secret"]).start()
    settings.WECHAT_API_BASE = server.base_url
    with schema_context("live"):
        account = WeChatAccount.objects.order_by("id").first()
        saved_account = {f: getattr(account, f) for f in ("app_id", "app_secret", "token", "is_encrypted_mode")} if account else None
        account = account or WeChatAccount(name="实况大学")
        account.app_id, account.app_secret, account.token, account.is_encrypted_mode = ALPHA["app_id"], ALPHA["app_secret"], TOKEN, False
        account.save()
        security, _ = SecuritySettings.objects.get_or_create(singleton=1)
        saved_mode = security.wechat_scan_login
        SecuritySettings.objects.filter(pk=security.pk).update(wechat_scan_login="instead_of_password")
    try:
        yield server
    finally:
        with schema_context("live"):
            SecuritySettings.objects.filter(singleton=1).update(wechat_scan_login=saved_mode)
            if saved_account is None:
                WeChatAccount.objects.filter(pk=account.pk).delete()
            else:
                WeChatAccount.objects.filter(pk=account.pk).update(**saved_account)
        server.stop()


@pytest.mark.parametrize("width", [1366, 390])
def test_login_page_qr_and_a_scan_logs_the_browser_in(live_server_url, live_scan_login, width):
    from playwright.sync_api import sync_playwright

    from tenant_apps.accounts.models import LoginLog, User
    from tenant_apps.wechat.models import ScanSession

    suffix = uuid.uuid4().hex[:8]
    openid = f"o-live-scan-{suffix}"
    with schema_context("live"):
        staff = User.objects.create_user(username=f"scan-{suffix}", display_name="扫码老师", password=f"Pw-{suffix}-2026", kind="staff", wechat_openid=openid)
    SHOTS.mkdir(parents=True, exist_ok=True)
    phone = width == 390
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": width, "height": 844 if phone else 900}, is_mobile=phone, has_touch=phone)
        page = context.new_page()
        page.goto(live_server_url.url("live", "/admin-ui/login/"))
        qr = page.locator("[data-scan-qr] svg")
        qr.wait_for()
        box = qr.bounding_box()
        assert box and box["width"] >= 150 and box["x"] >= 0 and box["x"] + box["width"] <= width
        assert "或用已绑定的微信扫码登录" in page.inner_text("body")
        page.screenshot(path=str(SHOTS / f"wechat-scan-login-{width}.png"), full_page=True)

        status_url = page.get_attribute("[data-scan-qr]", "data-status-url")
        pk = int(status_url.rstrip("/").rsplit("/", 1)[1])
        with schema_context("live"):
            scene = ScanSession.objects.get(pk=pk).scene
        assert live_scan_login.calls("/cgi-bin/qrcode/create")
        reply = _push_scan(live_server_url, openid=openid, scene=scene)
        assert f"已确认登录账号 scan-{suffix}" in reply
        page.wait_for_url(re.compile(r"/admin-ui/$"), timeout=15000)
        page.screenshot(path=str(SHOTS / f"wechat-scan-login-done-{width}.png"), full_page=False)
        assert "工作台" in page.inner_text("body")
        browser.close()
    with schema_context("live"):
        log = LoginLog.objects.filter(user=staff, channel="wechat_scan").get()
        assert log.result == "success" and log.wechat_openid == openid
        assert ScanSession.objects.get(pk=pk).status == "used"
