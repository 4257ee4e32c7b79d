"""Browser: a member of a group the bureau lets apply submits a project with an attachment from
the back office; a supervisor (default group 监督人) finds it among pending applications and
approves it with a note; the applicant then sees the decision and has an in-app letter."""

from __future__ import annotations

import os
import re
import uuid

import pytest
from django_tenants.utils import schema_context

from core.testing.browser import CHROMIUM_ARGS

pytestmark = pytest.mark.e2e
# Playwright's sync API runs an event loop in this thread; the test reads committed rows between steps.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PASSWORD = "E2e-panels-2024"


def _users(suffix: str):
    from django.contrib.auth.models import Group

    from tenant_apps.accounts.models import User
    from tenant_apps.experts.panels.selectors import panel_settings

    with schema_context("live"):
        group = Group.objects.create(name=f"项目申请人{suffix}")
        panel_settings().applicant_groups.add(group)
        applicant = User.objects.create_user(username=f"apply{suffix}", password=PASSWORD, kind="staff", display_name=f"申请人{suffix}")
        applicant.groups.add(group)
        supervisor = User.objects.create_user(username=f"super{suffix}", password=PASSWORD, kind="staff", display_name=f"监督人{suffix}")
        supervisor.groups.add(Group.objects.get(name="监督人"))  # a default group of every tenant with the expert module
        return applicant, supervisor


def _watch(page, errors: list[str]) -> None:
    """Script errors and failed requests (the browser's own favicon probe aside)."""
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 and not r.url.endswith("/favicon.ico") else None)


def _login(page, base: str, username: str) -> None:
    page.goto(base + "login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/admin-ui/$"))


def test_applicant_submits_a_project_and_a_supervisor_approves_it(live_server_url, live_db, tmp_path):
    from playwright.sync_api import expect, sync_playwright

    from tenant_apps.experts.panels.models import Project
    from tenant_apps.messaging.models import Letter

    suffix = uuid.uuid4().hex[:6]
    applicant, supervisor = _users(suffix)
    title = f"浏览器申请项目{suffix}"
    attachment = tmp_path / "评审材料.pdf"
    attachment.write_bytes(b"%PDF-1.4\n% e2e\n")
    base = live_server_url.url("live", "/admin-ui/")

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        try:
            errors: list[str] = []

            # The applicant: the menu entry, the form with a file, the pending application.
            applicant_page = browser.new_context(viewport={"width": 1400, "height": 900}).new_page()
            _watch(applicant_page, errors)
            _login(applicant_page, base, applicant.username)
            applicant_page.click("nav.sidebar >> text=我的项目申请")
            expect(applicant_page.locator(".empty")).to_contain_text("您还没有提交过项目申请")
            applicant_page.click("#apply-link")
            applicant_page.fill("#a-title", title)
            applicant_page.fill("#a-owner", "市水务集团")
            applicant_page.fill("#a-related", "甲设计院，乙施工")
            applicant_page.fill("#a-opens", "2030-06-01T09:30")
            applicant_page.fill("#a-location", "二楼会议室")
            applicant_page.fill("#a-desc", "需要给排水专家 3 人")
            applicant_page.set_input_files("#a-files", str(attachment))
            applicant_page.screenshot(path="/tmp/e2e-panels-application-form.png", full_page=True)
            applicant_page.click("#application-submit")
            expect(applicant_page.locator("#application-status")).to_have_text("待审核")
            expect(applicant_page.locator("main")).to_contain_text("评审材料.pdf")
            applicant_page.screenshot(path="/tmp/e2e-panels-application-pending.png", full_page=True)

            # The supervisor: pending applications, the project page, approve with a note.
            supervisor_page = browser.new_context(viewport={"width": 1400, "height": 900}).new_page()
            supervisor_page.on("dialog", lambda dialog: dialog.accept())  # hx-confirm on approval
            _watch(supervisor_page, errors)
            _login(supervisor_page, base, supervisor.username)
            supervisor_page.click("nav.sidebar >> text=抽取项目")
            supervisor_page.click("#pending-applications")
            supervisor_page.click(f"text={title}")
            expect(supervisor_page.locator(".page-head")).to_contain_text("项目申请")
            expect(supervisor_page.locator("main")).to_contain_text(f"申请人 申请人{suffix}")
            supervisor_page.fill("input[name=note]", "同意，请尽快抽取")
            supervisor_page.screenshot(path="/tmp/e2e-panels-application-review.png", full_page=True)
            supervisor_page.click("button[value=approve]")
            expect(supervisor_page.locator("#project-status")).to_have_text("已审核")

            # The applicant sees the decision and has a letter.
            applicant_page.reload()
            expect(applicant_page.locator("#application-status")).to_have_text("已审核")
            expect(applicant_page.locator("#review-note")).to_have_text("同意，请尽快抽取")
            applicant_page.screenshot(path="/tmp/e2e-panels-application-approved.png", full_page=True)
            assert not errors, errors
        finally:
            browser.close()

    with schema_context("live"):
        project = Project.objects.get(title=title)
        assert (project.status, project.source, project.created_by_id, project.approved_by_id) == ("approved", "application", applicant.pk, supervisor.pk)
        assert project.attachments.get().original_name == "评审材料.pdf"
        assert Letter.objects.filter(user=applicant, title=f"项目申请已通过：{title}").exists()
        assert Letter.objects.filter(user=supervisor, title=f"新的项目申请：{title}").exists()
