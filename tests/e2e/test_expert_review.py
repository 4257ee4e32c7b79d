"""Browser: a panel expert scores a submission on the phone (running total, conflict
declaration, submit → locked), then staff read the summary table and the panorama block."""

from __future__ import annotations

import datetime
import os
import re
import uuid
from decimal import Decimal

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from core.testing.browser import CHROMIUM_ARGS

pytestmark = pytest.mark.e2e
# Playwright's sync API runs an event loop in this thread; the test reads committed rows between steps.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PASSWORD = "Review-pass-2024"


def _open_review(suffix: int):
    """A live-tenant project whose two experts (with accounts) accepted, and its published
    review: two indicators (60 + 40), two submissions, open since an hour ago."""
    from core.testing.database import TEST_ADMIN_USERNAME
    from tenant_apps.accounts.models import User
    from tenant_apps.experts.models import Expert
    from tenant_apps.experts.panels.services import (
        ProjectInput,
        draw_manual,
        member_respond,
        project_create,
        project_review,
    )
    from tenant_apps.experts.review import services
    from tenant_apps.experts.services import ExpertInput, expert_create
    from tests.tenant_apps.experts_panels.conftest import second_approver

    with schema_context("live"):
        admin = User.objects.get(username=TEST_ADMIN_USERNAME)
        experts = []
        for n in range(2):
            expert = expert_create(actor=None, notify=False, create_account=True,
                                   data=ExpertInput(name=f"网评专家{suffix % 1000}{n}", phone=f"159{(suffix + n) % 10**8:08d}", employer=f"网评单位{n}", title="教授"))
            Expert.objects.filter(pk=expert.pk).update(status="approved", approved_at=timezone.now())
            expert.user.set_password(PASSWORD)
            expert.user.save(update_fields=["password"])
            experts.append(expert)
        project = project_create(actor=admin, data=ProjectInput(title=f"网评测试项目{suffix}", owner_unit="甲单位", opens_at=timezone.now() + datetime.timedelta(days=3)))
        project = project_review(actor=second_approver(), project=project, approve=True)  # not the creator (管用分离)
        day = timezone.localdate() + datetime.timedelta(days=3)
        draw = draw_manual(actor=admin, project=project, expert_ids=[e.pk for e in experts], work_start=day, work_end=day, reason="浏览器测试")
        for member in draw.members.all():
            member_respond(member=member, accept=True, channel="staff", actor=admin)
        now = timezone.now()
        review = services.setup_create(actor=admin, project=project, data=services.SetupInput(opens_at=now - datetime.timedelta(hours=1),
                                                                                             closes_at=now + datetime.timedelta(days=2), instructions="请独立评分。"))
        services.indicators_replace(actor=admin, setup=review, rows=[services.IndicatorInput(name="技术方案", max_score=Decimal(60), description="完整性、可行性"),
                                                                    services.IndicatorInput(name="实施能力", max_score=Decimal(40))])
        for title in ("甲方案", "乙方案"):
            services.submission_create(actor=admin, setup=review, data=services.SubmissionInput(title=title, unit=f"{title}单位"))
        services.setup_publish(actor=admin, setup=review, notify=False)
        return project, review, [e.user.username for e in experts]


def test_expert_scores_and_staff_read_the_summary(live_server_url, live_db):
    from playwright.sync_api import expect, sync_playwright

    from core.testing.database import TEST_ADMIN_PASSWORD, TEST_ADMIN_USERNAME

    suffix = uuid.uuid4().int % 10**7
    project, review, usernames = _open_review(suffix)

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        try:
            errors: list[str] = []
            phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, device_scale_factor=2).new_page()
            phone.on("dialog", lambda dialog: dialog.accept())
            phone.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
            phone.goto(live_server_url.url("live", "/h5/login/?next=/h5/review/"))
            phone.fill("#u", usernames[0])
            phone.fill("#p", PASSWORD)
            phone.click("button[type=submit]")
            phone.wait_for_url(re.compile(r"/h5/review/$"))
            phone.get_by_text(project.title).click()
            phone.wait_for_url(re.compile(rf"/h5/review/{review.pk}/$"))
            phone.screenshot(path="/tmp/e2e-review-h5-detail.png", full_page=True)
            phone.get_by_text("甲方案").first.click()
            phone.wait_for_url(re.compile(r"/submissions/\d+/$"))
            inputs = phone.locator("#score-form input[type=number]")
            inputs.nth(0).fill("52.5")
            inputs.nth(1).fill("30")
            expect(phone.locator("#score-total")).to_have_text("82.5")
            phone.fill("#comment", "方案完整，可行。")
            phone.check("input[name=declared_no_conflict]")
            phone.screenshot(path="/tmp/e2e-review-h5-score.png", full_page=True)
            phone.click("#submit-sheet")
            phone.wait_for_url(re.compile(r"\?saved=submitted"))
            expect(phone.locator("#sheet-status")).to_have_text("已提交")
            expect(phone.locator("#score-form")).to_have_count(0)

            desk = browser.new_context(viewport={"width": 1400, "height": 900})
            desk_page = desk.new_page()
            desk_page.goto(live_server_url.url("live", "/h5/login/"))
            desk_page.fill("#u", usernames[1])
            desk_page.fill("#p", PASSWORD)
            desk_page.click("button[type=submit]")
            desk_page.wait_for_load_state()
            desk_page.goto(live_server_url.url("live", f"/h5/review/{review.pk}/"))
            desk_page.get_by_text("甲方案").first.click()
            desk_page.wait_for_url(re.compile(r"/submissions/\d+/$"))
            desk_page.screenshot(path="/tmp/e2e-review-pc-score.png", full_page=True)

            admin = browser.new_context(viewport={"width": 1400, "height": 900}).new_page()
            admin.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
            admin.goto(live_server_url.url("live", "/admin-ui/login/"))
            admin.fill("#id_username", TEST_ADMIN_USERNAME)
            admin.fill("#id_password", TEST_ADMIN_PASSWORD)
            admin.click("button[type=submit]")
            admin.wait_for_url(re.compile(r"/admin-ui/$"))
            admin.goto(live_server_url.url("live", f"/admin-ui/review/{review.pk}/summary/"))
            expect(admin.locator("#summary-table")).to_contain_text("82.50")
            admin.screenshot(path="/tmp/e2e-review-summary.png", full_page=True)
            admin.goto(live_server_url.url("live", f"/admin-ui/review/{review.pk}/progress/"))
            admin.screenshot(path="/tmp/e2e-review-progress.png", full_page=True)
            admin.goto(live_server_url.url("live", f"/admin-ui/panels/{project.pk}/"))
            expect(admin.locator("#review-block")).to_contain_text("完成 1 / 4")
            assert not [e for e in errors if "Content Security Policy" in e or "Refused" in e], errors
        finally:
            browser.close()
