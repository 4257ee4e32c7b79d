"""Browser: vendor staff add a crawl source pointing at the local fixture site and run it for the
`live` tenant from the console (a real Celery worker on the crawler queue does the crawl, the
run page follows its progress); the tenant's staff confirm a famous alumnus in the back office;
an alumnus then finds that person, with the source page, on the H5."""

from __future__ import annotations

import os
import re
import uuid

import pyotp
import pytest
from django_tenants.utils import schema_context

from core.testing.browser import CHROMIUM, CHROMIUM_ARGS

pytestmark = pytest.mark.e2e
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

SHOTS = "/tmp/hg"
PASSWORD = "Crawler-e2e-2026"


def _prepare(suffix: str) -> dict:
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from shared_apps.console.models import StaffSecondFactor
    from tenant_apps.accounts.models import User
    from tenant_apps.alumni.famous.models import AlumniEnterprise, Exclusion, FamousAlumnus
    from tenant_apps.alumni.famous.services import settings_update

    secret = pyotp.random_base32()
    staff = get_user_model().objects.create_user(username=f"crawl{suffix}", password=PASSWORD, is_staff=True, display_name="采集客服")
    StaffSecondFactor.objects.create(user_id=staff.pk, secret=secret, confirmed_at=timezone.now())
    with schema_context("live"):
        FamousAlumnus.objects.all().delete()
        AlumniEnterprise.objects.all().delete()
        Exclusion.objects.all().delete()
        settings_update(actor=None, school_name="演示大学", former_names=["演示工学院"])
        office = User.objects.create_user(username=f"office{suffix}", password=PASSWORD, kind="staff", display_name="校友办老师")
        office.user_permissions.add(*_permissions("alumni_famous.view_famousalumnus", "alumni_famous.confirm_candidates"))
        User.objects.create_user(username=f"alum{suffix}", password=PASSWORD, kind="alumnus", display_name="校友小李")
    return {"staff": staff.username, "secret": secret, "office": f"office{suffix}", "alumnus": f"alum{suffix}"}


def _permissions(*codes):
    from django.contrib.auth.models import Permission

    return [Permission.objects.get(content_type__app_label=c.split(".")[0], codename=c.split(".")[1]) for c in codes]


def _watch(page, errors):
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 and not r.url.endswith("/favicon.ico") else None)


def _shots(page, name: str, widths=(1366, 1920)):
    for width in widths:
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=f"{SHOTS}/{name}-{width}.png", full_page=True)


def test_vendor_runs_a_source_and_staff_confirm_an_alumnus_who_then_shows_on_the_h5(live_server_url, live_db):
    from django.conf import settings
    from django.utils import timezone
    from playwright.sync_api import expect, sync_playwright

    from core.testing.live import CeleryWorker
    from shared_apps.crawler.fixture_server import FixtureSite
    from shared_apps.crawler.models import CrawlRun
    from tenant_apps.alumni.famous.models import FamousAlumnus

    suffix = uuid.uuid4().hex[:6]
    cast = _prepare(suffix)
    site = FixtureSite().start()
    worker = CeleryWorker(queues="crawler").start()
    console = f"http://console.{settings.BASE_DOMAIN}:{live_server_url.port}"
    os.makedirs(SHOTS, exist_ok=True)
    errors: list[str] = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1366, "height": 900})
            _watch(page, errors)

            # vendor staff: password + TOTP, then a new source
            page.goto(console + "/crawler/sources/")
            page.fill("#id_username", cast["staff"])
            page.fill("#id_password", PASSWORD)
            page.click("button[type=submit]")
            page.fill("#id_code", pyotp.TOTP(cast["secret"]).at(timezone.now()))
            page.click("button[type=submit]")
            page.wait_for_url(re.compile(r"/crawler/sources/$"))
            page.click("text=新建来源")
            page.fill("#id_name", f"本地百科{suffix}")
            page.select_option("#id_kind", "encyclopedia")
            page.fill("#id_base_url", site.base + "/")
            page.fill("#id_search_path", "/baike/search?q={query}")
            page.fill("#id_min_interval_seconds", "0.2")
            page.fill("#id_max_pages", "20")
            _shots(page, "console-source-form")
            page.click("#source-form button[type=submit]")
            page.wait_for_selector("#run-now")
            assert "采集来源已保存" in page.inner_text("main")

            # run it now for the live tenant; the run page refreshes itself until the worker is done
            page.select_option("#id_tenant", label="实况大学（live）")
            page.click("#run-now button[type=submit]")
            page.wait_for_url(re.compile(r"/crawler/runs/\d+/$"))
            expect(page.locator('#run-summary [data-field="status"]')).to_contain_text("成功", timeout=90_000)
            page.reload()
            assert "人物：王思齐" in page.inner_text("main")
            assert page.locator('tr[data-outcome="matched"]').count() == 4
            _shots(page, "console-run-detail")
            run = CrawlRun.objects.get(source__name=f"本地百科{suffix}")
            assert run.items_delivered == 4 and {hit.user_agent.split("/")[0] for hit in site.hits} == {"CampusSaaSBot"}

            # the tenant's staff confirm one of them
            office = browser.new_page(viewport={"width": 1366, "height": 900})
            _watch(office, errors)
            office.goto(live_server_url.url("live", "/admin-ui/login/"))
            office.fill("#id_username", cast["office"])
            office.fill("#id_password", PASSWORD)
            office.click("button[type=submit]")
            office.wait_for_url(re.compile(r"/admin-ui/"))
            office.goto(live_server_url.url("live", "/admin-ui/alumni/famous/"))
            with schema_context("live"):
                person = FamousAlumnus.objects.get(name="王思齐")
            row = office.locator(f'tr[data-candidate="{person.pk}"]')
            expect(row).to_contain_text("毕业于演示大学")
            _shots(office, "backoffice-famous-queue")
            row.locator('button[data-action="confirm"]').click()
            expect(office.locator(".messages")).to_contain_text("已确认")
            with schema_context("live"):
                assert FamousAlumnus.objects.get(pk=person.pk).status == "confirmed"
            office.goto(live_server_url.url("live", f"/admin-ui/alumni/famous/people/{person.pk}/"))
            _shots(office, "backoffice-famous-person")

            # an alumnus on a phone sees the confirmed person with the source, and only that person
            context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, device_scale_factor=2)
            phone = context.new_page()
            _watch(phone, errors)
            phone.goto(live_server_url.url("live", "/h5/login/"))
            phone.fill("#u", cast["alumnus"])
            phone.fill("#p", PASSWORD)
            phone.click("button[type=submit]")
            phone.wait_for_url(re.compile(r"/h5/"))
            phone.goto(live_server_url.url("live", "/h5/alumni/famous/"))
            listing = phone.locator(".al-list")
            expect(listing).to_contain_text("王思齐")
            assert "李明远" not in listing.inner_text()  # found, but not confirmed
            phone.screenshot(path=f"{SHOTS}/h5-famous-390.png", full_page=True)
            phone.click(f'a[data-person="{person.pk}"]')
            expect(phone.locator(".al-card")).to_contain_text("抓取于")
            assert phone.locator(".al-card a").get_attribute("href") == f"{site.base}/baike/wang-siqi.html"
            phone.screenshot(path=f"{SHOTS}/h5-famous-person-390.png", full_page=True)
            browser.close()
    finally:
        worker.stop()
        site.stop()
    assert not errors, errors
