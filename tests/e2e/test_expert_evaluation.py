"""Browser: staff set up indicators (the live total reaches 100), score the attending panel of a
reviewed project row by row, see the total, and find the scores on the expert's panorama and in
the flags raised by a rule."""

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



def _reviewed_project(suffix: int):
    """A project in the live tenant whose two manually assigned experts accepted and whose review began an hour ago;
    the experts in panel order."""
    from core.testing.database import TEST_ADMIN_USERNAME
    from tenant_apps.accounts.models import User
    from tenant_apps.experts.evaluation.services import RuleInput, rule_save
    from tenant_apps.experts.models import Expert
    from tenant_apps.experts.panels.models import Project
    from tenant_apps.experts.panels.services import (
        ProjectInput,
        draw_manual,
        member_respond,
        project_create,
        project_review,
    )
    from tenant_apps.experts.services import ExpertInput, expert_create
    from tests.tenant_apps.experts_panels.conftest import second_approver

    with schema_context("live"):
        admin = User.objects.get(username=TEST_ADMIN_USERNAME)
        experts = []
        for n in range(2):
            expert = expert_create(actor=None, notify=False, create_account=False,
                                   data=ExpertInput(name=f"评价专家{suffix % 1000}{n}", phone=f"158{(suffix + n) % 10**8:08d}", employer=f"评价单位{n}", title="教授"))
            Expert.objects.filter(pk=expert.pk).update(status="approved", approved_at=timezone.now())
            experts.append(expert)
        project = project_create(actor=admin, data=ProjectInput(title=f"评价测试项目{suffix}", owner_unit="甲单位", opens_at=timezone.now() + datetime.timedelta(days=3)))
        project = project_review(actor=second_approver(), project=project, approve=True)  # not the creator (管用分离)
        day = timezone.localdate()
        draw = draw_manual(actor=admin, project=project, expert_ids=[e.pk for e in experts], work_start=day, work_end=day, reason="浏览器测试")
        for member in draw.members.all():
            member_respond(member=member, accept=True, channel="staff", actor=admin)
        Project.objects.filter(pk=project.pk).update(opens_at=timezone.now() - datetime.timedelta(hours=1))
        rule_save(actor=admin, data=RuleInput(name=f"偏低{suffix}", outcome="remove", condition="average_below", threshold=Decimal("60"), min_reviews=1))
        return project, [m.expert for m in draw.members.select_related("expert").order_by("row")]


def test_staff_score_a_reviewed_panel(live_server_url, live_db):
    from playwright.sync_api import expect, sync_playwright

    from core.testing.database import TEST_ADMIN_PASSWORD, TEST_ADMIN_USERNAME

    suffix = uuid.uuid4().int % 10**7
    project, experts = _reviewed_project(suffix)
    base = live_server_url.url("live", "/admin-ui/")

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        try:
            page = browser.new_context(viewport={"width": 1400, "height": 900}).new_page()
            page.on("dialog", lambda dialog: dialog.accept())
            errors: list[str] = []
            page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
            page.goto(base + "login/")
            page.fill("#id_username", TEST_ADMIN_USERNAME)
            page.fill("#id_password", TEST_ADMIN_PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_url(re.compile(r"/admin-ui/$"))

            # Indicators: the running total follows the inputs; saving and enabling.
            page.goto(base + "evaluation/indicators/new/")
            page.fill("input[name=name]", f"浏览器指标{suffix}")
            expect(page.locator("#weight-total")).to_have_text("100")
            page.fill("input[name=weight_1]", "20")
            expect(page.locator("#weight-total")).to_have_text("90")
            page.fill("input[name=weight_1]", "30")
            page.screenshot(path="/tmp/e2e-evaluation-indicators.png", full_page=True)
            page.click("#indicator-form button.btn-primary")
            page.wait_for_url(re.compile(r"/evaluation/indicators/$"))
            page.locator(".card", has_text=f"浏览器指标{suffix}").get_by_role("button", name="启用").click()
            expect(page.locator(".messages")).to_contain_text("已启用")

            # Scoring: one row at a time; the total appears.
            page.goto(base + f"evaluation/projects/{project.pk}/")
            rows = page.locator("tr[data-member]")
            expect(rows).to_have_count(2)
            first = rows.nth(0)
            for n, points in enumerate(["28", "22", "18", "14", "9"]):
                first.locator("input.ev-score").nth(n).fill(points)
            first.get_by_role("button", name="保存").click()
            expect(page.locator(".messages")).to_contain_text("已保存")
            expect(page.locator("tr[data-member]").nth(0)).to_contain_text("91.0")
            second = page.locator("tr[data-member]").nth(1)
            for n, points in enumerate(["10", "10", "10", "10", "5"]):
                second.locator("input.ev-score").nth(n).fill(points)
            second.get_by_role("button", name="保存").click()
            expect(page.locator("tr[data-member]").nth(1)).to_contain_text("45.0")
            page.screenshot(path="/tmp/e2e-evaluation-scores.png", full_page=True)

            # The rule flagged the weak expert; the expert panorama shows the score.
            page.goto(base + "evaluation/flags/")
            expect(page.locator("table.list")).to_contain_text("建议清退出库")
            page.screenshot(path="/tmp/e2e-evaluation-flags.png", full_page=True)
            page.goto(base + f"experts/{experts[0].pk}/?tab=evaluations")
            expect(page.locator("#expert-evaluations")).to_contain_text("91.0")
            page.screenshot(path="/tmp/e2e-evaluation-panorama.png", full_page=True)
            page.goto(base + f"panels/{project.pk}/")
            expect(page.locator("#project-evaluations")).to_contain_text("已评 2/2")
            assert not [e for e in errors if "Content Security Policy" in e or "Refused" in e], errors
        finally:
            browser.close()
