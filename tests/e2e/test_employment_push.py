"""Browser: a teacher pushes a job fair to one college from the back office (item picked in the
form, the count previewed, confirmed); the real Celery worker sends (WeChat template, then SMS,
then the in-app letter); the push log fills in with every student's result and reason. Then a
screenshot pass of the public portal at 390, 1366 and 1920 px (anonymous visitor).
Screenshots in /tmp/shots-h4/."""

from __future__ import annotations

import datetime
import os
import re
import uuid

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from core.testing.browser import CHROMIUM_ARGS

pytestmark = pytest.mark.e2e
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
SCHEMA = "live"
PASSWORD = "Story-push-2026x"
SHOTS = "/tmp/shots-h4"
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}


def _cast(suffix: str) -> dict:
    from tenant_apps.accounts.models import User
    from tenant_apps.employment.fairs.services import (
        fair_publish,
        fair_save,
        hall_layout_save,
        hall_save,
    )
    from tenant_apps.employment.portal.enums import ArticleStatus
    from tenant_apps.employment.portal.models import Article, Column
    from tests.tenant_apps.employment_push.conftest import graduate, unit

    # Its own teacher: the live tenant's admin is shared by every browser test and keeps its password.
    teacher = User.objects.create_superuser(username=f"push-teacher-{suffix}", password=PASSWORD, kind="staff", display_name="推送老师")
    college = unit(f"机械学院{suffix}", "college")
    klass = unit("机械1班", "class", unit("机械工程", "major", college))
    other = unit("外院1班", "class", unit(f"外院专业{suffix}", "major", unit(f"外国语学院{suffix}", "college")))
    students = [graduate(klass, openid=i == 0, phone=i < 3) for i in range(6)]
    outsider = graduate(other)
    starts = timezone.localtime() + datetime.timedelta(days=9)
    fair = fair_save(actor=teacher, title=f"2026届春季双选会{suffix}", location="体育馆", starts_at=starts.replace(hour=9, minute=0),
                     ends_at=starts.replace(hour=16, minute=0), description="300 家单位参会")
    hall = hall_save(actor=teacher, fair=fair, name="主馆", code="A", rows=2, columns=3)
    hall_layout_save(actor=teacher, hall=hall, cells=[{"row": r, "column": c, "kind": "standard"} for r in (1, 2) for c in (1, 2, 3)])
    fair_publish(actor=teacher, fair=fair)
    if not Article.objects.filter(title__startswith="双选会通知").exists():
        Article.objects.create(column=Column.objects.get(slug="notices"), title=f"双选会通知{suffix}", body="<p>欢迎参加</p>", status=ArticleStatus.PUBLISHED,
                               published_at=timezone.now(), is_pinned=True)
    return {"teacher": teacher.username, "college": college.pk, "fair": fair.pk, "fair_title": fair.title, "students": [s.student_number for s in students],
            "outsider": outsider.student_number}


def test_teacher_pushes_a_fair_to_one_college(live_server_url, live_db, celery_worker_process):
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=30_000)
    server = live_server_url
    suffix = uuid.uuid4().hex[:6]
    os.makedirs(SHOTS, exist_ok=True)
    with schema_context(SCHEMA):
        cast = _cast(suffix)
    errors: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1366, "height": 900})
            page.set_default_timeout(90_000)  # a loaded shared machine: the live server warms up on the first request
            page.on("pageerror", lambda exc: errors.append(f"script error: {exc}"))
            page.on("dialog", lambda dialog: dialog.accept())
            page.goto(server.url(SCHEMA, "/admin-ui/login/"))
            page.fill("input[name=username]", cast["teacher"])
            page.fill("input[name=password]", PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_url(re.compile(r"/admin-ui/"))
            page.goto(server.url(SCHEMA, "/admin-ui/employment/push/new/"))
            page.select_option("#item_kind", "fair")
            page.fill("#item_q", cast["fair_title"])
            expect(page.locator("#object_id option", has_text=cast["fair_title"])).to_have_count(1)
            page.select_option("#object_id", str(cast["fair"]))
            page.select_option("#f-units", str(cast["college"]))
            expect(page.locator("#push-preview .num")).to_have_text("6")
            page.screenshot(path=f"{SHOTS}/push-form-1366.png", full_page=True)
            page.click("#send-push")
            page.wait_for_url(re.compile(r"/admin-ui/employment/push/\d+/$"))
            page.wait_for_selector("#push-status:has-text('已完成')", timeout=90_000)
            page.reload()
            log = page.locator("#push-log tbody tr")
            expect(log).to_have_count(6)
            body = page.locator("#push-log").inner_text()
            for number in cast["students"]:
                assert number in body
            assert cast["outsider"] not in body
            # No phone and no openid: the in-app letter, delivered. The openid holder goes to WeChat and the
            # phones to SMS: without a provider configured here they are recorded as not sent, with the reason.
            rows = page.locator("#push-log tbody tr")
            statuses = [rows.nth(i).get_attribute("data-status") for i in range(6)]
            assert statuses.count("succeeded") >= 3, statuses
            assert not {"pending", "sending"} & set(statuses), statuses
            for i in range(6):
                if statuses[i] != "succeeded":
                    assert rows.nth(i).locator("td").nth(5).inner_text().strip() not in ("", "—")
            page.screenshot(path=f"{SHOTS}/push-log-1366.png", full_page=True)

            # The public portal, anonymous, at three widths.
            for width, height, options in ((1366, 900, {}), (1920, 1080, {}), (390, 844, PHONE)):
                context = browser.new_context(**options) if options else browser.new_context(viewport={"width": width, "height": height})
                visitor = context.new_page()
                visitor.set_default_timeout(90_000)
                visitor.on("pageerror", lambda exc: errors.append(f"script error: {exc}"))
                visitor.goto(server.url(SCHEMA, "/"))
                expect(visitor).to_have_title(re.compile("就业信息网"))
                visitor.screenshot(path=f"{SHOTS}/portal-home-{width}.png", full_page=True)
                visitor.goto(server.url(SCHEMA, f"/portal/fairs/{cast['fair']}/"))
                expect(visitor.locator("h1")).to_have_text(cast["fair_title"])
                visitor.screenshot(path=f"{SHOTS}/portal-fair-{width}.png", full_page=True)
                for path, name in (("/portal/column/notices/", "column"), ("/portal/jobs/", "jobs"), ("/portal/sessions/", "sessions")):
                    visitor.goto(server.url(SCHEMA, path))
                    visitor.screenshot(path=f"{SHOTS}/portal-{name}-{width}.png", full_page=True)
                context.close()
        finally:
            browser.close()
    assert not errors, errors
