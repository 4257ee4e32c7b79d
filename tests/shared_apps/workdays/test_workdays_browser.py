"""Browser: vendor staff enter next year's holiday arrangement on the console (a mistake is
named, then fixed, the save confirmed), and a data officer's queue stops warning about it."""

from __future__ import annotations

import os
import re
import uuid

import pyotp
import pytest

from core.testing.browser import CHROMIUM_ARGS

pytestmark = pytest.mark.e2e
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

SHOTS = "var/screenshots/workdays"
YEAR = 2036


def test_staff_enter_a_year_and_the_queue_stops_warning(live_server_url):
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.utils import timezone
    from django_tenants.utils import schema_context
    from playwright.sync_api import sync_playwright

    from shared_apps.console.models import StaffSecondFactor
    from shared_apps.workdays.models import CalendarYear
    from tenant_apps.accounts.models import User
    from tenant_apps.privacy.models import PersonalDataRequest

    username = f"vendor-{uuid.uuid4().hex[:8]}"
    staff = get_user_model().objects.create_user(username=username, password="vendor-pass-1", is_staff=True, display_name="客服日历")
    secret = pyotp.random_base32()
    StaffSecondFactor.objects.create(user_id=staff.pk, secret=secret, confirmed_at=timezone.now())
    with schema_context("live"):
        subject = User.objects.create_user(username=f"s{uuid.uuid4().hex[:8]}", password="pw-12345678", kind="student", display_name="期限测试")
        PersonalDataRequest.objects.create(subject=subject, kind="access", received_on=f"{YEAR}-09-29", due_on=f"{YEAR}-10-20")
        officer = f"officer-{uuid.uuid4().hex[:6]}"
        User.objects.create_superuser(username=officer, password="officer-pass-1", kind="staff")
    console = f"http://console.{settings.BASE_DOMAIN}:{live_server_url.port}"
    backoffice = f"http://live.{settings.BASE_DOMAIN}:{live_server_url.port}"
    os.makedirs(SHOTS, exist_ok=True)
    errors = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1366, "height": 900})
            page.on("pageerror", lambda exc: errors.append(str(exc)))

            # the data officer sees that the deadline's year has no arrangement yet
            page.goto(backoffice + "/admin-ui/login/")
            page.fill("#id_username", officer)
            page.fill("#id_password", "officer-pass-1")
            page.click("button[type=submit]")
            page.wait_for_url(re.compile(r"/admin-ui/"))
            page.goto(backoffice + "/admin-ui/privacy/")
            page.wait_for_selector(f'[data-uncovered-year="{YEAR}"]')
            page.screenshot(path=f"{SHOTS}/queue-warning-1366.png", full_page=True)

            page.goto(console + "/workdays/")
            page.fill("#id_username", username)
            page.fill("#id_password", "vendor-pass-1")
            page.click("button[type=submit]")
            page.fill("#id_code", pyotp.TOTP(secret).now())
            page.click("button[type=submit]")
            page.wait_for_selector('tr[data-year="2026"]')
            for width in (390, 1366, 1920):
                page.set_viewport_size({"width": width, "height": 900})
                page.screenshot(path=f"{SHOTS}/years-{width}.png", full_page=True)
            page.set_viewport_size({"width": 1366, "height": 900})

            page.click("text=新增年度")
            page.fill("#id_year", str(YEAR))
            page.fill("#id_source", f"国务院办公厅关于{YEAR}年部分节假日安排的通知")
            page.fill("#id_holidays", f"国庆节 {YEAR}-10-01 {YEAR}-10-07")
            page.fill("#id_swapped", f"{YEAR}-10-09 国庆调休")  # a Thursday: a mistake
            page.once("dialog", lambda dialog: dialog.accept())
            page.click("#year-form button[type=submit]")
            page.wait_for_selector("text=本来就是工作日")
            page.screenshot(path=f"{SHOTS}/form-error-1366.png", full_page=True)
            page.fill("#id_swapped", f"{YEAR}-10-12 国庆调休")  # the Sunday after
            page.once("dialog", lambda dialog: dialog.accept())
            page.click("#year-form button[type=submit]")
            page.wait_for_selector(f'tr[data-date="{YEAR}-10-12"][data-kind="workday"]')
            for width in (390, 1366, 1920):
                page.set_viewport_size({"width": width, "height": 900})
                page.screenshot(path=f"{SHOTS}/year-{width}.png", full_page=True)
            # the queue no longer warns about that year (other missing years may still be named)
            page.goto(backoffice + "/admin-ui/privacy/")
            page.wait_for_selector("table.list")
            assert page.locator(f'[data-uncovered-year="{YEAR}"]').count() == 0
            browser.close()
        assert CalendarYear.objects.filter(year=YEAR).exists()
        assert errors == []
    finally:
        CalendarYear.objects.filter(year=YEAR).delete()
        with schema_context("live"):
            PersonalDataRequest.objects.filter(subject=subject).delete()
            User.objects.filter(username__in=[subject.username, officer]).delete()
