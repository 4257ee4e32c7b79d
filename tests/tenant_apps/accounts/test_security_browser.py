"""Browser check of the security pages: login stats chart, IP block lift with hx-confirm, audit
detail, and the audited reveal button (committed data in the `live` tenant)."""

from __future__ import annotations

import uuid

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from core.testing.browser import CHROMIUM_ARGS

pytestmark = pytest.mark.e2e



@pytest.fixture
def seeded(live_server_url):
    # Before the browser starts: Playwright's sync API runs an event loop, and Django refuses
    # database calls from a thread with a running loop.
    return _seed(uuid.uuid4().hex[:10])


@pytest.fixture
def browser_page(seeded):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1360, "height": 900}, locale="zh-CN")
        errors: list[str] = []
        page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        page.errors = errors
        page.on("response", lambda response: errors.append(f"{response.status} {response.url}") if response.status >= 400 else None)
        page.on("requestfailed", lambda request: errors.append(f"failed {request.url} {request.failure}"))
        yield page
        browser.close()


def _seed(tag: str) -> dict:  # committed: the live server runs in another thread
    from tenant_apps.accounts.models import ActivityDay, IPBlock, LoginLog, User

    with schema_context("live"):
        person = User.objects.create_user(username=f"e2e-{tag}", display_name=f"测试{tag[:4]}", phone=f"139{uuid.uuid4().int % 10**8:08d}", kind="student")
        LoginLog.objects.bulk_create(
            [LoginLog(identifier=f"e2e-{tag}", result="success" if i % 3 else "bad_credentials", ip="198.51.100.3", device=("desktop", "mobile")[i % 2],
                      platform=("Windows", "iOS", "Android")[i % 3], browser=("Chrome", "微信")[i % 2], channel="backoffice") for i in range(12)]
        )
        block = IPBlock.objects.create(ip=f"203.0.113.{uuid.uuid4().int % 200 + 20}", reason=f"e2e {tag}", is_automatic=False)
        admin = User.objects.get(username="admin")
        ActivityDay.objects.update_or_create(user=admin, day=timezone.localdate(), defaults={"active_seconds": 5400, "heartbeats": 90})
        return {"tag": tag, "person": person, "block": block}


def _sign_in(page, base: str) -> None:
    page.goto(base + "/admin-ui/login/")
    page.fill("#id_username", "admin")
    page.fill("#id_password", "admin-pass-1")
    page.click("button[type=submit]")
    page.wait_for_url("**/admin-ui/**")


def test_security_pages_in_a_browser(live_server_url, seeded, browser_page):
    data, tag = seeded, seeded["tag"]
    page = browser_page
    base = live_server_url.url("live", "").rstrip("/")
    _sign_in(page, base)

    page.goto(base + "/admin-ui/security/logins/stats/")
    assert page.locator("svg.columns rect").count() >= 60
    page.screenshot(path="/tmp/p10-login-stats.png", full_page=True)

    page.goto(base + f"/admin-ui/security/logins/?account={tag}")
    assert page.locator("table.list tbody tr").count() == 12
    page.screenshot(path="/tmp/p10-login-log.png", full_page=True)

    page.goto(base + "/admin-ui/security/ip-blocks/")
    row = page.locator(f"#ip-block-{data['block'].pk}")
    page.once("dialog", lambda dialog: dialog.accept())
    row.locator("text=解除").click()
    row.wait_for(state="detached")
    page.goto(base + "/admin-ui/security/activity/")
    page.screenshot(path="/tmp/p10-activity.png", full_page=True)

    page.goto(base + f"/admin-ui/audit/?object_id={data['block'].pk}&action=ip_block.lift")
    page.locator("text=详情").first.click()
    assert page.locator("tr[data-key='ip']").count() == 1
    page.screenshot(path="/tmp/p10-audit-detail.png", full_page=True)
    page.goto(base + "/admin-ui/audit/")
    page.screenshot(path="/tmp/p10-audit-list.png", full_page=True)

    # The reveal endpoint answers htmx's POST (CSRF header from the layout) with the clear value.
    person = data["person"]
    page.goto(base + "/admin-ui/")
    revealed = page.evaluate(
        """async ([url]) => {
            const token = JSON.parse(document.body.getAttribute('hx-headers'))['X-CSRFToken'];
            const response = await fetch(url, {method: 'POST', headers: {'X-CSRFToken': token, 'Accept': 'application/json'}});
            return await response.json();
        }""",
        [f"/admin-ui/security/reveal/accounts.user/{person.pk}/phone/"],
    )
    assert revealed["value"] == person.phone
    assert not [e for e in page.errors if "Content Security Policy" in e or "/static/" in e], page.errors
