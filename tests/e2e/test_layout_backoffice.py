"""Browser: the back office at 390, 1366 and 1920 px (issue 19, item 2). Every page of the side
menu, plus the detail pages of a project, a draw and a fee project, are opened at the three
widths and photographed (/tmp/layout-<page>-<width>.png). At each width the page must not scroll
sideways; on desktop widths the cards of a detail page are wide enough for their tables (no
220 px slivers), inputs without a `type` are styled like the others, and on the phone the menu
starts folded so the content has the screen. Error pages are checked in the same layout."""

from __future__ import annotations

import datetime
import os
import re
import uuid

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from core.testing.browser import CHROMIUM, CHROMIUM_ARGS

pytestmark = pytest.mark.e2e
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

WIDTHS = (390, 1366, 1920)
SCHEMA = "live"


def _detail_pages() -> list[tuple[str, str]]:
    """A project with a drawn panel (manual draw of two experts), created by the admin and
    approved by someone else."""
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
    from tenant_apps.experts.services import ExpertInput, expert_create
    from tests.tenant_apps.experts_panels.conftest import second_approver

    suffix = uuid.uuid4().int % 10**6
    with schema_context(SCHEMA):
        admin = User.objects.get(username=TEST_ADMIN_USERNAME)
        experts = []
        for n in range(2):
            expert = expert_create(actor=None, notify=False, data=ExpertInput(name=f"版式专家{suffix}{n}", phone=f"158{(suffix * 10 + n) % 10**8:08d}",
                                                                            employer=f"版式测试单位{n}", title="教授"))
            Expert.objects.filter(pk=expert.pk).update(status="approved", approved_at=timezone.now())
            experts.append(expert)
        project = project_create(actor=admin, data=ProjectInput(title=f"版式检查项目{suffix}（含较长的项目名称用于检查换行）", owner_unit="某某市公共资源交易中心",
                                                                opens_at=timezone.now() + datetime.timedelta(days=5), location="评审中心 3 楼"))
        project = project_review(actor=second_approver(), project=project, approve=True)
        day = timezone.localdate() + datetime.timedelta(days=5)
        draw = draw_manual(actor=admin, project=project, expert_ids=[e.pk for e in experts], work_start=day, work_end=day, reason="版式检查")
        for member in draw.members.all():
            member_respond(member=member, accept=True, channel="staff", actor=admin)
        return [
            ("project", f"/admin-ui/panels/{project.pk}/"), ("draw", f"/admin-ui/panels/draws/{draw.pk}/"),
            ("fees", f"/admin-ui/fees/projects/{project.pk}/"), ("expert", f"/admin-ui/experts/{experts[0].pk}/"),
            ("new-project", "/admin-ui/panels/new/"), ("add-expert", "/admin-ui/experts/add/"),
            ("not-found", "/admin-ui/experts/99999999/"),
        ]


def _name(path: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", path.strip("/").lower()) or "home"


LAYOUT_PROBE = """() => {
  const doc = document.documentElement;
  const cards = [...document.querySelectorAll('.cards > .card')].map(c => Math.round(c.getBoundingClientRect().width));
  const bare = [...document.querySelectorAll('main input:not([type])')].filter(i => i.offsetParent !== null)
    .map(i => getComputedStyle(i).borderTopStyle + ' ' + getComputedStyle(i).borderTopColor);
  const nav = document.querySelector('.sidebar .nav-items');
  return {scroll: doc.scrollWidth, view: window.innerWidth, cards, bare,
          navVisible: nav ? nav.offsetHeight > 0 : null,
          sidebar: document.querySelector('.sidebar') ? Math.round(document.querySelector('.sidebar').getBoundingClientRect().width) : 0};
}"""


def test_backoffice_pages_at_three_widths(live_server_url, live_db):
    from playwright.sync_api import sync_playwright

    from core.testing.database import TEST_ADMIN_PASSWORD, TEST_ADMIN_USERNAME

    details = _detail_pages()
    problems: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": 1366, "height": 900})
            page = context.new_page()
            page.set_default_timeout(60_000)
            page.goto(live_server_url.url(SCHEMA, "/admin-ui/login/"))
            login_inputs = page.evaluate(LAYOUT_PROBE)
            assert all("solid" in style for style in login_inputs["bare"]), login_inputs
            page.fill("#id_username", TEST_ADMIN_USERNAME)
            page.fill("#id_password", TEST_ADMIN_PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_url(re.compile(r"/admin-ui/$"))
            menu = page.eval_on_selector_all(".sidebar a[data-menu]", "links => links.map(a => a.getAttribute('href'))")
            pages = [("dashboard", "/admin-ui/")] + [(_name(href), href) for href in dict.fromkeys(menu) if href.startswith("/admin-ui/")] + details
            for name, path in pages:
                for width in WIDTHS:
                    page.set_viewport_size({"width": width, "height": 900})
                    response = page.goto(live_server_url.url(SCHEMA, path))
                    status = response.status if response else 0
                    if name == "not-found":
                        if status != 404 or "页面不存在" not in page.content():
                            problems.append(f"{path}: expected the Chinese 404 page, got {status}")
                    elif status >= 400:
                        problems.append(f"{path} @{width}: HTTP {status}")
                        continue
                    page.screenshot(path=f"/tmp/layout-{name}-{width}.png", full_page=True)
                    probe = page.evaluate(LAYOUT_PROBE)
                    if probe["scroll"] > probe["view"] + 1:
                        problems.append(f"{path} @{width}: scrolls sideways ({probe['scroll']} > {probe['view']})")
                    if any("solid" not in style for style in probe["bare"]):
                        problems.append(f"{path} @{width}: unstyled input without type {probe['bare']}")
                    if width >= 1366 and any(w < 400 for w in probe["cards"]):
                        problems.append(f"{path} @{width}: card squeezed to {min(probe['cards'])} px")
                    if width == 390 and probe["navVisible"]:
                        problems.append(f"{path} @390: the menu is open and takes the screen")
            # the folded phone menu opens
            page.set_viewport_size({"width": 390, "height": 844})
            page.goto(live_server_url.url(SCHEMA, "/admin-ui/"))
            page.click(".nav-open")
            assert page.evaluate(LAYOUT_PROBE)["navVisible"]
            page.screenshot(path="/tmp/layout-menu-open-390.png")
        finally:
            browser.close()
    assert not problems, "\n".join(problems)
