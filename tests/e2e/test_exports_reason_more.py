"""Browser: the exports moved onto the export engine's rule (issue 19 item 5) ask for a reason in
the page. The live admin opens the audit log's export and the student roster's export, is stopped
by the required reason field, states one and downloads files stamped with it; both reason pages
are photographed at 390, 1366 and 1920 px (var/screenshots/exports-reason/)."""

from __future__ import annotations

import io
import os
import re

import pytest

from core.testing.browser import CHROMIUM_ARGS
from core.testing.database import TEST_ADMIN_PASSWORD, TEST_ADMIN_USERNAME

pytestmark = pytest.mark.e2e
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
SCHEMA = "live"
SHOTS = os.path.join(os.path.dirname(__file__), "..", "..", "var", "screenshots", "exports-reason")
WIDTHS = (390, 1366, 1920)


def _download_with_reason(page, server, path: str, reason: str):
    from openpyxl import load_workbook

    page.goto(server.url(SCHEMA, path))
    assert page.get_attribute("#export-reason", "required") is not None
    page.click("#export-submit")  # the browser refuses the empty required field: no request
    assert page.evaluate("document.querySelector('#export-reason').validity.valueMissing")
    page.fill("#export-reason", reason)
    with page.expect_download() as download:
        page.click("#export-submit")
    return load_workbook(io.BytesIO(download.value.path().read_bytes()))


def test_more_exports_ask_for_a_reason(live_server_url):
    from playwright.sync_api import sync_playwright

    os.makedirs(SHOTS, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1366, "height": 900}, accept_downloads=True)
        page = context.new_page()
        page.goto(live_server_url.url(SCHEMA, "/admin-ui/login/"))
        page.fill("#id_username", TEST_ADMIN_USERNAME)
        page.fill("#id_password", TEST_ADMIN_PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(re.compile(r"/admin-ui/"))
        cookies = context.cookies()

        audit = _download_with_reason(page, live_server_url, "/admin-ui/audit/export/?action=auth.", "年度安全检查")
        assert "年度安全检查" in audit.properties.description and audit.active.cell(row=1, column=1).value == "时间"
        roster = _download_with_reason(page, live_server_url, "/admin-ui/employment/students/export/", "核对毕业生名单")
        assert "核对毕业生名单" in roster.properties.description and roster.active.cell(row=1, column=2).value == "学号"

        for width in WIDTHS:
            shot = browser.new_context(viewport={"width": width, "height": 900})
            shot.add_cookies(cookies)
            view = shot.new_page()
            for name, path in (("audit", "/admin-ui/audit/export/"), ("roster", "/admin-ui/employment/students/export/")):
                view.goto(live_server_url.url(SCHEMA, path))
                assert view.locator("#export-reason").count() == 1
                view.screenshot(path=f"{SHOTS}/{name}-{width}.png", full_page=True)
                overflow = view.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
                assert overflow <= 1, (name, width, overflow)
            shot.close()
        browser.close()
