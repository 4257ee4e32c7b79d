"""Browser: an expert registers from the shared link on a phone, the bureau approves in two
levels, and the certificate's verification link (the URL in its QR) says it is valid."""

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

PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000" "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082")


def _latest_code(phone: str) -> str:
    from core.crypto import blind_index  # noqa: F401
    from tenant_apps.messaging.models import OutboxEntry

    with schema_context("live"):
        for entry in OutboxEntry.objects.order_by("-id")[:20]:
            if entry.to_address == phone:
                match = re.search(r"(\d{6})", entry.body)
                if match:
                    return match.group(1)
    raise AssertionError("no code in the outbox")


def _prepare_live():
    from tenant_apps.experts.models import Domain
    from tenant_apps.experts.services import domain_save

    with schema_context("live"):
        leaf = Domain.objects.filter(name="结构工程", level=3).first()
        if leaf is None:
            top = domain_save(actor=None, name="工程技术")
            mid = domain_save(actor=None, name="土木工程", parent=top)
            leaf = domain_save(actor=None, name="结构工程", parent=mid)
        return leaf


def test_expert_registers_is_approved_in_two_levels_and_certificate_verifies(live_server_url, live_db, tmp_path):
    from playwright.sync_api import sync_playwright

    from core.testing.database import TEST_ADMIN_PASSWORD, TEST_ADMIN_USERNAME

    _prepare_live()
    suffix = uuid.uuid4().int % 10**8
    phone = f"157{suffix:08d}"
    name = f"测试专家{suffix % 1000}"
    attachment = tmp_path / "degree.png"
    attachment.write_bytes(PNG)

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        phone_ctx = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, device_scale_factor=2)
        page = phone_ctx.new_page()
        page.goto(live_server_url.url("live", "/h5/experts/join/"))
        page.screenshot(path="/tmp/experts_h5_join.png")
        page.fill("#target", phone)
        page.click("#send-code")
        page.wait_for_selector("#code-status .xp-h5-ok")
        page.fill("#code", _latest_code(phone))
        page.click("#login-btn")
        page.wait_for_url(re.compile(r"/h5/experts/apply/1/"))
        page.fill("#name", name)
        page.select_option("#gender", "male")
        assert page.is_visible("#privacy-notice")  # the notice comes before the ID number
        page.check("#privacy-consent")
        page.click("#next-step")
        page.wait_for_url(re.compile(r"/apply/2/"))
        page.fill("#employer", "东南大学土木工程学院")
        page.fill("#title", "教授")
        page.select_option("#level", "senior")
        page.click("#next-step")
        page.wait_for_url(re.compile(r"/apply/3/"))
        page.check("input[name=domains] >> nth=2")
        page.screenshot(path="/tmp/experts_h5_apply_domains.png")
        page.click("#next-step")
        page.wait_for_url(re.compile(r"/apply/4/"))
        page.set_input_files("input[type=file]", str(attachment))
        page.click("#upload-btn")
        page.wait_for_selector("text=degree.png")
        page.click("#next-step")
        page.wait_for_url(re.compile(r"/apply/5/"))
        page.screenshot(path="/tmp/experts_h5_apply_confirm.png")
        page.check("#pledge")  # 诚信承诺
        page.click("#submit-application")
        page.wait_for_url(re.compile(r"/h5/experts/me/"))
        assert "审核中" in page.inner_text("#expert-status")

        from tenant_apps.experts.models import Expert

        with schema_context("live"):
            expert_pk = Expert.objects.get(name=name).pk

        admin_ctx = browser.new_context(viewport={"width": 1400, "height": 900})
        admin = admin_ctx.new_page()
        admin.goto(live_server_url.url("live", "/admin-ui/login/"))
        admin.fill("#id_username", TEST_ADMIN_USERNAME)
        admin.fill("#id_password", TEST_ADMIN_PASSWORD)
        admin.click("button[type=submit]")
        admin.wait_for_url(re.compile(r"/admin-ui/"))
        admin.goto(live_server_url.url("live", "/admin-ui/experts/review/"))
        admin.screenshot(path="/tmp/experts_review_queue.png", full_page=True)
        detail = live_server_url.url("live", f"/admin-ui/experts/{expert_pk}/")
        admin.on("dialog", lambda dialog: dialog.accept())  # hx-confirm on approval
        # the second level is signed by someone else (management separate from use)
        from tests.tenant_apps.experts_panels.conftest import second_approver

        with schema_context("live"):
            second = second_approver()
        second_page = browser.new_context(viewport={"width": 1400, "height": 900}).new_page()
        second_page.on("dialog", lambda dialog: dialog.accept())
        second_page.goto(live_server_url.url("live", "/admin-ui/login/"))
        second_page.fill("#id_username", second.username)
        second_page.fill("#id_password", "Second-approver-1")
        second_page.click("button[type=submit]")
        second_page.wait_for_url(re.compile(r"/admin-ui/"))
        for level, reviewer in ((1, admin), (2, second_page)):
            admin = reviewer
            admin.goto(detail)
            assert f"当前：第 {level} 级" in admin.inner_text("main")
            admin.fill("input[name=note]", f"第 {level} 级同意")
            admin.click("[data-testid=approve]")
            admin.wait_for_load_state()
        admin.goto(detail)
        admin.screenshot(path="/tmp/experts_panorama.png", full_page=True)
        assert "已入库" in admin.inner_text("main")
        admin.goto(live_server_url.url("live", "/admin-ui/experts/?pool=all"))
        admin.screenshot(path="/tmp/experts_list.png", full_page=True)

        page.goto(live_server_url.url("live", "/h5/experts/me/"))
        assert "已入库" in page.inner_text("#expert-status")
        page.screenshot(path="/tmp/experts_h5_center.png", full_page=True)
        verify_url = page.get_attribute("#verify-link", "href")
        with schema_context("live"):
            from tenant_apps.experts.selectors import current_certificate

            token = current_certificate(Expert.objects.get(pk=expert_pk)).token
        assert verify_url.endswith(f"/h5/experts/certificates/verify/{token}/")
        head = page.evaluate("fetch('/h5/experts/me/certificate/').then(r => r.arrayBuffer()).then(b => String.fromCharCode(...new Uint8Array(b).slice(0, 4)))")
        assert head == "%PDF"
        public = browser.new_context(viewport={"width": 390, "height": 844}).new_page()  # anyone who scans the QR
        public.goto(live_server_url.url("live", verify_url))
        assert "证书真实有效" in public.inner_text("body")
        public.screenshot(path="/tmp/experts_h5_verify.png")
        browser.close()
