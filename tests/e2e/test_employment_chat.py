"""Browser (E10 chat): a student asks about a job from the job page on the phone, the HR sees
the unread question in the employer portal on PC and answers, the student reads the answer."""

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
PASSWORD = "Chat-story-2026x"
SHOTS = os.environ.get("E2E_SCREENSHOTS", "/tmp")


def _setup(suffix: int):
    from core.testing.database import TEST_ADMIN_USERNAME
    from core.validators.china import credit_code_check_character
    from tenant_apps.accounts.models import User
    from tenant_apps.employment.employers.models import EmployerAccount
    from tenant_apps.employment.employers.services import employer_create
    from tenant_apps.employment.jobs.services import job_approve, job_save, job_submit
    from tests.tenant_apps.employment_employers.conftest import profile
    from tests.tenant_apps.employment_jobs.conftest import job_data

    with schema_context(SCHEMA):
        admin_user = User.objects.get(username=TEST_ADMIN_USERNAME)
        body = f"91110108MA{suffix:07d}"
        employer = employer_create(actor=admin_user, profile=profile(name=f"咨询科技{suffix}有限公司", credit_code=body + credit_code_check_character(body)))
        hr = User.objects.create_user(username=f"chat-hr-{suffix}", password=PASSWORD, kind="employer", display_name="招聘HR")
        EmployerAccount.objects.create(user=hr, employer=employer, is_primary=True)
        job = job_approve(actor=admin_user, job=job_submit(actor=hr, job=job_save(actor=hr, employer=employer, data=job_data(title=f"数据分析师{suffix}"))))
        student = User.objects.create_user(username=f"chat-stu-{suffix}", password=PASSWORD, kind="student", display_name="咨询同学")
    return hr, job, student


def test_student_asks_on_h5_and_hr_answers_in_portal(live_server_url, live_db):
    from playwright.sync_api import sync_playwright

    suffix = uuid.uuid4().int % 10**7
    hr, job, student = _setup(suffix)
    question, answer = "请问这个岗位接受非计算机专业吗？", "接受的，统计学、数学专业都欢迎。"

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, device_scale_factor=2).new_page()
        phone.goto(live_server_url.url(SCHEMA, "/h5/login/"))
        phone.fill("#u", student.username)
        phone.fill("#p", PASSWORD)
        phone.click("button[type=submit]")
        phone.wait_for_load_state()
        phone.goto(live_server_url.url(SCHEMA, f"/h5/employment/jobs/{job.pk}/"))
        phone.click("#ask-hr")
        phone.wait_for_url(re.compile(r"/h5/employment/chat/\d+/"))
        phone.fill("textarea[name=body]", question)
        phone.click("#send")
        phone.wait_for_load_state()
        assert question in phone.inner_text("#chat-log")

        pc = browser.new_context(viewport={"width": 1366, "height": 900}).new_page()
        pc.goto(live_server_url.url(SCHEMA, "/employer/login/"))
        pc.fill("#username", hr.username)
        pc.fill("#password", PASSWORD)
        pc.click("button[type=submit]")
        pc.wait_for_load_state()
        pc.click("#nav-chat")
        assert pc.inner_text("#unread-total") == "1"
        pc.screenshot(path=f"{SHOTS}/chat_portal_list_1366.png", full_page=True)
        pc.click("#conversations a")
        assert question in pc.inner_text("#chat-log")
        pc.fill("textarea[name=body]", answer)
        pc.click("#send")
        pc.wait_for_load_state()
        assert answer in pc.inner_text("#chat-log")
        pc.set_viewport_size({"width": 1920, "height": 1000})
        pc.screenshot(path=f"{SHOTS}/chat_portal_conversation_1920.png", full_page=True)
        pc.set_viewport_size({"width": 1366, "height": 900})
        pc.screenshot(path=f"{SHOTS}/chat_portal_conversation_1366.png", full_page=True)

        phone.goto(live_server_url.url(SCHEMA, "/h5/employment/chat/"))
        assert answer in phone.inner_text("#conversations")
        phone.screenshot(path=f"{SHOTS}/chat_h5_list_390.png", full_page=True)
        phone.click("#conversations a")
        assert answer in phone.inner_text("#chat-log")
        phone.screenshot(path=f"{SHOTS}/chat_h5_conversation_390.png", full_page=True)
        phone.click("#report summary")
        phone.select_option("#report select[name=reason]", "fees")
        phone.once("dialog", lambda dialog: dialog.accept())
        phone.click("#report button[type=submit]")
        phone.wait_for_load_state()
        assert "举报已提交" in phone.inner_text("body")

        from core.testing.database import TEST_ADMIN_PASSWORD, TEST_ADMIN_USERNAME

        teacher = browser.new_context(viewport={"width": 1920, "height": 1000}).new_page()
        teacher.goto(live_server_url.url(SCHEMA, "/admin-ui/login/"))
        teacher.fill("#id_username", TEST_ADMIN_USERNAME)
        teacher.fill("#id_password", TEST_ADMIN_PASSWORD)
        teacher.click("button[type=submit]")
        teacher.wait_for_load_state()
        teacher.goto(live_server_url.url(SCHEMA, "/admin-ui/employment/chat/reports/"))
        teacher.click(f"#reported a:has-text('{job.title}')")
        assert question in teacher.inner_text("body") and answer in teacher.inner_text("body")
        teacher.screenshot(path=f"{SHOTS}/chat_backoffice_report_1920.png", full_page=True)
        browser.close()

    with schema_context(SCHEMA):
        from tenant_apps.employment.chat.models import Conversation

        conversation = Conversation.objects.get(job=job, student=student)
        assert conversation.messages.count() == 2 and conversation.student_unread == 0 and conversation.employer_unread == 0
