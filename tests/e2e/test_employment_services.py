"""Browser (E8, E9, E15): a student on a phone (390 px) fills a resume, applies to a
recommended job and sees why it was recommended; the employer's HR opens the resume in the
portal (recorded as viewed) and invites to interview; the student's tracker shows each step;
a teacher comments on the resume and sees the revision side by side. Screenshots at 390, 1366
and 1920 px go to $E2E_SCREENSHOTS (default /tmp)."""

from __future__ import annotations

import datetime
import os
import re
import uuid

import pytest
from django.apps import apps
from django.utils import timezone
from django_tenants.utils import schema_context

from core.testing.browser import CHROMIUM_ARGS

pytestmark = pytest.mark.e2e
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

SCHEMA = "live"
PASSWORD = "Resume-story-2026x"
SHOTS = os.environ.get("E2E_SCREENSHOTS", "/tmp")
RECOMMEND = "tenant_apps.employment.recommend"


def _setup(suffix: int):
    from core.testing.database import TEST_ADMIN_USERNAME
    from core.validators.china import credit_code_check_character
    from tenant_apps.accounts.models import User
    from tenant_apps.employment.employers.models import EmployerAccount
    from tenant_apps.employment.employers.services import employer_create
    from tenant_apps.employment.jobs.services import job_approve, job_save, job_submit
    from tenant_apps.employment.students.models import GraduateRecord
    from tenant_apps.employment.students.services import class_unit_ensure
    from tests.tenant_apps.employment_employers.conftest import profile
    from tests.tenant_apps.employment_jobs.conftest import job_data

    with schema_context(SCHEMA):
        admin_user = User.objects.get(username=TEST_ADMIN_USERNAME)
        body = f"91110108MB{suffix:07d}"
        employer = employer_create(actor=admin_user, profile=profile(name=f"简历科技{suffix}有限公司", credit_code=body + credit_code_check_character(body)))
        hr = User.objects.create_user(username=f"res-hr-{suffix}", password=PASSWORD, kind="employer", display_name="招聘HR")
        EmployerAccount.objects.create(user=hr, employer=employer, is_primary=True)
        job = job_approve(actor=admin_user, job=job_submit(actor=hr, job=job_save(actor=hr, employer=employer, data=job_data(
            title=f"后端开发工程师{suffix}", majors="软件工程", place_code="330106", place_name="浙江省杭州市西湖区"))))
        unit = class_unit_ensure(college="计算机学院", major="软件工程", major_code="080902", class_name=f"软工E2E{suffix % 1000}")
        student = User.objects.create_user(username=f"res-stu-{suffix}", password=PASSWORD, kind="student", display_name="简历同学", org_unit=unit)
        GraduateRecord.objects.create(graduation_year=timezone.localdate().year + 1, student_number=f"E{suffix:09d}", name="简历同学",
                                      id_number="110105200401010011", gender="2", ethnicity="01", political_status="03", education="31",
                                      major_code="080902", major_name="软件工程", origin_region="330106", phone=f"137{suffix:08d}",
                                      email=f"e{suffix}@example.com", org_unit=unit, user=student)
        recommended = False
        if apps.is_installed(RECOMMEND):
            from tenant_apps.employment.recommend.selectors import recommendation_for
            from tenant_apps.employment.recommend.services import recommendations_recompute

            recommendations_recompute(student_ids=[student.pk])
            recommended = recommendation_for(student=student, job_id=job.pk) is not None
    return hr, job, student, recommended


