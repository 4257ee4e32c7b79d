"""Browser (E13, E14, E16): on a phone a student plays a career video and seeks in it (Range
requests), takes the RIASEC test and reads the result, asks a question and books an advising
slot; a teacher answers in the back office and sees the statistics; a visitor plays the public
video without signing in. Screenshots at 390, 1366 and 1920 px in /tmp/shots-h7/."""

from __future__ import annotations

import os
import re
import uuid

import pytest
from django_tenants.utils import schema_context

from core.testing.browser import CHROMIUM_ARGS

pytestmark = pytest.mark.e2e
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

SCHEMA = "live"
PASSWORD = "Services-story-2026x"
SHOTS = os.environ.get("E2E_SCREENSHOTS", "/tmp/shots-h7")
WIDTHS = {"phone": 390, "laptop": 1366, "desktop": 1920}


def _setup(suffix: str):
    from core.testing.database import TEST_ADMIN_USERNAME
    from tenant_apps.accounts.models import User
    from tenant_apps.employment.qa.services import slots_publish
    from tenant_apps.employment.videos.services import (
        video_process,
        video_set_published,
        video_upload,
    )
    from tests.tenant_apps.employment_assessment.conftest import org_tree
    from tests.tenant_apps.employment_qa.conftest import at
    from tests.tenant_apps.employment_videos.conftest import upload

    with schema_context(SCHEMA):
        admin = User.objects.get(username=TEST_ADMIN_USERNAME)
        _, _, cls = org_tree("信息学院", "数据科学")
        student = User.objects.create_user(username=f"svc-stu-{suffix}", password=PASSWORD, kind="student", display_name="服务同学", org_unit=cls)
        video = video_upload(actor=admin, title=f"面试礼仪{suffix}", file=upload(), category="skills")
        video = video_set_published(actor=admin, video=video_process(video_id=video.pk), is_published=True)
        advisor = User.objects.create_user(username=f"svc-adv-{suffix}", password=PASSWORD, kind="staff", display_name="王老师")
        (slot,) = slots_publish(actor=admin, advisor=advisor, kind="resume_review", start=at(24 * 9), minutes=30, location="就业指导中心 201")
    return student, video, slot


def _wait(page, expression: str, timeout: float = 20.0):
    """Poll a JS expression from Python (page.wait_for_function evaluates strings, which the
    page's CSP forbids)."""
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = page.evaluate(f"() => ({expression})")
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {expression}")


def _shoot(browser, url: str, name: str, *, login=None) -> None:
    for label, width in WIDTHS.items():
        context = browser.new_context(viewport={"width": width, "height": 900}, is_mobile=label == "phone", device_scale_factor=2 if label == "phone" else 1)
        page = context.new_page()
        if login:
            login(page)
        page.goto(url)
        page.wait_for_load_state("networkidle")
        page.screenshot(path=f"{SHOTS}/{name}-{width}.png", full_page=True)
        context.close()


