"""Browser: an employer registers in the portal (credit code, licence, SMS code), a teacher
reviews it (question, approval), the employer writes a job the linter flags while typing, fixes
it and submits, the teacher approves it; the employer applies for an info session, the teacher
assigns a hall, the employer confirms, and a student signs up for it on the H5."""

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
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000" "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082")
PASSWORD = "Hr-story-2026x"
SHOTS = os.environ.get("E2E_SCREENSHOTS", "/tmp")


def _latest_code(phone: str) -> str:
    from tenant_apps.messaging.models import OutboxEntry

    with schema_context(SCHEMA):
        for entry in OutboxEntry.objects.order_by("-id")[:20]:
            if entry.to_address == phone:
                match = re.search(r"(\d{6})", entry.body)
                if match:
                    return match.group(1)
    raise AssertionError("no code in the outbox")


def _credit_code(serial: int) -> str:
    from core.validators.china import credit_code_check_character

    body = f"Y1110108MA{serial:07d}"  # a letter-first code (registration authority Y)
    return body + credit_code_check_character(body)


def _local(dt) -> str:
    from django.utils import timezone

    return timezone.localtime(dt).strftime("%Y-%m-%dT%H:%M")


def test_employer_registers_is_reviewed_job_flagged_fixed_approved_student_signs_up(live_server_url, live_db, tmp_path):
    import datetime

    from django.utils import timezone
    from playwright.sync_api import sync_playwright

    from core.testing.database import TEST_ADMIN_PASSWORD, TEST_ADMIN_USERNAME
    from tenant_apps.accounts.models import User
    from tenant_apps.employment.employers.models import Employer
    from tenant_apps.employment.jobs.models import Job
    from tenant_apps.employment.sessions.models import InfoSession
    from tenant_apps.employment.sessions.services import venue_save

    suffix = uuid.uuid4().int % 10**7
    phone, name, username = f"136{suffix:08d}", f"故事科技{suffix}有限公司", f"story-hr-{suffix}"
    licence = tmp_path / "licence.png"
    licence.write_bytes(PNG)
    with schema_context(SCHEMA):
        admin_user = User.objects.get(username=TEST_ADMIN_USERNAME)
        hall = venue_save(actor=admin_user, name=f"报告厅{suffix}", kind="hall", capacity=200, equipment=["投影"])
        student = User.objects.create_user(username=f"story-stu-{suffix}", password=PASSWORD, kind="student", display_name="故事同学")
    start = (timezone.localtime() + datetime.timedelta(days=12)).replace(hour=14, minute=0, second=0, microsecond=0)

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        hr = browser.new_context(viewport={"width": 1366, "height": 900}).new_page()
        hr.goto(live_server_url.url(SCHEMA, "/employer/register/"))
        hr.fill("#name", name)
        hr.fill("#credit_code", _credit_code(suffix))
        hr.select_option("#nature", "private")
        hr.select_option("#industry", "I")
        hr.select_option("#size", "small")
        hr.fill("#contact_name", "王经理")
        hr.fill("#contact_phone", phone)
        hr.click("#send-code")
        hr.wait_for_selector("#code-status .portal-ok")
        hr.fill("#sms_code", _latest_code(phone))
        hr.set_input_files("#licence", str(licence))
        hr.fill("#username", username)
        hr.fill("#password", PASSWORD)
        hr.fill("#password2", PASSWORD)
        hr.screenshot(path=f"{SHOTS}/employment_portal_register.png", full_page=True)
        hr.click("#register-form button[type=submit]")
        hr.wait_for_url(re.compile(r"/employer/$"))
        assert "待审核" in hr.inner_text("#employer-status")

        with schema_context(SCHEMA):
            employer = Employer.objects.get(name=name)
        teacher = browser.new_context(viewport={"width": 1366, "height": 900}).new_page()
        teacher.goto(live_server_url.url(SCHEMA, "/admin-ui/login/"))
        teacher.fill("#id_username", TEST_ADMIN_USERNAME)
        teacher.fill("#id_password", TEST_ADMIN_PASSWORD)
        teacher.click("button[type=submit]")
        teacher.wait_for_url(re.compile(r"/admin-ui/"))
        detail = live_server_url.url(SCHEMA, f"/admin-ui/employment/employers/{employer.pk}/")
        teacher.goto(detail)
        teacher.fill("#comment-body", "请确认单位地址。")
        teacher.click("form:has(#comment-body) button[type=submit]")
        teacher.wait_for_load_state()
        assert "审核中" in teacher.inner_text("main h1")
        hr.goto(live_server_url.url(SCHEMA, "/employer/"))
        assert "请确认单位地址" in hr.inner_text("#thread")
        hr.fill("#body", "地址为北京市海淀区示范路 1 号。")
        hr.click("form:has(#body) button[type=submit]")
        teacher.goto(detail)
        teacher.screenshot(path=f"{SHOTS}/employment_employer_review.png", full_page=True)
        teacher.click("#approve-employer")
        teacher.wait_for_load_state()
        assert "已通过" in teacher.inner_text("main h1")

        hr.goto(live_server_url.url(SCHEMA, "/employer/jobs/new/"))
        hr.fill("#title", "后端开发工程师")
        hr.fill("#headcount", "3")
        hr.fill("#conditions", "限男性，本科及以上学历，计算机相关专业。")
        hr.wait_for_selector("#lint-result.has-hits")
        assert "性别限制" in hr.inner_text("#lint-result")
        hr.fill("#duties", "负责后端服务的开发与维护。")
        hr.fill("#place_name", "北京市海淀区")
        hr.fill("#place_code", "110108")
        hr.fill("#salary_min", "9000")
        hr.fill("#salary_max", "16000")
        hr.fill("#valid_until", (timezone.localdate() + datetime.timedelta(days=30)).isoformat())
        hr.screenshot(path=f"{SHOTS}/employment_portal_job_flagged.png", full_page=True)
        hr.click("#submit-job")
        hr.wait_for_selector("#job-error")
        assert "反就业歧视" in hr.inner_text("#job-error")
        hr.fill("#conditions", "本科及以上学历，计算机相关专业，男女不限。")
        hr.wait_for_selector("#lint-result:not(.has-hits)")
        hr.click("#submit-job")
        hr.wait_for_url(re.compile(r"/employer/jobs/\d+/$"))
        assert "待审核" in hr.inner_text("#job-status")

        with schema_context(SCHEMA):
            job = Job.objects.get(employer=employer)
        teacher.goto(live_server_url.url(SCHEMA, f"/admin-ui/employment/jobs/{job.pk}/"))
        assert "第一个职位" in teacher.inner_text("main")
        teacher.click("#approve-job")
        teacher.wait_for_load_state()
        assert "已发布" in teacher.inner_text("#job-status")

        hr.goto(live_server_url.url(SCHEMA, "/employer/sessions/"))
        hr.fill("#title", "故事科技 2027 届宣讲会")
        hr.fill("#slot1_start", _local(start))
        hr.fill("input[name=slot1_end]", _local(start + datetime.timedelta(hours=2)))
        hr.click("#apply-session")
        hr.wait_for_load_state()
        with schema_context(SCHEMA):
            session = InfoSession.objects.get(employer=employer)
        teacher.goto(live_server_url.url(SCHEMA, f"/admin-ui/employment/sessions/{session.pk}/"))
        teacher.select_option("#venue", str(hall.pk))
        teacher.fill("#session_start", _local(start))
        teacher.fill("#session_end", _local(start + datetime.timedelta(hours=2)))
        teacher.click("#assign-session")
        teacher.wait_for_load_state()
        assert "待单位确认" in teacher.inner_text("#session-status")
        hr.goto(live_server_url.url(SCHEMA, "/employer/sessions/"))
        hr.click("#confirm-session")
        hr.wait_for_load_state()
        hr.screenshot(path=f"{SHOTS}/employment_portal_sessions.png", full_page=True)

        phone_page = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, device_scale_factor=2).new_page()
        phone_page.goto(live_server_url.url(SCHEMA, "/h5/login/"))
        phone_page.fill("#u", student.username)
        phone_page.fill("#p", PASSWORD)
        phone_page.click("button[type=submit]")
        phone_page.wait_for_load_state()
        phone_page.goto(live_server_url.url(SCHEMA, f"/h5/employment/sessions/{session.pk}/"))
        phone_page.click("#sign-up")
        phone_page.wait_for_url(re.compile(r"/h5/employment/sessions/mine/"))
        assert name in phone_page.inner_text("body")
        phone_page.screenshot(path=f"{SHOTS}/employment_h5_my_sessions.png", full_page=True)
        browser.close()

    with schema_context(SCHEMA):
        session.refresh_from_db()
        assert session.status == "published" and session.signups.filter(student=student).exists()
