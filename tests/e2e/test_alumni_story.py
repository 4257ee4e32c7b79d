"""Browser: an alumnus joins from the H5 with an SMS code, is matched to a record (traditional
name, polyphonic surname) and verified, makes a field private, asks another alumnus for a
business card, who accepts; a chapter admin cannot export the chapter without approval."""

from __future__ import annotations

import datetime
import os
import re
import uuid

import pytest
from django_tenants.utils import schema_context

from core.testing.browser import CHROMIUM_ARGS

pytestmark = pytest.mark.e2e
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
PASSWORD = "Alumni-story-2026"
SHOTS = "/tmp/hc"


def _latest_code(phone: str) -> str:
    from tenant_apps.messaging.models import OutboxEntry

    with schema_context("live"):
        for entry in OutboxEntry.objects.order_by("-id")[:20]:
            if entry.to_address == phone:
                match = re.search(r"(\d{6})", entry.body)
                if match:
                    return match.group(1)
    raise AssertionError("no code in the outbox")


def _prepare(suffix: int) -> dict:
    """The association (review by records), the joiner's record, a verified alumnus B with a
    phone, and a chapter run by admin C."""
    from core.testing.database import TEST_ADMIN_USERNAME
    from tenant_apps.accounts.models import User
    from tenant_apps.accounts.services import user_create
    from tenant_apps.alumni.directory.services import profile_update
    from tenant_apps.alumni.orgs.selectors import association
    from tenant_apps.alumni.orgs.services import (
        OrgInput,
        admin_accept,
        admin_invite,
        join_apply,
        org_save,
    )
    from tenant_apps.alumni.records.services import record_save

    with schema_context("live"):
        if association() is None:
            org_save(actor=None, data=OrgInput(name="实况大学校友总会", kind="association", review_mode="records"))
        year = 1960 + suffix % 50
        birth = datetime.date(year - 18, suffix % 12 + 1, suffix % 28 + 1)  # unique enough across runs in the committed tenant
        record_save(actor=None, data={"name": "單偉", "class_year": year, "birth_date": birth, "college_name": "数学系", "major": "数学"}, source="学籍册")
        b_name = f"蔡明{suffix % 1000}"
        record_save(actor=None, data={"name": b_name, "class_year": year, "birth_date": birth, "major": "数学"}, source="学籍册")
        b = user_create(actor=None, username=f"b{suffix}", password=PASSWORD, kind="alumnus", display_name=b_name, phone=f"158{suffix:08d}")
        join_apply(user=b, data={"name": b_name, "class_year": year, "birth_date": birth, "major": "数学"})
        profile_update(user=b, data={"wechat": f"wx{suffix}"})
        chapter = org_save(actor=None, data=OrgInput(name=f"实况分会{suffix}", kind="regional", review_mode="auto"))
        join_apply(user=b, org=chapter, data={})
        c = user_create(actor=None, username=f"c{suffix}", password=PASSWORD, kind="alumnus", display_name=f"分会长{suffix % 1000}", phone=f"159{suffix:08d}")
        office = User.objects.get(username=TEST_ADMIN_USERNAME)
        admin_accept(user=c, token=admin_invite(actor=office, org=chapter, name=c.display_name, phone="", role="president", channel="wechat").token)
        return {"year": year, "birth": birth.isoformat(), "b_name": b_name, "b_user": f"b{suffix}", "c_user": f"c{suffix}", "chapter": chapter.pk}


