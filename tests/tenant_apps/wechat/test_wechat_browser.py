"""Browser: an admin sets up the official account and publishes a menu; a student opens the H5
inside WeChat, authorises on the (fake) WeChat page, binds by student number + name and is
signed in; the second time they are signed in straight away."""

from __future__ import annotations

import re
import uuid

import pytest
from django_tenants.utils import schema_context

from core.testing.browser import CHROMIUM_ARGS
from tests.tenant_apps.wechat.conftest import ALPHA

pytestmark = pytest.mark.e2e

WECHAT_UA = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 MicroMessenger/8.0.47 NetType/WIFI"


def test_admin_setup_and_student_wechat_login(live_server_url, live_db, fake_wechat, settings):
    from playwright.sync_api import sync_playwright

    from core.testing.database import TEST_ADMIN_PASSWORD, TEST_ADMIN_USERNAME
    from tenant_apps.accounts.models import User

    settings.WECHAT_OAUTH_BASE = fake_wechat.base_url + "connect/"
    suffix = uuid.uuid4().hex[:8]
    number = f"2025{suffix}"
    with schema_context("live"):
        student = User.objects.create_user(username=number, display_name=f"李同学{suffix[:3]}", kind="student")
    fake_wechat.browser_openid = f"o-live-{suffix}"

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        desk = browser.new_page(viewport={"width": 1360, "height": 1000})
        desk.goto(live_server_url.url("live", "/admin-ui/login/"))
        desk.fill("input[name=username]", TEST_ADMIN_USERNAME)
        desk.fill("input[name=password]", TEST_ADMIN_PASSWORD)
        desk.click("button[type=submit]")
        desk.wait_for_url(re.compile(r"/admin-ui/$"))
        desk.click("a[data-menu=wechat_settings]")
        desk.fill("#id_name", "实况大学就业")
        desk.fill("#id_app_id", ALPHA["app_id"])
        desk.fill("#id_app_secret", ALPHA["app_secret"])
        desk.fill("#id_token", "livetoken")
        desk.fill("#id_subscribe_reply", "欢迎关注实况大学就业服务")
        desk.click("form.card button[type=submit]")
        desk.wait_for_selector(".messages li")
        assert ALPHA["app_secret"] not in desk.content()
        assert "/api/v1/wechat/callback/" in desk.inner_text("[data-testid=callback-url]")
        desk.screenshot(path="/tmp/wechat_settings.png", full_page=True)

        desk.click("a[data-menu=wechat_menu]")
        desk.fill("input[name=b1_name]", "就业")
        desk.fill("input[name=b1_1_name]", "招聘会")
        desk.select_option("select[name=b1_1_type]", "view")
        desk.fill("input[name=b1_1_value]", live_server_url.url("live", "/h5/"))
        desk.fill("input[name=b1_2_name]", "联系我们")
        desk.fill("input[name=b1_2_value]", "就业指导中心 电话 010-12345678")
        desk.click("button[value=publish]")
        desk.wait_for_selector(".messages li")
        assert "已保存并发布" in desk.inner_text(".messages")
        desk.screenshot(path="/tmp/wechat_menu.png", full_page=True)
        assert fake_wechat.calls("/cgi-bin/menu/create")

        phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, user_agent=WECHAT_UA)
        page = phone.new_page()
        page.goto(live_server_url.url("live", "/h5/wechat/login/?next=/h5/me/"))
        page.wait_for_url(re.compile(r"/h5/wechat/bind/"))
        page.screenshot(path="/tmp/wechat_h5_bind.png")
        page.fill("#sn", number)
        page.fill("#nm", "不是我")
        page.click("button[type=submit]")
        page.wait_for_selector(".h5-error")
        page.fill("#sn", number)
        page.fill("#nm", student.display_name)
        page.click("button[type=submit]")
        page.wait_for_url(re.compile(r"/h5/me/$"))
        page.screenshot(path="/tmp/wechat_h5_profile.png")

        again = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, user_agent=WECHAT_UA).new_page()
        again.goto(live_server_url.url("live", "/h5/wechat/login/?next=/h5/wechat/account/"))
        # Signed in straight away (browsers keep WeChat's #wechat_redirect fragment across redirects).
        assert re.search(r"/h5/wechat/account/(#wechat_redirect)?$", again.url), again.url
        assert "已绑定微信" in again.content()
        again.screenshot(path="/tmp/wechat_h5_binding.png")
        browser.close()

    with schema_context("live"):
        assert User.objects.get(pk=student.pk).wechat_openid == fake_wechat.browser_openid
