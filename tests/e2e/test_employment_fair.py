"""Browser, the issue-14 story at the fair: a student takes an e-ticket on the phone (390 px) and
shows its QR; the big screen (1920 px) is open on the live wall; a staff phone loads the door page
(the ticket kernel's door.js), goes offline, admits the ticket, catches the repeat, comes back
online and uploads; the wall counts the student by server-sent events. Screenshots in
/tmp/shots-h2/ (390, 1366 and 1920 px)."""

from __future__ import annotations

import datetime
import os
import re
import uuid

import pytest
from django_tenants.utils import schema_context

from core.testing.browser import CHROMIUM_ARGS

pytestmark = pytest.mark.e2e
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
SCHEMA = "live"
PASSWORD = "Story-fair-2027"
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
SHOTS = "/tmp/shots-h2"


def _cast(suffix: str) -> dict:
    from django.contrib.auth.models import Permission
    from django.utils import timezone

    from core.testing.database import TEST_ADMIN_USERNAME
    from tenant_apps.accounts.models import User
    from tenant_apps.employment.fairs.services import (
        application_apply,
        application_approve,
        booths_auto_assign,
        fair_publish,
        fair_save,
        hall_layout_save,
        hall_save,
    )
    from tests.tenant_apps.employment.fairs.conftest import approved_job
    from tests.tenant_apps.employment_employers.conftest import hr_user, make_approved

    with schema_context(SCHEMA):
        admin = User.objects.get(username=TEST_ADMIN_USERNAME)
        now = timezone.now()
        fair = fair_save(actor=admin, title=f"故事双选会{suffix}", location="体育馆", starts_at=now + datetime.timedelta(minutes=30),
                         ends_at=now + datetime.timedelta(hours=6))
        hall = hall_save(actor=admin, fair=fair, name="主馆", code="A", rows=2, columns=4)
        hall_layout_save(actor=admin, hall=hall, cells=[{"row": 1, "column": c, "kind": "standard"} for c in range(1, 5)])
        fair = fair_publish(actor=admin, fair=fair)
        employer = make_approved(admin, name=f"故事科技{suffix}有限公司")
        job = approved_job(admin, employer, title="前端工程师")
        application = application_apply(actor=hr_user(employer), fair=fair, employer=employer, job_ids=[job.pk])
        application_approve(actor=admin, application=application)
        booths_auto_assign(actor=admin, fair=fair)
        student = User.objects.create_user(username=f"fairstu{suffix}", password=PASSWORD, kind="student", display_name=f"林同学{suffix[:2]}")
        staff = User.objects.create_user(username=f"fairdoor{suffix}", password=PASSWORD, kind="staff", display_name="检票老师")
        staff.user_permissions.add(*Permission.objects.filter(content_type__app_label="employment_fairs", codename__in=["check_in_fair", "view_fair"]))
        staff.user_permissions.add(*Permission.objects.filter(content_type__app_label="employment_fairs", codename="arrange_booths"))
        hr = hr_user(employer)
        hr.set_password(PASSWORD)
        hr.save(update_fields=["password"])
        return {"fair": fair.pk, "student": student.username, "staff": staff.username, "employer": employer.name, "hr": hr.username}


def _h5_login(page, server, username: str, next_path: str) -> None:
    page.goto(server.url(SCHEMA, f"/h5/login/?next={next_path}"))
    page.fill("#u", username)
    page.fill("#p", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(re.escape(next_path) + "$"))


def _watch(page, errors):
    page.on("pageerror", lambda exc: errors.append(f"script error: {exc}"))
    page.on("console", lambda m: errors.append(f"console: {m.text}") if m.type == "error" and "Failed to load resource" not in m.text else None)


