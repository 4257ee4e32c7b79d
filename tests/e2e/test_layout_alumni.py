"""Browser: the alumni back office at 390, 1366 and 1920 px. Every page of the 校友 sections of the
side menu (organisations, records, members, content, activities, photos, votes, payments…) and
the detail pages of a record, a member, an organisation and an activity are opened at the three
widths and photographed (/tmp/shots-h8/alumni-<page>-<width>.png). No page may scroll
sideways, answer with an error, or log an error in the browser console."""

from __future__ import annotations

import os
import re
import uuid

import pytest
from django_tenants.utils import schema_context

from core.testing.browser import CHROMIUM, CHROMIUM_ARGS

pytestmark = pytest.mark.e2e
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

WIDTHS = (390, 1366, 1920)
SCHEMA = "live"
SHOTS = "/tmp/shots-h8"
ALUMNI_PREFIXES = ("/admin-ui/alumni", "/admin-ui/payments")


def _detail_pages() -> list[tuple[str, str]]:
    """A record, a verified member in a chapter, the chapter, an activity with a registration
    and a photo waiting for moderation."""
    from django.urls import reverse

    from tenant_apps.alumni.activities.services import photo_upload
    from tests.tenant_apps.alumni_activities.conftest import make_activity, make_user, register
    from tests.tenant_apps.alumni_activities.test_chapters_photos_jssdk import png
    from tests.tenant_apps.alumni_records.conftest import join_verified, make_chapter, make_record

    suffix = uuid.uuid4().hex[:6]
    with schema_context(SCHEMA):
        chapter = make_chapter(name=f"版式检查校友会{suffix}（名称较长用于检查换行）")
        record = make_record(name=f"版式{suffix}", class_year=1998, college_name="机械系", major="机械制造工艺与设备", region="上海", source="1998级学籍册")
        _, member, _ = join_verified(name=f"版面{suffix}", class_year=2001)
        activity = make_activity(title=f"版式检查活动{suffix}：秋季返校日暨各地校友会负责人座谈会", capacity=30, days=10,
                                 organiser_kind="chapter", chapter_id=chapter.pk)
        attendee = make_user()
        register(activity, attendee)
        photo_upload(actor=attendee, activity=activity, image=png(), caption="签到处合影")
        return [
            ("record", reverse("backoffice:alumni_records:record_detail", args=[record.pk])),
            ("member", reverse("backoffice:alumni_records:member_detail", args=[member.pk])),
            ("org", reverse("backoffice:alumni_orgs:org_detail", args=[chapter.pk])),
            ("activity", reverse("backoffice:alumni_activities:activity_detail", args=[activity.pk])),
            ("activity-edit", reverse("backoffice:alumni_activities:activity_edit", args=[activity.pk])),
            ("activity-new", reverse("backoffice:alumni_activities:activity_add")),
            ("photos-all", reverse("backoffice:alumni_activities:photos") + "?status="),
        ]