def test_student_services_on_the_phone(live_server_url, live_db):
    from playwright.sync_api import sync_playwright

    from core.testing.database import TEST_ADMIN_PASSWORD, TEST_ADMIN_USERNAME

    os.makedirs(SHOTS, exist_ok=True)
    suffix = uuid.uuid4().hex[:6]
    student, video, slot = _setup(suffix)
    url = lambda path: live_server_url.url(SCHEMA, path)  # noqa: E731
    errors: list[str] = []

    def student_login(page):
        page.goto(url("/h5/login/"))
        page.fill("#u", student.username)
        page.fill("#p", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_load_state()

    def teacher_login(page):
        page.goto(url("/admin-ui/login/"))
        page.fill("#id_username", TEST_ADMIN_USERNAME)
        page.fill("#id_password", TEST_ADMIN_PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_load_state()

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, device_scale_factor=2).new_page()
        phone.on("pageerror", lambda exc: errors.append(str(exc)))
        student_login(phone)

        # a video: metadata loads, seeking to 2 s works (byte ranges), the play counts
        phone.goto(url(f"/h5/employment/videos/{video.pk}/"))
        _wait(phone, "document.getElementById('video-player').readyState >= 1")
        assert phone.evaluate("document.getElementById('video-player').duration") == pytest.approx(3, abs=0.2)
        phone.evaluate("(() => { const v = document.getElementById('video-player'); v.muted = true; v.currentTime = 2; return v.play(); })()")
        _wait(phone, "document.getElementById('video-player').currentTime >= 2")
        _wait(phone, "document.getElementById('play-count').textContent.trim() === '1'")

        # RIASEC: all "like" on social items, "dislike" elsewhere
        phone.goto(url("/h5/employment/assessment/take/riasec/"))
        phone.evaluate("""() => document.querySelectorAll('fieldset.as-question').forEach(f => {
            const social = f.id.startsWith('q-S'); f.querySelector(`input[value="${social ? 4 : 1}"]`).checked = true; })""")
        phone.click("#submit-assessment")
        phone.wait_for_url(re.compile(r"/assessment/results/\d+/"))
        assert phone.inner_text("#result-code").startswith("S") and "教育培训" in phone.inner_text("#job-families")
        phone.screenshot(path=f"{SHOTS}/assessment-result-390.png", full_page=True)

        # a question, then an advising booking
        phone.goto(url("/h5/employment/qa/ask/"))
        phone.fill("input[name=title]", f"offer 比较问题{suffix}")
        phone.fill("textarea[name=body]", "两家单位的 offer 怎么比较？")
        phone.click("#submit-question")
        phone.wait_for_url(re.compile(r"/h5/employment/qa/\d+/"))
        question_url = phone.url
        phone.goto(url("/h5/employment/qa/advising/?kind=resume_review"))
        phone.fill(f"form[action$='/advising/{slot.pk}/book/'] input[name=topic]", "简历第一版")
        phone.click(f"form[action$='/advising/{slot.pk}/book/'] button")
        assert "预约成功" in phone.inner_text("body")

        # the teacher answers in the back office
        teacher = browser.new_context(viewport={"width": 1366, "height": 900}).new_page()
        teacher_login(teacher)
        teacher.goto(url("/admin-ui/employment/qa/"))
        teacher.click(f"#questions a:has-text('offer 比较问题{suffix}')")
        teacher.fill("#compose textarea", "比较发展空间、城市、薪资结构和培训体系，也可以预约职业规划咨询。")
        teacher.click("#send")
        teacher.wait_for_load_state()
        assert "培训体系" in teacher.inner_text("#qa-log")

        phone.goto(question_url)
        assert "培训体系" in phone.inner_text("#qa-log")
        phone.screenshot(path=f"{SHOTS}/qa-chat-390.png", full_page=True)

        # a visitor plays the public video without signing in
        visitor = browser.new_context(viewport={"width": 1366, "height": 900}).new_page()
        visitor.goto(url(f"/videos/{video.pk}/"))
        _wait(visitor, "document.getElementById('video-player').readyState >= 1")

        # screenshots of every page at three widths
        for path, name in (("/h5/employment/videos/", "h5-videos"), (f"/h5/employment/videos/{video.pk}/", "h5-video"), ("/h5/employment/assessment/", "h5-assessment"),
                           ("/h5/employment/assessment/take/bigfive/", "h5-take"), ("/h5/employment/qa/", "h5-qa"), ("/h5/employment/qa/advising/", "h5-advising")):
            _shoot(browser, url(path), name, login=student_login)
        _shoot(browser, url("/h5/employment/qa/faq/"), "h5-faq")
        _shoot(browser, url("/videos/"), "public-videos")
        _shoot(browser, url(f"/videos/{video.pk}/"), "public-video")
        for path, name in (("/admin-ui/employment/videos/", "bo-videos"), (f"/admin-ui/employment/videos/{video.pk}/", "bo-video"),
                           ("/admin-ui/employment/assessment/", "bo-results"), ("/admin-ui/employment/assessment/statistics/", "bo-statistics"),
                           ("/admin-ui/employment/assessment/banks/", "bo-banks"), ("/admin-ui/employment/qa/", "bo-qa"), ("/admin-ui/employment/qa/faq/", "bo-faq"),
                           ("/admin-ui/employment/qa/advising/", "bo-advising"), (f"/admin-ui/employment/qa/advising/{slot.pk}/", "bo-slot")):
            _shoot(browser, url(path), name, login=teacher_login)
        browser.close()
    assert not errors, errors
    with schema_context(SCHEMA):
        video.refresh_from_db()
        assert video.play_count >= 1
        slot.refresh_from_db()
        assert slot.booked_count == 1
