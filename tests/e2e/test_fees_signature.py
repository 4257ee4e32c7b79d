"""Browser: an expert who attended a review opens their fee confirmation letter on a phone,
writes their signature on the canvas pad and submits it; the letter is then signed (PNG stored
with its SHA-256, time and IP), shows the signature instead of the pad, and the bureau sees it
as signed on the project's fee page."""

from __future__ import annotations

import datetime
import hashlib
import io
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

PASSWORD = "Qianzi-2026-pw"


def _letter_for_a_new_expert(suffix: str):
    """In the live tenant: an approved project reviewed yesterday, an expert with an account who
    accepted, their workload and the letter sent for signing."""
    from core.testing.database import TEST_ADMIN_USERNAME
    from tenant_apps.accounts.models import User
    from tenant_apps.experts.fees import services as fees
    from tenant_apps.experts.fees.models import FeeStandard
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
        if not FeeStandard.objects.filter(is_active=True, title_level="").exists():
            fees.fee_standard_save(actor=admin, data=fees.FeeStandardInput(name="通用标准", half_day_rate=Decimal("300"), day_rate=Decimal("500"),
                                                                             travel_allowance=Decimal("50"), effective_from=datetime.date(2020, 1, 1)))
        project = project_create(actor=admin, data=ProjectInput(title=f"签字测试项目{suffix}", owner_unit="甲单位", location="评审中心",
                                                               opens_at=timezone.now() - datetime.timedelta(days=1)))
        project = project_review(actor=second_approver(), project=project, approve=True)  # not the creator (管用分离)
        expert = expert_create(actor=admin, notify=False, data=ExpertInput(name=f"签字专家{suffix[:3]}", phone=f"159{uuid.uuid4().int % 10**8:08d}",
                                                                           employer="东南大学", title="教授"))
        expert.user.set_password(PASSWORD)
        expert.user.save()
        day = timezone.localdate() - datetime.timedelta(days=1)
        draw = draw_manual(actor=admin, project=project, expert_ids=[expert.pk], work_start=day, work_end=day, reason="端到端测试", channels=["sms"])
        member = draw.members.get()
        member_respond(member=member, accept=True, channel="staff")
        line = fees.fee_line_create(actor=admin, project=project, member=member, data=fees.FeeLineInput(workload_days=Decimal("1")))
        letter = fees.fee_letter_send(actor=admin, line=line)
        return expert.user.username, letter.pk, project.pk, project.title, str(line.net_amount)


def test_expert_signs_the_fee_letter_on_the_canvas(live_server_url, live_db):
    from PIL import Image
    from playwright.sync_api import expect, sync_playwright

    from core.testing.database import TEST_ADMIN_PASSWORD, TEST_ADMIN_USERNAME
    from tenant_apps.experts.fees.models import FeeLetter

    suffix = uuid.uuid4().hex[:6]
    username, letter_id, project_id, title, net_amount = _letter_for_a_new_expert(suffix)
    errors: list[str] = []

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        try:
            phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, device_scale_factor=2)
            page = phone.new_page()
            page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
            page.goto(live_server_url.url("live", "/h5/login/?next=/h5/fees/"))
            page.fill("#u", username)
            page.fill("#p", PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_url(re.compile(r"/h5/fees/$"))
            expect(page.locator(f"[data-letter='{letter_id}']")).to_contain_text("待签字")
            page.click(f"[data-letter='{letter_id}']")
            page.wait_for_url(re.compile(rf"/h5/fees/letters/{letter_id}/$"))
            expect(page.locator("h3").first).to_have_text(title)
            expect(page.locator("#net-amount")).to_have_text(net_amount)
            submit = page.locator("#signature-submit")
            expect(submit).to_be_disabled()

            # Write on the pad: a few strokes across the canvas.
            canvas = page.locator("#signature-canvas")
            canvas.scroll_into_view_if_needed()
            box = canvas.bounding_box()
            strokes = [[(0.1, 0.7), (0.25, 0.2), (0.4, 0.75), (0.55, 0.25)], [(0.6, 0.6), (0.75, 0.3), (0.9, 0.65)]]
            for stroke in strokes:
                x, y = stroke[0]
                page.mouse.move(box["x"] + box["width"] * x, box["y"] + box["height"] * y)
                page.mouse.down()
                for x, y in stroke[1:]:
                    page.mouse.move(box["x"] + box["width"] * x, box["y"] + box["height"] * y, steps=8)
                page.mouse.up()
            expect(submit).to_be_enabled()
            page.screenshot(path="/tmp/fees_h5_sign.png", full_page=True)
            submit.click()
            expect(page.locator("#signed-ok")).to_contain_text("签字确认")
            expect(page.locator("#signature-image")).to_be_visible()
            expect(page.locator("#signature-canvas")).to_have_count(0)
            page.screenshot(path="/tmp/fees_h5_signed.png", full_page=True)
            head = page.evaluate(f"fetch('/h5/fees/letters/{letter_id}/pdf/').then(r => r.arrayBuffer()).then(b => String.fromCharCode(...new Uint8Array(b).slice(0, 4)))")
            assert head == "%PDF"

            # The bureau sees the signed letter on the project's fee page.
            admin = browser.new_context(viewport={"width": 1400, "height": 900}).new_page()
            admin.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
            admin.goto(live_server_url.url("live", "/admin-ui/login/"))
            admin.fill("#id_username", TEST_ADMIN_USERNAME)
            admin.fill("#id_password", TEST_ADMIN_PASSWORD)
            admin.click("button[type=submit]")
            admin.wait_for_url(re.compile(r"/admin-ui/"))
            admin.goto(live_server_url.url("live", f"/admin-ui/fees/projects/{project_id}/"))
            expect(admin.locator("[data-testid=line-status]")).to_have_text("已签字")
            admin.screenshot(path="/tmp/fees_project_page.png", full_page=True)
        finally:
            browser.close()

    assert not [e for e in errors if "Content Security Policy" in e], errors
    with schema_context("live"):
        letter = FeeLetter.objects.select_related("line").get(pk=letter_id)
        png = letter.signature.open("rb").read()
        assert letter.status == "signed" and letter.line.status == "signed" and letter.signed_ip
        assert letter.signature_sha256 == hashlib.sha256(png).hexdigest()
        ink = Image.open(io.BytesIO(png)).convert("RGBA").getchannel("A").getbbox()
        assert ink is not None and ink[2] - ink[0] > 200  # the strokes span most of the pad
