"""Browser (E9, E12, E21): a student states intentions on a phone, sees recommended jobs with
the reasons and opens one; answers a survey whose skip logic hides questions; a teacher sees
the intention statistics, the survey results and the student statistics on PC.
Screenshots in /tmp/shots-h6/ (390, 1366 and 1920 px)."""

from __future__ import annotations

import os
import re
import uuid

import pytest
from django_tenants.utils import schema_context

from core.testing.browser import CHROMIUM_ARGS
from core.testing.database import TEST_ADMIN_PASSWORD

pytestmark = pytest.mark.e2e
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

SCHEMA = "live"
PASSWORD = "Recommend-story-2026x"
SHOTS = os.environ.get("E2E_SCREENSHOTS", "/tmp/shots-h6")


def _setup(suffix: int):
    from core.testing.database import TEST_ADMIN_USERNAME
    from core.validators.china import credit_code_check_character
    from tenant_apps.accounts.models import User
    from tenant_apps.employment.employers.services import employer_create
    from tests.tenant_apps.employment_employers.conftest import profile
    from tests.tenant_apps.employment_recommend.conftest import live_job
    from tests.tenant_apps.employment_students.conftest import make_cohort
    from tests.tenant_apps.employment_surveys.conftest import build_survey

    with schema_context(SCHEMA):
        # The live tenant's admin is shared by every browser test: its password is never changed.
        admin = User.objects.get(username=TEST_ADMIN_USERNAME)
        body = f"91110108MA{suffix:07d}"
        employer = employer_create(actor=admin, profile=profile(name=f"推荐科技{suffix}有限公司", credit_code=body + credit_code_check_character(body)))
        job = live_job(employer, title=f"Java 开发工程师{suffix}", majors="软件工程", place_code="330106", place_name="杭州市西湖区", salary_min=9000,
                       salary_max=15000)
        live_job(employer, title=f"测试工程师{suffix}", majors="软件工程", place_code="110108", place_name="北京市海淀区")
        record = make_cohort(admin, 1, major="软件工程", class_name=f"软工{suffix % 10000}")[0]
        record.user.set_password(PASSWORD)
        record.user.save(update_fields=["password"])
        survey, questions = build_survey(admin)
    return admin, job, record, survey, questions


def test_student_recommendations_and_survey_then_teacher_statistics(live_server_url, live_db):
    from playwright.sync_api import expect, sync_playwright

    from tenant_apps.employment.recommend.services import recommendations_recompute

    suffix = uuid.uuid4().int % 10**7
    admin, job, record, survey, questions = _setup(suffix)
    os.makedirs(SHOTS, exist_ok=True)
    server = live_server_url
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, device_scale_factor=2).new_page()
        phone.on("dialog", lambda dialog: dialog.accept())
        errors: list[str] = []
        phone.on("pageerror", lambda exc: errors.append(str(exc)))
        phone.goto(server.url(SCHEMA, "/h5/login/"))
        phone.fill("#u", record.user.username)
        phone.fill("#p", PASSWORD)
        phone.click("button[type=submit]")
        phone.wait_for_load_state()

        phone.goto(server.url(SCHEMA, "/h5/employment/recommend/intention/"))
        phone.locator("label:has(input[name=job_kinds][value=full_time])").click()  # WeUI hides the box itself
        phone.fill("input[name=job_types]", "Java 开发")
        phone.select_option("select[name=city_codes]", ["330100"])
        phone.fill("input[name=salary_floor]", "8000")
        phone.screenshot(path=f"{SHOTS}/h5-intention-390.png", full_page=True)
        phone.click("#intention-form button[type=submit]")
        phone.wait_for_url(re.compile(r"/h5/employment/recommend/$"))
        with schema_context(SCHEMA):  # what the worker does after the save commits
            recommendations_recompute(student_ids=[record.user_id])
        phone.reload()
        card = phone.locator(f"[data-recommendation='{job.pk}']")
        expect(card.locator("[data-reasons]")).to_have_text("推荐理由：专业匹配：软件工程；意向职位：Java 开发；意向城市：杭州；求职类型：全职；薪资不低于你的期望")
        phone.screenshot(path=f"{SHOTS}/h5-recommend-390.png", full_page=True)
        card.click()
        phone.wait_for_url(re.compile(rf"/h5/employment/jobs/{job.pk}/\?from=recommend$"))

        q1, q2, q3, q4, _q5 = questions
        phone.goto(server.url(SCHEMA, f"/h5/employment/surveys/{survey.pk}/"))
        expect(phone.locator(f"[data-question='{q2.pk}']")).to_be_visible()
        phone.locator(f"label:has(input[name=q{q1.pk}][value='2'])").click()  # 未就业 jumps to question 4
        expect(phone.locator(f"[data-question='{q2.pk}']")).to_be_hidden()
        expect(phone.locator(f"[data-question='{q3.pk}']")).to_be_hidden()
        phone.locator(f"label:has(input[name=q{q4.pk}][value='1'])").click()
        phone.screenshot(path=f"{SHOTS}/h5-survey-390.png", full_page=True)
        phone.click("#survey-form button[type=submit]")
        expect(phone.locator("#survey-done")).to_be_visible()
        assert not errors, errors

        for width in (1366, 1920):
            page = browser.new_page(viewport={"width": width, "height": 900})
            page.goto(server.url(SCHEMA, "/admin-ui/login/"))
            page.fill("input[name=username]", admin.username)
            page.fill("input[name=password]", TEST_ADMIN_PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_url(re.compile(r"/admin-ui/"))
            page.goto(server.url(SCHEMA, "/admin-ui/employment/recommend/?year="))
            expect(page.locator("[data-stat=stated]")).not_to_have_text("0")
            page.screenshot(path=f"{SHOTS}/bo-intentions-{width}.png", full_page=True)
            page.goto(server.url(SCHEMA, f"/admin-ui/employment/surveys/{survey.pk}/results/"))
            expect(page.locator("[data-stat=responses]")).not_to_have_text("0")
            page.screenshot(path=f"{SHOTS}/bo-survey-results-{width}.png", full_page=True)
            page.goto(server.url(SCHEMA, f"/admin-ui/employment/surveys/{survey.pk}/"))
            page.screenshot(path=f"{SHOTS}/bo-survey-builder-{width}.png", full_page=True)
            page.goto(server.url(SCHEMA, "/admin-ui/employment/statistics/students/?year="))
            page.screenshot(path=f"{SHOTS}/bo-student-statistics-{width}.png", full_page=True)
            page.close()
        browser.close()
