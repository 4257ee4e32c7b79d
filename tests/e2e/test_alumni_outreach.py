"""Browser: the alumni office composes a mass mail in the back office (a layout from the gallery),
sees the preview and the recipients count with the SMS balance on the page, sends it (confirmed),
watches the progress reach 100 % (a real Celery worker, a real local SMTP server), opens the
per-recipient log, and sees a recipient's open (the mail's tracking image loaded) in it.
Screenshots at 1366 and 1920 px in var/screenshots/alumni-outreach-*.png."""

from __future__ import annotations

import json
import os
import re
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests
from django.conf import settings
from django_tenants.utils import schema_context

from core.testing.browser import CHROMIUM_ARGS
from tests.e2e import _alumni as alumni

pytestmark = pytest.mark.e2e
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
SCHEMA = "live"
PASSWORD = "Story-outreach-2026"
SHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"


def _watch(page, errors):
    alumni.watch(page, errors)
    page.on("dialog", lambda dialog: dialog.accept())  # the send confirmation


def test_compose_preview_send_and_log(live_server_url, celery_worker_process, live_db):
    from playwright.sync_api import expect, sync_playwright

    from tenant_apps.messaging.models import ProviderConfig
    from tenant_apps.messaging.services import provider_config_save
    from tests.tenant_apps.alumni_activities.conftest import make_user
    from tests.tenant_apps.alumni_outreach.conftest import ALL_PERMS, make_record
    from tests.tenant_apps.messaging.fakes import FakeSMTPServer

    server = live_server_url
    tag = uuid.uuid4().hex[:6]
    region = f"测试区{tag}"  # this test's own recipients
    SHOTS.mkdir(parents=True, exist_ok=True)
    smtp = FakeSMTPServer().start()
    errors: list[str] = []
    try:
        with schema_context(SCHEMA):
            provider_config_save(actor=None, channel="email", provider="smtp", options={"host": "127.0.0.1", "port": smtp.port, "from_email": "xyh@live.example.cn"},
                                 secrets_update={})
            staff = make_user(kind="staff", username=f"outreach-{tag}", perms=ALL_PERMS)
            staff.set_password(PASSWORD)
            staff.save(update_fields=["password"])
            make_record(name=f"林晓{tag[:2]}", region=region)
            make_record(name=f"陈默{tag[:2]}", region=region)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            try:
                desk = browser.new_context(viewport={"width": 1366, "height": 900}).new_page()
                desk.set_default_timeout(30_000)
                _watch(desk, errors)
                alumni.backoffice_login(desk, server, staff.username, PASSWORD)
                # 1. The gallery, then compose with the red layout.
                desk.goto(server.url(SCHEMA, "/admin-ui/alumni/outreach/templates/gallery/"))
                expect(desk.locator("[data-testid=sms-quota]")).to_contain_text("剩余")
                desk.screenshot(path=str(SHOTS / "alumni-outreach-gallery-1366.png"), full_page=True)
                desk.click("a[href$='?layout=red_banner'].btn-primary")
                desk.wait_for_url(re.compile(r"/outreach/new/email/"))
                desk.fill("input[name=title]", f"返校日邀请 {tag}")
                desk.fill("textarea[name=body]", "<p>{{ name }}校友：</p><p>母校建校纪念日，欢迎回家看看！</p>")
                desk.fill("input[name=class_year]", "")
                desk.fill("input[name=region]", region)
                desk.screenshot(path=str(SHOTS / "alumni-outreach-compose-1366.png"), full_page=True)
                desk.click("text=保存并预览")
                desk.wait_for_url(re.compile(r"/outreach/\d+/$"))
                # 2. Preview and the recipients count; the SMS balance on the page.
                expect(desk.locator("[data-testid=mail-preview]")).to_contain_text("张三校友")
                expect(desk.locator("[data-testid=sendable]")).to_have_text("2")
                expect(desk.locator("[data-testid=sms-quota]")).to_contain_text("短信额度")
                desk.screenshot(path=str(SHOTS / "alumni-outreach-preview-1366.png"), full_page=True)
                # 3. Send (the confirmation dialog is accepted) and watch the progress.
                desk.click("[data-testid=send]")
                expect(desk.locator("[data-testid=progress]")).to_contain_text("100%", timeout=120_000)
                expect(desk.locator("[data-testid=progress]")).to_contain_text("成功 2")
                # 4. A recipient opens the mail: its tracking image is loaded.
                mail = next(m.content.decode() for m in smtp.messages if m.rcpt_tos)
                flat = re.sub(r"=\r?\n", "", mail).replace("=3D", "=")
                pixel = re.search(r"https?://[^\"'\s]+/h5/alumni/outreach/open/[^/\"'\s]+/", flat).group(0)
                # The link names the tenant host, which need not resolve here: go to the live server
                # directly with that Host header, as a mail client on the network would.
                port = urlsplit(server.url(SCHEMA, "/")).port
                host = urlsplit(server.url(SCHEMA, "/")).netloc
                assert requests.get(f"http://127.0.0.1:{port}{urlsplit(pixel).path}", headers={"Host": host}, timeout=30).status_code == 200
                desk.click("text=查看发送记录")
                expect(desk.locator("[data-testid=log]")).to_contain_text("成功")
                expect(desk.locator("[data-testid=log]")).to_contain_text("未打开")
                expect(desk.locator("[data-testid=log] tbody tr")).to_have_count(2)
                assert desk.locator("[data-testid=log] tbody tr").filter(has_text="未打开").count() == 1
                desk.screenshot(path=str(SHOTS / "alumni-outreach-log-1366.png"), full_page=True)
                log_url = desk.url
                detail_url = re.sub(r"log/$", "", log_url)
                desk.context.close()
                # 5. The same pages at 1920 px.
                wide = browser.new_context(viewport={"width": 1920, "height": 1080}).new_page()
                _watch(wide, errors)
                alumni.backoffice_login(wide, server, staff.username, PASSWORD)
                for name, url in (("detail", detail_url), ("log", log_url), ("list", server.url(SCHEMA, "/admin-ui/alumni/outreach/")),
                                  ("quota", server.url(SCHEMA, "/admin-ui/alumni/outreach/quota/"))):
                    wide.goto(url)
                    expect(wide.locator("[data-testid=sms-quota]")).to_contain_text("剩余")
                    wide.screenshot(path=str(SHOTS / f"alumni-outreach-{name}-1920.png"), full_page=True)
                wide.goto(server.url(SCHEMA, "/admin-ui/alumni/outreach/"))
                expect(wide.locator("table.list")).to_contain_text(f"返校日邀请 {tag}")
            finally:
                browser.close()
        assert not errors, json.dumps(errors, ensure_ascii=False)
    finally:
        with schema_context(SCHEMA):
            ProviderConfig.objects.filter(channel="email").update(is_active=False)
        smtp.stop()
