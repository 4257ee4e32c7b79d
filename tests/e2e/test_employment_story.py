"""Browser, the issue-13 story: a graduate binds in the H5 (WeChat OAuth against a local fake),
checks and confirms the record, the counsellor approves it; the graduate files a destination with
evidence; counsellor, college and university approve; the graduate confirms through the direct
link; the statistics page shows the new rate. Screenshots at 390, 1366 and 1920 px in
var/screenshots/employment-story/."""

from __future__ import annotations

import os
import re
import uuid
from pathlib import Path

import pytest
from django_tenants.utils import schema_context

from core.testing.browser import CHROMIUM_ARGS
from tests.tenant_apps.wechat.conftest import ALPHA, fake_wechat  # noqa: F401

pytestmark = pytest.mark.e2e
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

WECHAT_UA = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 MicroMessenger/8.0.47 NetType/WIFI"
PASSWORD = "Story-employment-2027"
SHOTS = str(Path(__file__).resolve().parents[2] / "var" / "screenshots" / "employment-story")


def _prepare(suffix: str) -> dict:
    from django.contrib.auth.models import Group

    from core.testing.database import TEST_ADMIN_USERNAME
    from tenant_apps.accounts.models import User
    from tenant_apps.employment.students.initializers import groups_ensure
    from tenant_apps.employment.students.models import GraduateRecord
    from tenant_apps.wechat.models import WeChatAccount
    from tests.tenant_apps.employment_students.conftest import import_roster, roster_row

    with schema_context("live"):
        groups_ensure()
        if not WeChatAccount.objects.exists():
            WeChatAccount.objects.create(name="实况大学就业", **ALPHA)
        admin = User.objects.get(username=TEST_ADMIN_USERNAME)
        college = f"故事学院{suffix}"
        number = f"2023{int(suffix, 16) % 10**6:06d}"
        job = import_roster(admin, [roster_row(number, f"林{suffix[:2]}同学", 学院=college, 班级=f"故事{suffix}班")], title_rows=1)
        assert job.succeeded_rows == 1, job.params
        record = GraduateRecord.objects.select_related("org_unit__parent__parent").get(student_number=number)
        users = {}
        for key, group, unit in (("counsellor", "辅导员", record.org_unit), ("college", "学院就业专员", record.org_unit.parent.parent), ("center", "校就业中心", None)):
            user = User.objects.create_user(username=f"{key}{suffix}", password=PASSWORD, kind="staff", display_name=f"{key}{suffix}", org_unit=unit)
            user.groups.add(Group.objects.get(name=group))
            users[key] = user.username
        return {"number": number, "name": record.name, "record": record.pk, "college_id": record.org_unit.parent.parent_id, **users}


def _staff_page(browser, server, username: str, width: int = 1366):
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.on("dialog", lambda dialog: dialog.accept())
    page.goto(server.url("live", "/admin-ui/login/"))
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/admin-ui/"))
    return page