def _login(page, base, username):
    page.goto(base("/h5/login/"))
    page.fill("#u", username)
    page.fill("#p", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/h5/"))


def test_alumnus_joins_is_verified_hides_a_field_and_exchanges_cards(live_server_url, live_db):
    from playwright.sync_api import sync_playwright

    suffix = uuid.uuid4().int % 10**8
    phone = f"157{suffix:08d}"
    data = _prepare(suffix)

    def base(path):
        return live_server_url.url("live", path)

    os.makedirs(SHOTS, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        a = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, device_scale_factor=2).new_page()
        # 1. join with an SMS code, fill in the application: matched and verified at once
        a.goto(base("/h5/alumni/join/"))
        a.fill("#phone", phone)
        a.click("#send-code")
        a.wait_for_selector("#code-status .al-ok")
        a.fill("#code", _latest_code(phone))
        a.click("#join-next")
        a.wait_for_selector("#join-form")
        a.fill("#name", "单伟")
        a.fill("#birth", data["birth"])
        a.fill("#class_year", str(data["year"]))
        a.fill("#college", "数学系")
        a.fill("#major", "数学")
        a.fill("#employer", "实况银行")
        a.screenshot(path=f"{SHOTS}/alumni_h5_join_390.png", full_page=True)
        a.click("#join-submit")
        a.wait_for_url(re.compile(r"/h5/alumni/me/"))
        assert "已认证校友" in a.inner_text(".al-hero")
        a.screenshot(path=f"{SHOTS}/alumni_h5_me_390.png", full_page=True)
        # 2. make the employer private
        a.click("#my-card-link")
        a.wait_for_selector("#privacy-form")
        a.click("[data-vis=employer-none]")
        a.click("#save-privacy")
        a.wait_for_selector(".al-ok")
        a.screenshot(path=f"{SHOTS}/alumni_h5_privacy_390.png", full_page=True)
        from tenant_apps.alumni.directory.models import Profile
        from tenant_apps.alumni.directory.selectors import DirectorySearch, directory_search

        with schema_context("live"):
            mine = Profile.objects.get(member__user__phone_hash__isnull=False, name="单伟", class_year=data["year"])
            assert mine.vis_employer == "none"
            viewer = Profile.objects.get(name=data["b_name"])
            assert not directory_search(viewer=viewer, search=DirectorySearch(employer="实况银行")).filter(pk=mine.pk).exists()
        # 3. find B in the directory and ask for a card
        a.goto(base(f"/h5/alumni/directory/?q={data['b_name']}"))
        a.screenshot(path=f"{SHOTS}/alumni_h5_directory_390.png", full_page=True)
        a.click("#directory-results a >> nth=0")
        assert a.inner_text("[data-field=phone]") == "未公开"
        a.fill("#msg", "我是同届的单伟")
        a.click("#request-card")
        a.wait_for_url(re.compile(r"/h5/alumni/directory/cards/\d+/"))
        card_url = a.url
        # 4. B accepts; both now see the contacts
        b = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True).new_page()
        _login(b, base, data["b_user"])
        b.goto(card_url)
        b.click("#accept-card")
        b.wait_for_selector("[data-field=phone]")
        assert b.inner_text("[data-field=phone]") == phone
        b.screenshot(path=f"{SHOTS}/alumni_h5_card_390.png", full_page=True)
        a.goto(card_url)
        assert a.inner_text("[data-field=phone]") == f"158{suffix:08d}"
        # 5. the chapter admin asks to export: nothing to download until the association approves
        c = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True).new_page()
        _login(c, base, data["c_user"])
        c.goto(base(f"/h5/alumni/orgs/manage/{data['chapter']}/"))
        assert data["b_name"] in c.inner_text("#chapter-members")
        c.fill("input[name=reason]", "年会通知")
        c.click("#request-export")
        c.wait_for_selector("[data-export-status=pending]")
        assert c.locator("a[id^=download-]").count() == 0
        from tenant_apps.alumni.orgs.models import ExportRequest

        with schema_context("live"):
            export = ExportRequest.objects.filter(organization_id=data["chapter"]).latest("pk")
        c.goto(base(f"/h5/alumni/orgs/exports/{export.pk}/download/"))
        assert "导出尚未经总会批准" in c.inner_text("body")
        c.screenshot(path=f"{SHOTS}/alumni_h5_manage_390.png", full_page=True)
        # the hall and the directory at desktop widths
        for width in (1366, 1920):
            wide = browser.new_context(viewport={"width": width, "height": 900}).new_page()
            _login(wide, base, data["b_user"])
            wide.goto(base("/h5/alumni/"))
            wide.screenshot(path=f"{SHOTS}/alumni_h5_hall_{width}.png", full_page=True)
        a.goto(base("/h5/alumni/"))
        a.screenshot(path=f"{SHOTS}/alumni_h5_hall_390.png", full_page=True)
        browser.close()