def test_student_ticket_is_scanned_and_the_wall_counts_it(live_server_url, live_db):
    from playwright.sync_api import expect, sync_playwright

    from tenant_apps.employment.fairs.models import FairTicket

    server = live_server_url
    suffix = uuid.uuid4().hex[:6]
    cast = _cast(suffix)
    fair_path = f"/h5/employment/fairs/{cast['fair']}/"
    os.makedirs(SHOTS, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        errors: list[str] = []
        try:
            # 1. The student finds the fair and its exhibitors on the phone and takes a ticket.
            phone = browser.new_context(**PHONE).new_page()
            _watch(phone, errors)
            _h5_login(phone, server, cast["student"], fair_path)
            expect(phone.locator("#exhibitors")).to_contain_text(cast["employer"])
            expect(phone.locator("#exhibitors")).to_contain_text("A01")
            phone.screenshot(path=f"{SHOTS}/e2e-fair-1-detail-390.png", full_page=True)
            phone.click("#claim-ticket")
            phone.wait_for_url(re.compile(r"/h5/employment/fairs/tickets/$"))
            ticket_box = phone.locator("[data-ticket]")
            expect(ticket_box.locator("img[alt='电子门票二维码']")).to_be_visible()
            expect(ticket_box.locator("[data-ticket-status]")).to_have_text("未入场")
            phone.screenshot(path=f"{SHOTS}/e2e-fair-2-ticket-390.png", full_page=True)
            with schema_context(SCHEMA):
                code = FairTicket.objects.get(fair_id=cast["fair"], student__username=cast["student"], is_revoked=False).code

            # 2. The big screen, signed in as staff, shows the wall (server-sent events).
            wall = browser.new_page(viewport={"width": 1920, "height": 1080})
            _watch(wall, errors)
            wall.goto(server.url(SCHEMA, "/admin-ui/login/"))
            wall.fill("input[name=username]", cast["staff"])
            wall.fill("input[name=password]", PASSWORD)
            wall.click("button[type=submit]")
            wall.wait_for_url(re.compile(r"/admin-ui/"))
            wall.goto(server.url(SCHEMA, f"/admin-ui/employment/fairs/{cast['fair']}/wall/"))
            expect(wall.locator("[data-wall-status]")).to_have_attribute("data-updated", re.compile(r"\d+"), timeout=10_000)
            expect(wall.locator('[data-figure="students_checked_in"]')).to_have_text("0")

            # 3. The door phone loads the bundle, loses the network, admits the ticket and the repeat.
            door_context = browser.new_context(**PHONE)
            door = door_context.new_page()
            _watch(door, errors)
            _h5_login(door, server, cast["staff"], f"{fair_path}door/")
            expect(door.locator("[data-door-status]")).to_have_attribute("data-bundle", "loaded")
            door_context.set_offline(True)
            expect(door.locator("[data-door-status]")).to_contain_text("离线")
            for expected in ("admitted", "duplicate"):
                door.fill("[data-door-input]", code)
                door.click("[data-door-form] button")
                expect(door.locator("[data-door-result]")).to_have_attribute("data-status", expected)
            door.screenshot(path=f"{SHOTS}/e2e-fair-3-door-offline-390.png", full_page=True)
            expect(wall.locator('[data-figure="students_checked_in"]')).to_have_text("0")  # nothing uploaded yet

            # 4. The network returns: the scans upload; the wall counts the student within seconds.
            door_context.set_offline(False)
            door.evaluate("window.dispatchEvent(new Event('online'))")
            expect(door.locator("[data-door-status]")).to_have_attribute("data-pending", "0", timeout=30_000)
            expect(wall.locator('[data-figure="students_checked_in"]')).to_have_text("1", timeout=5_000)
            expect(wall.locator('[data-figure="employers_checked_in"]')).to_have_text("0")
            wall.screenshot(path=f"{SHOTS}/e2e-fair-4-wall-1920.png")
            wall.set_viewport_size({"width": 1366, "height": 768})
            wall.screenshot(path=f"{SHOTS}/e2e-fair-4-wall-1366.png")
            phone.reload()
            expect(phone.locator("[data-ticket-status]")).to_have_text("已入场")

            # 5. The booth map: drag the employer from A01 to A03 (the server checks and saves it).
            staff_page = wall
            staff_page.on("dialog", lambda dialog: dialog.accept())
            staff_page.goto(server.url(SCHEMA, f"/admin-ui/employment/fairs/{cast['fair']}/map/"))
            chip = staff_page.locator('[data-code="A01"] [data-application]')
            expect(chip).to_contain_text(cast["employer"])
            chip.drag_to(staff_page.locator('[data-code="A03"]'))
            expect(staff_page.locator('[data-code="A03"] [data-application]')).to_contain_text(cast["employer"], timeout=10_000)
            expect(staff_page.locator('[data-code="A01"] [data-application]')).to_have_count(0)
            staff_page.screenshot(path=f"{SHOTS}/e2e-fair-5-map-1366.png", full_page=True)
            staff_page.set_viewport_size({"width": 1920, "height": 1080})
            staff_page.screenshot(path=f"{SHOTS}/e2e-fair-5-map-1920.png", full_page=True)
            staff_page.goto(server.url(SCHEMA, f"/admin-ui/employment/fairs/{cast['fair']}/"))
            expect(staff_page.locator("#figures")).to_contain_text("学生签到")
            staff_page.screenshot(path=f"{SHOTS}/e2e-fair-6-detail-1920.png", full_page=True)
            staff_page.set_viewport_size({"width": 390, "height": 844})
            staff_page.screenshot(path=f"{SHOTS}/e2e-fair-6-detail-390.png", full_page=True)

            # 6. The employer's HR sees the booth and the staff tickets in the portal (phone).
            hr_page = browser.new_context(**PHONE).new_page()
            _watch(hr_page, errors)
            hr_page.goto(server.url(SCHEMA, "/employer/login/?next=/employer/fairs/"))
            hr_page.fill("#username", cast["hr"])
            hr_page.fill("#password", PASSWORD)
            hr_page.click("button[type=submit]")
            hr_page.wait_for_url(re.compile(r"/employer/fairs/$"))
            expect(hr_page.locator("#fair-applications")).to_contain_text("A03")
            expect(hr_page.locator("#fair-applications img")).to_have_count(2)
            hr_page.screenshot(path=f"{SHOTS}/e2e-fair-7-portal-390.png", full_page=True)
            hr_page.set_viewport_size({"width": 1366, "height": 900})
            hr_page.screenshot(path=f"{SHOTS}/e2e-fair-7-portal-1366.png", full_page=True)
            assert not errors, errors
        finally:
            browser.close()