def test_resume_application_interview_and_guidance(live_server_url, live_db):
    from playwright.sync_api import sync_playwright

    from core.testing.database import TEST_ADMIN_PASSWORD, TEST_ADMIN_USERNAME

    suffix = uuid.uuid4().int % 10**7
    hr, job, student, recommended = _setup(suffix)
    interview_at = (timezone.localtime() + datetime.timedelta(days=3)).replace(hour=14, minute=30, second=0, microsecond=0)

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, device_scale_factor=2).new_page()
        phone.goto(live_server_url.url(SCHEMA, "/h5/login/"))
        phone.fill("#u", student.username)
        phone.fill("#p", PASSWORD)
        phone.click("button[type=submit]")
        phone.wait_for_load_state()

        # 1. A resume: personal data from the graduate record, the sections typed on the phone.
        phone.goto(live_server_url.url(SCHEMA, "/h5/employment/resumes/"))
        phone.fill("#new-resume input[name=title]", "后端开发-校招")
        phone.click("#create-resume")
        phone.wait_for_url(re.compile(r"/h5/employment/resumes/\d+/edit/"))
        assert "简历同学" in phone.inner_text("#resume-profile") and "软件工程" in phone.inner_text("#resume-profile")
        assert "软件工程" in phone.input_value("#f-education")  # prefilled from the record
        phone.fill("#f-objective", "后端开发工程师（杭州）")
        phone.fill("#f-internships", "2025.07-2025.09 杭州某科技公司 后端实习生\n- 负责订单接口开发")
        phone.fill("#f-skills", "Python、Django、PostgreSQL")
        phone.fill("#f-self_assessment", "认真负责，喜欢钻研。")
        phone.screenshot(path=f"{SHOTS}/resume_h5_edit_390.png", full_page=True)
        phone.click("#save-resume")
        phone.wait_for_url(re.compile(r"/h5/employment/resumes/\d+/$"))
        assert "已保存" in phone.inner_text("body") and "已完善" in phone.inner_text(".h5-header")
        phone.screenshot(path=f"{SHOTS}/resume_h5_detail_390.png", full_page=True)
        resume_url = phone.url

        # 2. A recommended job, with the reasons; apply from its page.
        if recommended:
            phone.goto(live_server_url.url(SCHEMA, "/h5/employment/recommend/"))
            card = phone.locator(f"a[href*='/h5/employment/jobs/{job.pk}/']").first
            reasons = card.locator("[data-reasons]").inner_text()
            assert "专业" in reasons, reasons  # why it was recommended
            phone.screenshot(path=f"{SHOTS}/resume_h5_recommend_390.png", full_page=True)
            card.click()
        else:  # recommendation not installed in this build: the job list instead
            phone.goto(live_server_url.url(SCHEMA, f"/h5/employment/jobs/?q={job.title}"))
            phone.click(f"a[href*='/h5/employment/jobs/{job.pk}/']")
        phone.wait_for_url(re.compile(rf"/h5/employment/jobs/{job.pk}/"))
        phone.click("#apply")
        phone.wait_for_url(re.compile(r"/h5/employment/applications/apply/\d+/"))
        if recommended:  # the reasons again where the student decides to apply
            assert reasons in phone.inner_text("#why-recommended")
        phone.fill("textarea[name=cover_note]", "您好，期待加入。")
        phone.screenshot(path=f"{SHOTS}/resume_h5_apply_390.png", full_page=True)
        phone.click("#submit-application")
        phone.wait_for_url(re.compile(r"/h5/employment/applications/\d+/"))
        application_url = phone.url
        assert [k for k in phone.locator("#tracker li").evaluate_all("els => els.map(e => e.dataset.kind)")] == ["submitted"]

        # 3. HR opens the resume on PC (recorded as viewed) and invites to interview.
        pc = browser.new_context(viewport={"width": 1366, "height": 900}).new_page()
        pc.goto(live_server_url.url(SCHEMA, "/employer/login/"))
        pc.fill("#username", hr.username)
        pc.fill("#password", PASSWORD)
        pc.click("button[type=submit]")
        pc.wait_for_load_state()
        pc.click("#nav-applications")
        pc.fill("#filters input[name=major]", "软件")
        pc.click("#filters button[type=submit]")
        pc.wait_for_load_state()
        assert "简历同学" in pc.inner_text("#applicants")
        pc.screenshot(path=f"{SHOTS}/applications_portal_list_1366.png", full_page=True)
        pc.click("#applicants a:has-text('简历同学')")
        pc.wait_for_url(re.compile(r"/employer/applications/\d+/"))
        assert "认真负责，喜欢钻研。" in pc.inner_text(".app-resume") and pc.inner_text("#status") == "已查看"
        pc.select_option("#decide-form select[name=decision]", "interview")
        pc.fill("#decide-form input[name=interview_at]", interview_at.strftime("%Y-%m-%dT%H:%M"))
        pc.fill("#decide-form input[name=interview_place]", "杭州总部 5 楼 501")
        pc.fill("#decide-form input[name=interview_link]", "https://meet.example.com/r/abc")
        pc.click("#decide-submit")
        pc.wait_for_load_state()
        assert pc.inner_text("#status") == "邀请面试"
        pc.set_viewport_size({"width": 1920, "height": 1000})
        pc.screenshot(path=f"{SHOTS}/applications_portal_detail_1920.png", full_page=True)

        # 4. The student's tracker: delivered, viewed, invited (with time and place).
        phone.goto(application_url)
        kinds = phone.locator("#tracker li").evaluate_all("els => els.map(e => e.dataset.kind)")
        assert kinds == ["interview", "viewed", "submitted"], kinds  # newest first, like a parcel tracker
        tracker = phone.inner_text("#tracker")
        assert "杭州总部 5 楼 501" in tracker and interview_at.strftime("%Y-%m-%d %H:%M") in tracker
        assert phone.inner_text("#status") == "邀请面试"
        phone.screenshot(path=f"{SHOTS}/applications_h5_tracker_390.png", full_page=True)
        phone.goto(live_server_url.url(SCHEMA, "/h5/employment/applications/"))
        assert job.title in phone.inner_text("#applications")
        phone.screenshot(path=f"{SHOTS}/applications_h5_list_390.png", full_page=True)
        phone.goto(live_server_url.url(SCHEMA, f"/h5/employment/jobs/employers/{job.employer_id}/"))
        assert "简历处理情况" in phone.inner_text("#employer-responsiveness")
        pc.set_viewport_size({"width": 390, "height": 844})
        pc.goto(live_server_url.url(SCHEMA, "/employer/applications/"))
        pc.screenshot(path=f"{SHOTS}/applications_portal_list_390.png", full_page=True)

        # 5. A teacher comments on a section; the student revises; both see the versions side by side.
        teacher = browser.new_context(viewport={"width": 1920, "height": 1000}).new_page()
        teacher.goto(live_server_url.url(SCHEMA, "/admin-ui/login/"))
        teacher.fill("#id_username", TEST_ADMIN_USERNAME)
        teacher.fill("#id_password", TEST_ADMIN_PASSWORD)
        teacher.click("button[type=submit]")
        teacher.wait_for_load_state()
        resume_pk = re.search(r"/resumes/(\d+)/", resume_url).group(1)
        teacher.goto(live_server_url.url(SCHEMA, f"/admin-ui/employment/resumes/{resume_pk}/"))
        teacher.fill("textarea[name=comment_self_assessment]", "请结合实习经历举例说明。")
        teacher.click("#send-guidance")
        teacher.wait_for_load_state()
        assert "已提交 1 条修改建议" in teacher.inner_text("body")
        teacher.screenshot(path=f"{SHOTS}/resume_backoffice_guidance_1920.png", full_page=True)

        phone.goto(resume_url)
        assert "请结合实习经历举例说明。" in phone.inner_text("#guidance ~ .resume-paper, .resume-paper")
        phone.click("#edit-resume")
        phone.fill("#f-self_assessment", "认真负责，喜欢钻研。\n实习中独立完成订单接口，上线后零故障。")
        phone.click("#save-resume")
        phone.wait_for_url(re.compile(r"/h5/employment/resumes/\d+/$"))
        phone.goto(resume_url + "versions/")
        diff = phone.inner_text("section[data-section=self_assessment]")
        assert "实习中独立完成订单接口，上线后零故障。" in diff and "请结合实习经历举例说明。" in diff and "已修改" in diff
        phone.screenshot(path=f"{SHOTS}/resume_h5_versions_390.png", full_page=True)

        teacher.goto(live_server_url.url(SCHEMA, f"/admin-ui/employment/resumes/{resume_pk}/versions/"))
        assert "上线后零故障" in teacher.inner_text("#resume-diff")
        teacher.set_viewport_size({"width": 1366, "height": 900})
        teacher.screenshot(path=f"{SHOTS}/resume_backoffice_versions_1366.png", full_page=True)
        teacher.goto(live_server_url.url(SCHEMA, "/admin-ui/employment/applications/?q=简历同学"))
        assert job.title in teacher.inner_text("#applications")
        teacher.screenshot(path=f"{SHOTS}/applications_backoffice_list_1366.png")
        teacher.goto(live_server_url.url(SCHEMA, "/admin-ui/employment/resumes/?guidance=open"))
        teacher.screenshot(path=f"{SHOTS}/resume_backoffice_list_1366.png")
        browser.close()

    with schema_context(SCHEMA):
        from tenant_apps.employment.applications.models import Application

        application = Application.objects.get(job=job, student=student)
        assert application.status == "interview" and application.views.count() >= 1 and application.interview_place == "杭州总部 5 楼 501"
        assert (application.resume_version.number, application.resume_version.resume.current_version.number) == (2, 3)  # the employer keeps what it received
