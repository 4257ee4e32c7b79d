"""Browser (网签三方): the HR uploads the seal and invites a graduate in the employer portal on
PC, the graduate accepts on the phone, the college and the school approve in the back office,
the agreement PDF opens, the public page verifies its number and hash, then the graduate asks
to terminate, the employer agrees and the school approves with the 解约函.
Screenshots in /tmp/shots-h3/ (390, 1366 and 1920 px)."""

from __future__ import annotations

import datetime
import os
import re
import uuid

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from core.testing.browser import CHROMIUM_ARGS

pytestmark = pytest.mark.e2e
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

SCHEMA = "live"
PASSWORD = "Agreement-story-2026"
SHOTS = os.environ.get("E2E_SCREENSHOTS_H3", "/tmp/shots-h3")
WIDTHS = (390, 1366, 1920)


def _setup(suffix: str):
    from django.contrib.auth.models import Group

    from core.testing.database import TEST_ADMIN_USERNAME
    from core.validators.china import credit_code_check_character
    from tenant_apps.accounts.models import User
    from tenant_apps.employment.agreements.initializers import agreement_permissions_ensure
    from tenant_apps.employment.employers.models import EmployerAccount
    from tenant_apps.employment.employers.services import employer_create
    from tenant_apps.employment.students.initializers import groups_ensure
    from tests.tenant_apps.employment_employers.conftest import profile
    from tests.tenant_apps.employment_students.conftest import make_cohort, verify

    with schema_context(SCHEMA):
        groups_ensure()
        agreement_permissions_ensure()
        admin = User.objects.get(username=TEST_ADMIN_USERNAME)
        body = f"91110108MA{int(suffix, 16) % 10**7:07d}"
        employer = employer_create(actor=admin, profile=profile(name=f"华夏网签{suffix}科技有限公司", credit_code=body + credit_code_check_character(body),
                                                               region_code="110108"))
        hr = User.objects.create_user(username=f"wq-hr-{suffix}", password=PASSWORD, kind="employer", display_name="网签HR")
        EmployerAccount.objects.create(user=hr, employer=employer, is_primary=True)
        record = make_cohort(admin, 1, prefix=f"9{int(suffix, 16) % 1000:03d}")[0]
        staff = {}
        for key, group in (("college", "学院就业专员"), ("school", "校就业中心")):
            user = User.objects.create_user(username=f"wq-{key}-{suffix}", password=PASSWORD, kind="staff", display_name=f"{group}{suffix[:3]}",
                                            org_unit=record.org_unit.parent.parent if key == "college" else None)
            user.groups.add(Group.objects.get(name=group))
            staff[key] = user
        verify(record, staff["school"])
        student = record.user
        student.set_password(PASSWORD)
        student.save(update_fields=["password"])
    return employer, hr, record, student, staff


def _shot(browser, url_for, login, path: str, name: str) -> None:
    for width in WIDTHS:
        context = browser.new_context(viewport={"width": width, "height": 900}, is_mobile=width < 500, has_touch=width < 500,
                                      device_scale_factor=2 if width < 500 else 1)
        page = context.new_page()
        login(page)
        page.goto(url_for(path))
        page.screenshot(path=f"{SHOTS}/{name}-{width}.png", full_page=True)
        context.close()