def _name(path: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", path.strip("/").lower()) or "home"


PROBE = """() => ({scroll: document.documentElement.scrollWidth, view: window.innerWidth,
                  title: (document.querySelector('h1') || {}).textContent || ''})"""


def test_alumni_backoffice_at_three_widths(live_server_url, live_db):
    from playwright.sync_api import sync_playwright

    from core.testing.database import TEST_ADMIN_PASSWORD, TEST_ADMIN_USERNAME

    os.makedirs(SHOTS, exist_ok=True)
    details = _detail_pages()
    problems: list[str] = []
    console: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": 1366, "height": 900})
            page = context.new_page()
            page.set_default_timeout(60_000)
            current = {"path": ""}
            page.on("console", lambda message: console.append(f"{current['path']}: {message.text}") if message.type == "error" else None)
            page.on("pageerror", lambda error: console.append(f"{current['path']}: {error}"))
            page.goto(live_server_url.url(SCHEMA, "/admin-ui/login/"))
            page.fill("#id_username", TEST_ADMIN_USERNAME)
            page.fill("#id_password", TEST_ADMIN_PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_url(re.compile(r"/admin-ui/$"))
            menu = page.eval_on_selector_all(".sidebar a[data-menu]", "links => links.map(a => a.getAttribute('href'))")
            alumni_menu = [href for href in dict.fromkeys(menu) if href.startswith(ALUMNI_PREFIXES)]
            assert "/admin-ui/alumni/activities/photos/" in alumni_menu and len(alumni_menu) >= 10, alumni_menu
            pages = [(_name(href), href) for href in alumni_menu] + details
            for name, path in pages:
                for width in WIDTHS:
                    current["path"] = f"{path} @{width}"
                    page.set_viewport_size({"width": width, "height": 900})
                    response = page.goto(live_server_url.url(SCHEMA, path))
                    status = response.status if response else 0
                    if status >= 400:
                        problems.append(f"{path} @{width}: HTTP {status}")
                        continue
                    page.wait_for_load_state("networkidle")
                    page.screenshot(path=f"{SHOTS}/alumni-{name}-{width}.png", full_page=True)
                    probe = page.evaluate(PROBE)
                    if probe["scroll"] > probe["view"] + 1:
                        problems.append(f"{path} @{width}: scrolls sideways ({probe['scroll']} > {probe['view']})")
        finally:
            browser.close()
    assert not problems, "\n".join(problems)
    assert not console, "console errors:\n" + "\n".join(console)


def test_chapter_organiser_h5_pages(live_server_url, live_db):
    """The chapter admin's phone: the activity page with photos, the chapter picker, the managed
    list and a registration list; photographed at 390 and 1366 px."""
    import datetime

    from django.utils import timezone
    from playwright.sync_api import sync_playwright

    from tenant_apps.alumni.activities.services import ActivityInput, activity_create, photo_upload
    from tests.tenant_apps.alumni_activities.conftest import make_user, register
    from tests.tenant_apps.alumni_activities.test_chapters_photos_jssdk import chapter_admin_of, png
    from tests.tenant_apps.alumni_records.conftest import make_chapter

    os.makedirs(SHOTS, exist_ok=True)
    suffix = uuid.uuid4().hex[:6]
    with schema_context(SCHEMA):
        chapter = make_chapter(name=f"杭州校友会{suffix}")
        admin = chapter_admin_of(chapter)
        admin.set_password("Chapter-admin-2026")
        admin.save(update_fields=["password"])
        start = timezone.now() + datetime.timedelta(days=6)
        activity = activity_create(actor=admin, data=ActivityInput(title=f"杭州分会西湖夜跑{suffix}", starts_at=start, ends_at=start + datetime.timedelta(hours=2),
                                                                   place="西湖 断桥", capacity=40, organiser_kind="chapter", chapter_id=chapter.pk, requires_review=True))
        for n in range(3):
            register(activity, make_user())
        for n, caption in enumerate(["起跑", "断桥合影", "终点"]):
            photo_upload(actor=admin, activity=activity, image=png(f"p{n}.png", size=(320, 200), color=(40 * n, 16, 46)), caption=caption)
    problems, console = [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
            page = context.new_page()
            page.set_default_timeout(60_000)
            page.on("console", lambda message: console.append(message.text) if message.type == "error" else None)
            page.on("pageerror", lambda error: console.append(str(error)))
            page.goto(live_server_url.url(SCHEMA, "/h5/login/?next=/h5/alumni/activities/manage/"))
            page.fill("#u", admin.username)
            page.fill("#p", "Chapter-admin-2026")
            page.click("button[type=submit]")
            page.wait_for_url(re.compile(r"/h5/alumni/activities/manage/"))
            assert f"杭州分会西湖夜跑{suffix}" in page.content()
            pages = [("h5-manage", "/h5/alumni/activities/manage/"), ("h5-manage-detail", f"/h5/alumni/activities/manage/{activity.pk}/"),
                     ("h5-detail", f"/h5/alumni/activities/{activity.pk}/"), ("h5-propose", "/h5/alumni/activities/new/"), ("h5-mine", "/h5/alumni/activities/mine/")]
            for name, path in pages:
                for width in (390, 1366):
                    page.set_viewport_size({"width": width, "height": 844})
                    response = page.goto(live_server_url.url(SCHEMA, path))
                    if not response or response.status >= 400:
                        problems.append(f"{path} @{width}: HTTP {response.status if response else 0}")
                        continue
                    page.wait_for_load_state("networkidle")
                    page.screenshot(path=f"{SHOTS}/alumni-{name}-{width}.png", full_page=True)
                    probe = page.evaluate(PROBE)
                    if probe["scroll"] > probe["view"] + 1:
                        problems.append(f"{path} @{width}: scrolls sideways ({probe['scroll']} > {probe['view']})")
            page.goto(live_server_url.url(SCHEMA, f"/h5/alumni/activities/{activity.pk}/"))
            assert page.locator("[data-photos] img").count() == 3
            assert "杭州校友会" in page.goto(live_server_url.url(SCHEMA, "/h5/alumni/activities/new/")).text()
        finally:
            browser.close()
    assert not problems, "\n".join(problems)
    assert not console, "console errors:\n" + "\n".join(console)
