"""Browser: a school's administrator sees plan, quota and invoices on the billing page, moves to
another plan (confirmed in a dialog), and Stripe (our local stand-in) gets the new price."""

from __future__ import annotations

import os
import re

import pytest

from core.testing.browser import CHROMIUM_ARGS

pytestmark = pytest.mark.e2e
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")



@pytest.fixture
def online_live(live_db, fake_stripe):
    """The committed `live` tenant on the standard plan with a Stripe subscription; put back after."""
    from shared_apps.billing.models import Plan, Subscription
    from shared_apps.provisioning.models import Tenant

    tenant = Tenant.objects.get(schema_name="live")
    prices = {code: (month, year) for code, month, year in Plan.objects.values_list("code", "stripe_price_month", "stripe_price_year")}
    Plan.objects.filter(code="standard").update(stripe_price_month="price_std_m")
    Plan.objects.filter(code="premium").update(stripe_price_month="price_pre_m")
    sub = fake_stripe.subscription_create("cus_live", price="price_std_m")
    Subscription.objects.filter(tenant=tenant).delete()
    Subscription.objects.create(tenant=tenant, stripe_customer_id="cus_live", stripe_subscription_id=sub["id"], status="active", plan_code="standard")
    plan_before = tenant.plan
    Tenant.objects.filter(pk=tenant.pk).update(plan="standard")
    yield sub
    Subscription.objects.filter(tenant=tenant).delete()
    Tenant.objects.filter(pk=tenant.pk).update(plan=plan_before)
    for code, (month, year) in prices.items():
        Plan.objects.filter(code=code).update(stripe_price_month=month, stripe_price_year=year)


def test_admin_changes_plan_on_the_billing_page(live_server_url, online_live, fake_stripe):
    from playwright.sync_api import expect, sync_playwright

    from core.testing.database import TEST_ADMIN_PASSWORD, TEST_ADMIN_USERNAME
    from shared_apps.provisioning.models import Tenant

    base = live_server_url.url("live", "/admin-ui/")
    errors: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            dialogs: list[str] = []
            page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.accept()))
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 and not r.url.endswith("/favicon.ico") else None)
            page.goto(base + "login/")
            page.fill("#id_username", TEST_ADMIN_USERNAME)
            page.fill("#id_password", TEST_ADMIN_PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_url(re.compile(r"/admin-ui/$"))

            page.click('a[data-menu="billing"]')
            expect(page.locator('[data-field="plan"]')).to_have_text("标准版")
            expect(page.locator('tr[data-quota="users"]')).to_contain_text("500")
            page.screenshot(path="/tmp/billing-page.png", full_page=True)

            page.select_option("#id_plan", "premium")
            page.click('[data-section="plan-change"] button[type=submit]')
            expect(page.locator(".messages")).to_contain_text("Stripe 订阅已改为新价格")
            expect(page.locator('[data-field="plan"]')).to_have_text("旗舰版")
            page.screenshot(path="/tmp/billing-plan-changed.png", full_page=True)
        finally:
            browser.close()
    assert dialogs and "确认变更套餐" in dialogs[0]
    assert fake_stripe.price_of(online_live["id"]) == "price_pre_m"
    assert Tenant.objects.get(schema_name="live").plan == "premium"
    assert not errors, errors
