"""Browser: an admin makes a group with only "view user", puts a new user in it through the
pages, resets the user's password (htmx + confirmation), and that user then sees only the menu
entries their permission allows. Ends with the H5 login page on a phone-sized screen."""

from __future__ import annotations

import os
import re
import uuid

import pytest

from core.testing.browser import CHROMIUM_ARGS

pytestmark = pytest.mark.e2e
# Playwright's sync API runs an event loop in this thread; the test reads committed rows between steps.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")



def _login(page, url: str, username: str, password: str) -> None:
    page.goto(url)
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")


def test_group_with_view_user_only_shows_only_the_users_menu(live_server_url, live_db):
    from playwright.sync_api import expect, sync_playwright

    from core.testing.database import TEST_ADMIN_PASSWORD, TEST_ADMIN_USERNAME

    suffix = uuid.uuid4().hex[:6]
    group_name = f"只读用户组{suffix}"
    username = f"viewer{suffix}"
    base = live_server_url.url("live", "/admin-ui/")

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": 1400, "height": 900})
            page = context.new_page()
            page.on("dialog", lambda dialog: dialog.accept())  # hx-confirm
            errors: list[str] = []
            page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)

            _login(page, base + "login/", TEST_ADMIN_USERNAME, TEST_ADMIN_PASSWORD)
            page.wait_for_url(re.compile(r"/admin-ui/$"))

            # A group with only "view user".
            page.goto(base + "groups/new/")
            page.fill("#id_name", group_name)
            page.fill("#id_description", "浏览器测试")
            page.select_option("#id_data_scope", "all")
            page.check('input[data-code="accounts.view_user"]')
            page.screenshot(path="/tmp/e2e-group-form.png", full_page=True)
            page.click("form.card button[type=submit]")
            page.wait_for_url(re.compile(r"/admin-ui/groups/$"))
            expect(page.locator("table.list")).to_contain_text(group_name)
            page.screenshot(path="/tmp/e2e-group-list.png", full_page=True)

            # Org units: a college, then a major under it from the tree's "add child".
            college = f"测试学院{suffix}"
            page.goto(base + "org-units/new/")
            page.fill("#id_name", college)
            page.click("form.card button[type=submit]")
            page.wait_for_url(re.compile(r"/admin-ui/org-units/$"))
            page.locator("tr", has_text=college).get_by_text("添加下级").click()
            expect(page.locator("#id_kind")).to_have_value("major")
            page.fill("#id_name", "测试专业")
            page.click("form.card button[type=submit]")
            page.wait_for_url(re.compile(r"/admin-ui/org-units/$"))
            page.locator("tr", has_text=college).get_by_role("button", name="删除").click()  # has a child: refused
            expect(page.locator(".messages")).to_contain_text("请先删除或移走下级机构")
            page.screenshot(path="/tmp/e2e-org-units.png", full_page=True)

            # A user in that group; first a clash to see the message next to the field.
            page.goto(base + "users/new/")
            page.fill("#id_username", TEST_ADMIN_USERNAME)
            page.fill("#id_display_name", "浏览器测试员")
            page.fill("#id_password", "Viewer-pass-2024")
            page.click("form.card button[type=submit]")
            expect(page.locator('[data-field="username"]')).to_have_text("该用户名已存在。")
            page.screenshot(path="/tmp/e2e-user-form-error.png", full_page=True)
            page.fill("#id_username", username)
            page.fill("#id_phone", f"139{uuid.uuid4().int % 10**8:08d}")
            page.fill("#id_password", "Viewer-pass-2024")
            page.get_by_label(group_name).check()
            page.uncheck("#id_must_change_password")
            page.click("form.card button[type=submit]")
            page.wait_for_url(re.compile(r"/admin-ui/users/\d+/$"))
            expect(page.locator(".messages")).to_contain_text("用户已创建")
            expect(page.locator("#phone-value")).to_contain_text("****")

            # Reset the password: confirmation, then the new password shown once.
            page.click("text=重置密码")
            secret = page.locator('[data-testid="new-password"]')
            expect(secret).to_have_count(1)
            new_password = secret.inner_text().strip()
            assert len(new_password) == 12
            page.screenshot(path="/tmp/e2e-user-detail.png", full_page=True)

            page.goto(base + f"users/?q={username}")
            expect(page.locator("table.list")).to_contain_text(username)
            page.screenshot(path="/tmp/e2e-user-list.png", full_page=True)

            page.click("header.topbar button[type=submit]")  # 退出
            page.wait_for_url(re.compile(r"/admin-ui/login/"))

            # The new user: must change the reset password, and sees only what "view user" allows.
            _login(page, base + "login/", username, new_password)
            page.wait_for_url(re.compile(r"/admin-ui/password/"))
            sidebar = page.locator("nav.sidebar")
            expect(sidebar).to_contain_text("用户管理")
            expect(sidebar).not_to_contain_text("用户组与权限")
            expect(sidebar).not_to_contain_text("组织机构")
            page.click('nav.sidebar a[data-menu="users"]')
            page.wait_for_url(re.compile(r"/admin-ui/users/$"))
            expect(page.locator(".page-head")).not_to_contain_text("新建用户")
            page.screenshot(path="/tmp/e2e-viewer-users.png", full_page=True)
            assert page.goto(base + "groups/").status == 403
            assert not [e for e in errors if "Content Security Policy" in e], errors

            # The H5 login on a phone.
            phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, device_scale_factor=2)
            h5 = phone.new_page()
            h5.goto(live_server_url.url("live", "/h5/login/"))
            expect(h5.locator("button[type=submit]")).to_be_visible()
            h5.screenshot(path="/tmp/e2e-h5-login.png")
        finally:
            browser.close()
