"""Browser: a school signs up on the public site, verifies its e-mail from the link, pays on
(our local stand-in for) Stripe Checkout, watches provisioning run in a real Celery worker,
and logs in for the first time on its new sub-domain."""

from __future__ import annotations

import os
import re
import uuid

import pytest

from core.testing.browser import CHROMIUM_ARGS

pytestmark = pytest.mark.e2e
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")



@pytest.fixture
def stripe_for_live(settings):
    from tests.shared_apps.billing.fake_stripe import FakeStripe

    fake = FakeStripe()
    settings.STRIPE_SECRET_KEY = "sk_test_e2e"
    settings.STRIPE_API_BASE = fake.base
    settings.STRIPE_WEBHOOK_SECRET = "whsec_e2e"
    yield fake
    fake.stop()


def test_sign_up_pay_provision_and_first_login(live_server_url, live_db, stripe_for_live, settings):
    from django.core import mail
    from playwright.sync_api import expect, sync_playwright

    from core.testing.live import CeleryWorker
    from shared_apps.billing.models import Plan
    from shared_apps.provisioning.models import SignupRequest, Tenant

    Plan.objects.filter(code="standard").update(stripe_price_month="price_e2e_standard")
    worker = CeleryWorker(extra_env={
        "STRIPE_SECRET_KEY": "sk_test_e2e", "STRIPE_API_BASE": stripe_for_live.base, "SPARE_SCHEMA_POOL_SIZE": "0",
    }).start()
    slug = "e2e" + uuid.uuid4().hex[:6]
    password = "Signup-pass-2026"
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(live_server_url.url(None, "/"))
            expect(page.locator(".plans")).to_contain_text("标准版")
            page.screenshot(path="/tmp/e2e-landing.png", full_page=True)
            page.click('.plan[data-plan="standard"] a.btn')

            page.fill("#org_name", "浏览器测试学院")
            page.fill("#slug", "www")
            expect(page.locator("#slug-check")).to_contain_text("保留")
            page.fill("#slug", slug)
            expect(page.locator("#slug-check")).to_contain_text("可以使用")
            page.fill("#admin_name", "王老师")
            page.fill("#admin_email", f"{slug}@example.cn")
            page.fill("#admin_phone", "13900139000")
            page.fill("#password", password)
            page.check("#agree")  # the user agreement and privacy policy
            page.screenshot(path="/tmp/e2e-signup.png", full_page=True)
            page.click("button[type=submit]")
            expect(page.locator("h1")).to_contain_text("请查收验证邮件")

            message = next(m for m in reversed(mail.outbox) if f"{slug}@example.cn" in m.to)
            link = re.search(r"http://\S+/signup/verify/\S+/", message.body).group(0)
            page.goto(link)
            expect(page.locator("#signup-status")).to_contain_text("请完成支付")
            page.click("text=前往支付")  # → local Stripe stand-in → back to our progress page
            page.wait_for_url(re.compile(r"/progress/"))
            try:
                expect(page.locator("#first-login")).to_be_visible(timeout=120_000)
            except AssertionError:
                page.screenshot(path="/tmp/e2e-provisioning-failed.png", full_page=True)
                raise AssertionError(f"not provisioned; page says: {page.inner_text('main, body')[:500]}\nworker log:\n{worker.log()[-2000:]}") from None
            page.screenshot(path="/tmp/e2e-provisioned.png", full_page=True)

            href = page.get_attribute("#first-login", "href")
            assert href.startswith(f"http://{slug}.localhost")
            page.goto(href.replace(f"{slug}.localhost", f"{slug}.localhost:{live_server_url.port}") if f":{live_server_url.port}" not in href else href)
            page.fill("#id_username", "admin")
            page.fill("#id_password", password)
            page.click("button[type=submit]")
            expect(page.locator(".topbar")).to_contain_text("王老师")
            page.screenshot(path="/tmp/e2e-first-login.png", full_page=True)
            browser.close()
    finally:
        worker.stop()
    signup = SignupRequest.objects.get(slug=slug)
    assert signup.status == "ready"
    assert Tenant.objects.get(schema_name=slug).status == "active"
