"""Browser (P21): a student files an access request on the phone (390 px); the data officer
finds it in the back office queue with its legal deadline (1366 and 1920 px), exports the
person's data and downloads the JSON archive and the PDF; the student then sees the answer and
the copy on the phone. Screenshots in var/screenshots/privacy-*.png."""

from __future__ import annotations

import io
import json
import os
import re
import uuid
import zipfile
from pathlib import Path

import pytest
from django_tenants.utils import schema_context

from core.testing.browser import CHROMIUM_ARGS

pytestmark = pytest.mark.e2e
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
SCHEMA = "live"
PASSWORD = "Privacy-story-2026x"
SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def _people(suffix: str):
    from django.contrib.auth.models import Group

    from tenant_apps.accounts.initializers import default_groups_ensure
    from tenant_apps.accounts.models import User
    from tenant_apps.privacy.initializers import DEFAULT_GROUPS

    with schema_context(SCHEMA):
        default_groups_ensure(DEFAULT_GROUPS)
        student = User.objects.create_user(username=f"pdr-stu-{suffix}", password=PASSWORD, kind="student", display_name=f"隐私同学{suffix}",
                                           phone=f"138{uuid.uuid4().int % 10**8:08d}")
        officer = User.objects.create_user(username=f"pdr-dpo-{suffix}", password=PASSWORD, kind="staff", display_name="数据保护负责人")
        officer.groups.add(Group.objects.get(name="数据保护负责人"))
    return student, officer


def test_student_files_access_request_and_officer_exports(live_server_url, live_db):
    from playwright.sync_api import sync_playwright

    from tenant_apps.privacy.models import PersonalDataRequest

    SHOTS.mkdir(parents=True, exist_ok=True)
    suffix = uuid.uuid4().hex[:6]
    student, officer = _people(suffix)
    url = lambda path: live_server_url.url(SCHEMA, path)  # noqa: E731
    errors: list[str] = []

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, device_scale_factor=2).new_page()
        phone.on("pageerror", lambda exc: errors.append(str(exc)))
        phone.goto(url("/h5/login/"))
        phone.fill("#u", student.username)
        phone.fill("#p", PASSWORD)
        phone.click("button[type=submit]")
        phone.wait_for_load_state()
        phone.goto(url("/h5/privacy/"))
        assert "还没有提交过请求" in phone.content()
        phone.screenshot(path=str(SHOTS / "privacy-h5-empty-390.png"), full_page=True)
        phone.click("#privacy-new")
        assert phone.locator("input[name=kind][value=access]").is_checked()  # 查阅 is preselected
        phone.fill("#privacy-details", "请提供学校保存的我的全部个人信息")
        phone.screenshot(path=str(SHOTS / "privacy-h5-form-390.png"), full_page=True)
        phone.click("#privacy-submit")
        phone.wait_for_url(re.compile(r"/h5/privacy/\d+/"))
        assert phone.inner_text("#privacy-status") == "待处理"
        phone.screenshot(path=str(SHOTS / "privacy-h5-filed-390.png"), full_page=True)
        request_id = int(re.search(r"/h5/privacy/(\d+)/", phone.url).group(1))

        for width in (1366, 1920):
            context = browser.new_context(viewport={"width": width, "height": 900}, accept_downloads=True)
            desk = context.new_page()
            desk.on("pageerror", lambda exc: errors.append(str(exc)))
            desk.goto(url("/admin-ui/login/"))
            desk.fill("#id_username", officer.username)
            desk.fill("#id_password", PASSWORD)
            desk.click("button[type=submit]")
            desk.wait_for_url(re.compile(r"/admin-ui/"))
            desk.goto(url(f"/admin-ui/privacy/?q={student.username}"))
            assert f"#{request_id}" in desk.content()
            desk.screenshot(path=str(SHOTS / f"privacy-queue-{width}.png"), full_page=True)
            overflow = desk.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 1, (width, overflow)
            desk.click(f"text=#{request_id}")
            desk.wait_for_url(re.compile(rf"/admin-ui/privacy/{request_id}/"))
            if width == 1366:
                desk.click("#privacy-export")
                desk.wait_for_selector("#privacy-archive")
                with desk.expect_download() as download:
                    desk.click("#privacy-archive")
                archive = zipfile.ZipFile(io.BytesIO(download.value.path().read_bytes()))
                payload = json.loads(archive.read("data.json"))
                profile = next(s for p in payload["providers"] for s in p["sections"] if s["kind"] == "accounts.profile")
                assert profile["rows"][0]["用户名"] == student.username and f"隐私同学{suffix}" in json.dumps(payload, ensure_ascii=False)
                # Fetched by the page itself (the browser resolves the tenant host; the test process does not).
                pdf = bytes(desk.evaluate("href => fetch(href).then(r => r.arrayBuffer()).then(b => Array.from(new Uint8Array(b)))",
                                          desk.get_attribute("#privacy-pdf", "href")))
                assert pdf[:5] == b"%PDF-"
                (SHOTS / "privacy-export.pdf").write_bytes(pdf)
                desk.fill("#privacy-resolution", "已向您提供个人信息副本（PDF 与数据文件）。")
                desk.click("#privacy-complete")
                desk.wait_for_load_state()
                assert "请求已办结" in desk.content()
            desk.screenshot(path=str(SHOTS / f"privacy-detail-{width}.png"), full_page=True)
            context.close()

        phone.goto(url(f"/h5/privacy/{request_id}/"))
        assert phone.inner_text("#privacy-status") == "已办结" and "查看 PDF" in phone.content()
        phone.screenshot(path=str(SHOTS / "privacy-h5-answered-390.png"), full_page=True)
        browser.close()
    assert not errors, errors
    with schema_context(SCHEMA):
        assert PersonalDataRequest.objects.get(pk=request_id).status == "completed"