def test_graduate_story_from_binding_to_the_placement_rate(live_server_url, live_db, fake_wechat, settings, tmp_path):  # noqa: F811
    from playwright.sync_api import expect, sync_playwright

    from tenant_apps.employment.destinations.models import Destination
    from tenant_apps.messaging.models import Message

    settings.WECHAT_OAUTH_BASE = fake_wechat.base_url + "connect/"
    suffix = uuid.uuid4().hex[:6]
    cast = _prepare(suffix)
    fake_wechat.browser_openid = f"o-story-{suffix}"
    proof = tmp_path / "就业协议书.pdf"
    proof.write_bytes(f"%PDF-1.4 signed agreement {suffix}".encode())
    os.makedirs(SHOTS, exist_ok=True)

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        try:
            phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, user_agent=WECHAT_UA).new_page()
            phone.on("dialog", lambda dialog: dialog.accept())
            errors: list[str] = []
            phone.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)

            # 1. Bind in the H5 (student number + name), landing on the record page.
            phone.goto(live_server_url.url("live", "/h5/wechat/login/?next=/h5/employment/students/"))
            phone.wait_for_url(re.compile(r"/h5/wechat/bind/"))
            phone.fill("#sn", cast["number"])
            phone.fill("#nm", cast["name"])
            phone.click("button[type=submit]")
            phone.wait_for_url(re.compile(r"/h5/employment/students/"))
            expect(phone.locator("body")).to_contain_text(cast["number"])
            phone.screenshot(path=f"{SHOTS}/story-h5-record-390.png", full_page=True)

            # 2. Confirm the record; the counsellor approves it on the PC.
            phone.click("[data-action=confirm-record]")
            expect(phone.locator("body")).to_contain_text("等待辅导员审核")
            desk = _staff_page(browser, live_server_url, cast["counsellor"])
            desk.goto(live_server_url.url("live", "/admin-ui/employment/students/review/"))
            desk.locator("tr", has_text=cast["number"]).get_by_role("button", name="通过").click()
            expect(desk.locator(".messages")).to_contain_text("已审核通过")
            desk.screenshot(path=f"{SHOTS}/story-review-queue-1366.png", full_page=True)

            # 3. File the destination with evidence and submit.
            phone.goto(live_server_url.url("live", "/h5/employment/destinations/"))
            phone.select_option("#category", "10")
            phone.fill("#f-employer_name", "北京故事科技有限公司")
            phone.fill("#f-employer_credit_code", "91110000600037341L")
            phone.fill("#f-employer_region", "110108")
            phone.fill("#f-job_title", "软件工程师")
            phone.fill("#f-contract_start", "2027-07-01")
            phone.set_input_files("#evidence", str(proof))
            phone.click("[data-action=save-destination]")
            expect(phone.locator("body")).to_contain_text("草稿已保存")
            phone.click("[data-action=submit-destination]")
            expect(phone.locator(".h5-header")).to_contain_text("待辅导员审核")
            phone.screenshot(path=f"{SHOTS}/story-h5-destination-390.png", full_page=True)

            # 4. Three levels approve, each from its own queue.
            with schema_context("live"):
                destination_id = Destination.objects.get(record_id=cast["record"]).pk
            for key, level in (("counsellor", "counsellor"), ("college", "college"), ("center", "university")):
                staff = desk if key == "counsellor" else _staff_page(browser, live_server_url, cast[key], 1920 if key == "center" else 1366)
                staff.goto(live_server_url.url("live", f"/admin-ui/employment/destinations/review/{level}/"))
                staff.locator("tr", has_text=cast["number"]).get_by_role("link", name="审核").click()
                staff.wait_for_url(re.compile(rf"/destinations/{destination_id}/$"))
                expect(staff.locator("a[data-evidence]")).to_have_text("就业协议书.pdf")  # each level can open the proof
                staff.click("[data-action=approve]")
                expect(staff.locator(".messages")).to_contain_text("已审核通过")
            staff.screenshot(path=f"{SHOTS}/story-destination-approved-1920.png", full_page=True)

            # 5. The graduate confirms through the direct link (sent to them, not via the counsellor).
            with schema_context("live"):
                link = Message.objects.filter(subject="请确认你的毕业去向", link__contains="/confirm/").order_by("-id").first().link
                assert Destination.objects.get(pk=destination_id).confirmation_token in link
            phone.goto(live_server_url.url("live", link))
            phone.click("[data-action=confirm-destination]")
            expect(phone.locator("body")).to_contain_text("学生已确认")
            phone.screenshot(path=f"{SHOTS}/story-h5-confirmed-390.png", full_page=True)

            # 6. The statistics page shows the new rate for that college (charts drawn from the shipped ECharts).
            staff.goto(live_server_url.url("live", f"/admin-ui/employment/statistics/?year=2027&unit={cast['college_id']}"))
            expect(staff.locator("[data-stat=placement-rate]")).to_have_text("100.0%")
            staff.wait_for_selector(".chart[data-drawn] canvas")
            staff.screenshot(path=f"{SHOTS}/story-statistics-1920.png", full_page=True)
            staff.set_viewport_size({"width": 1366, "height": 900})
            staff.screenshot(path=f"{SHOTS}/story-statistics-1366.png", full_page=True)
            staff.set_viewport_size({"width": 390, "height": 844})
            staff.screenshot(path=f"{SHOTS}/story-statistics-390.png", full_page=True)
            assert not [e for e in errors if "Content Security Policy" in e], errors
        finally:
            browser.close()

    with schema_context("live"):
        destination = Destination.objects.get(pk=destination_id)
        assert destination.status == "approved" and destination.confirmation == "confirmed"
