"""Browser: exports of personal data ask for a reason (issue 19 item 5) and a certificate layout
survives editing (issue 12 item 9). The bureau's admin opens the expert export, is stopped by the
required reason field, states one and downloads the stamped file; the user export, the payout
sheet's reason page and the certificate editor are photographed at 390, 1366 and 1920 px
(/tmp/shots-h1/)."""

from __future__ import annotations

import io
import json
import os
import re
import uuid

import pytest
from django_tenants.utils import schema_context

from core.testing.browser import CHROMIUM_ARGS
from core.testing.database import TEST_ADMIN_PASSWORD, TEST_ADMIN_USERNAME

pytestmark = pytest.mark.e2e
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
SCHEMA = "live"
SHOTS = "/tmp/shots-h1"
WIDTHS = (390, 1366, 1920)


def _shoot(browser, server, cookies, path: str, name: str) -> None:
    for width in WIDTHS:
        context = browser.new_context(viewport={"width": width, "height": 900})
        context.add_cookies(cookies)
        page = context.new_page()
        page.goto(server.url(SCHEMA, path))
        page.screenshot(path=f"{SHOTS}/{name}-{width}.png", full_page=True)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 1, (name, width, overflow)
        context.close()


def test_export_reason_and_certificate_layout(live_server_url):
    from openpyxl import load_workbook
    from playwright.sync_api import sync_playwright

    from tenant_apps.accounts.models import User
    from tenant_apps.experts.models import CertificateTemplate
    from tenant_apps.experts.services import ExpertInput, certificate_template_save, expert_create

    os.makedirs(SHOTS, exist_ok=True)
    tag = uuid.uuid4().hex[:6]
    layout = [{"field": "title", "x": 0, "y": 40, "size": 30}, {"field": "name", "x": 40, "y": 80, "size": 20}]
    with schema_context(SCHEMA):
        admin = User.objects.get(username=TEST_ADMIN_USERNAME)
        expert = expert_create(actor=admin, notify=False, create_account=False, data=ExpertInput(
            name=f"浏览器专家{tag}", phone=f"137{uuid.uuid4().int % 10**8:08d}", employer=f"导出测试单位{tag}", title="教授"))
        template = certificate_template_save(actor=admin, name=f"版式{tag}", expert_type=None, title_text="聘书", body_text="兹聘请 {name}",
                                             validity_years=3, layout=layout, is_active=False)
    try:
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

            page.goto(live_server_url.url(SCHEMA, f"/admin-ui/experts/export/?q={tag}"))
            assert page.get_attribute("#export-reason", "required") is not None
            page.once("dialog", lambda dialog: dialog.accept())
            page.click("#export-submit")  # the browser refuses the empty required field: no request
            assert page.evaluate("document.querySelector('#export-reason').validity.valueMissing")
            page.fill("#export-reason", "评审会务联系")
            page.once("dialog", lambda dialog: dialog.accept())
            with page.expect_download() as download:
                page.click("#export-submit")
            workbook = load_workbook(io.BytesIO(download.value.path().read_bytes()))
            assert "评审会务联系" in workbook.properties.description
            assert workbook.active.max_row == 2 and workbook.active.cell(row=1, column=1).value == "姓名"

            # The certificate layout editor shows JSON that saves back unchanged.
            page.goto(live_server_url.url(SCHEMA, f"/admin-ui/experts/certificates/?edit={template.pk}"))
            assert json.loads(page.input_value("#t-layout")) == layout
            page.click("form:has(#t-layout) button[type=submit]")
            page.wait_for_load_state()
            assert "证书模板已保存" in page.content()

            _shoot(browser, live_server_url, cookies, f"/admin-ui/experts/export/?q={tag}", "expert-export")
            _shoot(browser, live_server_url, cookies, "/admin-ui/users/import/", "user-export")
            _shoot(browser, live_server_url, cookies, "/admin-ui/fees/payout.xlsx", "payout-reason")
            _shoot(browser, live_server_url, cookies, f"/admin-ui/experts/certificates/?edit={template.pk}", "certificate-layout")
            browser.close()
        with schema_context(SCHEMA):
            template.refresh_from_db()
            assert template.layout == layout
    finally:
        with schema_context(SCHEMA):
            CertificateTemplate.objects.filter(pk=template.pk).delete()
            type(expert).objects.filter(pk=expert.pk).delete()