def test_invite_accept_review_verify_and_terminate(live_server_url, live_db):
    from playwright.sync_api import expect, sync_playwright

    from tenant_apps.employment.agreements.models import Agreement

    os.makedirs(SHOTS, exist_ok=True)
    suffix = uuid.uuid4().hex[:6]
    employer, hr, record, student, staff = _setup(suffix)

    def url(path: str) -> str:
        return live_server_url.url(SCHEMA, path)

    def portal_login(page) -> None:
        page.goto(url("/employer/login/"))
        page.fill("#username", hr.username)
        page.fill("#password", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_load_state()

    def h5_login(page) -> None:
        page.goto(url("/h5/login/"))
        page.fill("#u", student.username)
        page.fill("#p", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_load_state()

    def backoffice_login(user):
        def login(page) -> None:
            page.goto(url("/admin-ui/login/"))
            page.fill("#id_username", user.username)
            page.fill("#id_password", PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_url(re.compile(r"/admin-ui/"))
        return login

    seal_path = f"{SHOTS}/seal-{suffix}.png"
    from tenant_apps.employment.agreements.demo import seal_png

    with open(seal_path, "wb") as handle:
        handle.write(seal_png(employer.name))

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        try:
            # 1. the HR uploads the seal and invites the graduate (PC)
            desk = browser.new_context(viewport={"width": 1366, "height": 900}).new_page()
            portal_login(desk)
            desk.goto(url("/employer/agreements/"))
            desk.set_input_files("#seal-image", seal_path)
            desk.click("#upload-seal")
            expect(desk.locator("#seal-card")).to_contain_text("已上传")
            desk.fill("#student_number", record.student_number)
            desk.fill("#student_name", record.name)
            desk.fill("#job_title", "网签测试工程师")
            desk.fill("#monthly_pay", "11000")
            desk.fill("#work_place_code", "110108")
            desk.fill("#work_place", "北京市海淀区中关村")
            desk.fill("#report_by", (timezone.localdate() + datetime.timedelta(days=150)).isoformat())
            desk.fill("#probation_months", "3")
            desk.fill("#breach_amount", "5000")
            desk.fill("#benefits", "五险一金，免费午餐")
            desk.click("#send-invitation")
            expect(desk.locator("#agreement-status")).to_contain_text("待学生答复")
            with schema_context(SCHEMA):
                agreement = Agreement.objects.get(employer=employer)
            _shot(browser, url, portal_login, "/employer/agreements/", "1-portal-list")
            _shot(browser, url, portal_login, f"/employer/agreements/{agreement.pk}/", "2-portal-detail")

            # 2. the graduate accepts on the phone
            phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, device_scale_factor=2).new_page()
            h5_login(phone)
            phone.goto(url("/h5/employment/agreements/"))
            phone.click(f"#agreement-{agreement.pk}")
            phone.screenshot(path=f"{SHOTS}/3-h5-invitation-390.png", full_page=True)
            phone.once("dialog", lambda dialog: dialog.accept())
            phone.click("#accept")
            expect(phone.locator("#agreement-status")).to_contain_text("待学院审核")

            # 3. the college, then the school approve in the back office
            for key, level_text in (("college", "待学校审核"), ("school", "已签约")):
                office = browser.new_context(viewport={"width": 1366, "height": 900}).new_page()
                backoffice_login(staff[key])(office)
                office.goto(url("/admin-ui/employment/agreements/queue/"))
                expect(office.locator("#agreements")).to_contain_text(agreement.number)
                if key == "school":
                    _shot(browser, url, backoffice_login(staff[key]), "/admin-ui/employment/agreements/queue/", "4-backoffice-queue")
                office.goto(url(f"/admin-ui/employment/agreements/{agreement.pk}/"))
                office.click("#approve-agreement")
                expect(office.locator("#agreement-status")).to_contain_text(level_text)
            with schema_context(SCHEMA):
                agreement.refresh_from_db()
            assert agreement.status == "signed" and len(agreement.content_hash) == 64
            _shot(browser, url, backoffice_login(staff["school"]), f"/admin-ui/employment/agreements/{agreement.pk}/", "5-backoffice-detail")
            _shot(browser, url, backoffice_login(staff["school"]), "/admin-ui/employment/agreements/", "6-backoffice-list")

            # 4. the PDF and the public verification (no login)
            pdf_page = browser.new_context(viewport={"width": 900, "height": 1250}).new_page()
            backoffice_login(staff["school"])(pdf_page)
            # fetched by the page itself: the browser resolves the tenant's host, the test process does not
            kind, head = pdf_page.evaluate("async (u) => { const r = await fetch(u); return [r.headers.get('content-type'), (await r.text()).slice(0, 4)]; }",
                                           url(f"/admin-ui/employment/agreements/{agreement.pk}/pdf/"))
            assert kind == "application/pdf" and head == "%PDF"
            public = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True).new_page()
            public.goto(url(f"/verify/agreements/?number={agreement.number}&hash={agreement.content_hash}"))
            expect(public.locator("#verify-result")).to_contain_text("核验通过")
            for width in WIDTHS:
                public.set_viewport_size({"width": width, "height": 800})
                public.screenshot(path=f"{SHOTS}/7-verify-{width}.png", full_page=True)

            # 5. termination: the graduate asks, the employer agrees, the school approves with proof
            phone.goto(url(f"/h5/employment/agreements/{agreement.pk}/"))
            phone.fill("textarea[name=reason]", "考取研究生")
            phone.once("dialog", lambda dialog: dialog.accept())
            phone.click("#start-termination")
            expect(phone.locator("#agreement-status")).to_contain_text("解约待对方同意")
            _shot(browser, url, h5_login, f"/h5/employment/agreements/{agreement.pk}/", "8-h5-detail")
            desk.goto(url(f"/employer/agreements/{agreement.pk}/"))
            desk.once("dialog", lambda dialog: dialog.accept())
            desk.click("#agree-termination")
            expect(desk.locator("#agreement-status")).to_contain_text("解约待学校审核")
            office = browser.new_context(viewport={"width": 1366, "height": 900}).new_page()
            backoffice_login(staff["school"])(office)
            office.goto(url(f"/admin-ui/employment/agreements/{agreement.pk}/"))
            proof = f"{SHOTS}/proof-{suffix}.pdf"
            with open(proof, "wb") as handle:
                handle.write(b"%PDF-1.4 termination letter")
            office.set_input_files("#proof", proof)
            office.once("dialog", lambda dialog: dialog.accept())
            office.click("#approve-termination")
            expect(office.locator("#agreement-status")).to_contain_text("已解约")
            office.screenshot(path=f"{SHOTS}/9-terminated-1366.png", full_page=True)
        finally:
            browser.close()
