"""Console (P5, P10): each tenant's last activity, its custom domains, an audit-log export with
a reason recorded on both sides, and the plans' Stripe prices created or linked from the page."""

from __future__ import annotations

import io

import pytest
from django_tenants.utils import schema_context
from openpyxl import load_workbook

from core import tenancy
from core.audit import audit_record
from core.models import AuditEvent
from shared_apps.billing.models import Plan
from shared_apps.domains.models import CustomDomain


def test_last_activity_is_recorded_for_signed_in_users_and_shown(admin_client_a, client_b, tenant_a, tenant_b, staff_console):
    tenancy._activity_written.clear()
    client_b.get("/admin-ui/login/")  # anonymous: not activity
    tenant_b.refresh_from_db()
    assert tenant_b.last_activity_at is None
    assert admin_client_a.get("/admin-ui/").status_code == 200
    tenant_a.refresh_from_db()
    first = tenant_a.last_activity_at
    assert first is not None
    admin_client_a.get("/admin-ui/")  # within five minutes: no second write
    tenant_a.refresh_from_db()
    assert tenant_a.last_activity_at == first

    listing = staff_console.get("/tenants/?q=alpha").content.decode()
    row = listing.split('data-tenant="alpha"', 1)[1].split("</tr>", 1)[0]
    assert 'data-field="last-activity"' in row and "—" not in row.split('data-field="last-activity"', 1)[1]
    detail = staff_console.get("/tenants/alpha/").content.decode()
    assert "尚无登录用户的访问" not in detail
    assert "尚无登录用户的访问" in staff_console.get("/tenants/beta/").content.decode()


def test_console_shows_custom_domains(staff_console, tenant_a):
    CustomDomain.objects.create(tenant=tenant_a, domain="jy.alpha-console.edu.cn")
    section = staff_console.get("/tenants/alpha/").content.decode().split('data-field="custom-domains"', 1)[1].split("</td>", 1)[0]
    assert "jy.alpha-console.edu.cn" in section and "待验证" in section


def test_audit_export_needs_a_reason_holds_only_that_tenant_and_is_logged_on_both_sides(staff_console, tenant_a):
    with schema_context("alpha"):
        audit_record(actor=None, action="accounts.user.create", object_type="accounts.user", object_id=1, object_label="alpha-only-event")
    with schema_context("beta"):
        audit_record(actor=None, action="accounts.user.create", object_type="accounts.user", object_id=2, object_label="beta-only-event")
    page = staff_console.get("/tenants/alpha/audit-export/")
    assert page.status_code == 200 and "导出审计日志" in page.content.decode()

    refused = staff_console.post("/tenants/alpha/audit-export/", {"reason": ""})
    assert refused.status_code == 400
    assert not AuditEvent.objects.filter(action="console.tenant_audit_export").exists()

    response = staff_console.post("/tenants/alpha/audit-export/", {"reason": "学校投诉核查（工单 1234）"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    body = b"".join(response.streaming_content)
    sheet = load_workbook(io.BytesIO(body), read_only=True).active
    text = "\n".join(str(cell) for row in sheet.iter_rows(values_only=True) for cell in row if cell is not None)
    assert "alpha-only-event" in text and "beta-only-event" not in text

    console_event = AuditEvent.objects.get(action="console.tenant_audit_export")
    assert console_event.after["reason"] == "学校投诉核查（工单 1234）" and console_event.object_id == str(tenant_a.pk)
    with schema_context("alpha"):
        tenant_side = AuditEvent.objects.get(action="console.tenant_audit_export")
        assert tenant_side.after["reason"] == "学校投诉核查（工单 1234）"
        assert "客服小王" in tenant_side.actor_label
    with schema_context("beta"):
        assert not AuditEvent.objects.filter(action="console.tenant_audit_export").exists()


def test_audit_export_refuses_reversed_dates(staff_console):
    response = staff_console.post("/tenants/alpha/audit-export/", {"reason": "核查", "date_from": "2026-12-05", "date_to": "2026-12-01"})
    assert response.status_code == 400
    assert "开始日期不能晚于结束日期" in response.content.decode()


@pytest.fixture
def plan_standard():
    plan = Plan.objects.get(code="standard")
    Plan.objects.filter(pk=plan.pk).update(stripe_product="", stripe_price_month="", stripe_price_year="", price_month=99900, price_year=999000, currency="cny")
    plan.refresh_from_db()
    return plan


def test_vendor_staff_create_stripe_prices_from_the_console(staff_console, fake_stripe, plan_standard):
    page = staff_console.get("/plans/").content.decode()
    assert 'data-plan="standard"' in page and "未设置 Stripe 价格" in page
    response = staff_console.post("/plans/standard/stripe/create/", {"intervals": ["month", "year"]}, follow=True)
    assert "已在 Stripe 创建按月、按年价格并保存" in response.content.decode()
    plan_standard.refresh_from_db()
    month, year = fake_stripe.prices[plan_standard.stripe_price_month], fake_stripe.prices[plan_standard.stripe_price_year]
    assert (month["unit_amount"], month["currency"], month["recurring"]["interval"]) == (99900, "cny", "month")
    assert (year["unit_amount"], year["recurring"]["interval"]) == (999000, "year")
    assert month["product"] == year["product"] == plan_standard.stripe_product
    assert len(fake_stripe.products) == 1
    event = AuditEvent.objects.get(action="console.plan_stripe_prices")
    assert event.after["stripe_price_month"] == plan_standard.stripe_price_month

    # Asked again with the same amounts: Stripe's idempotency gives the same prices back.
    staff_console.post("/plans/standard/stripe/create/", {"intervals": ["month"]})
    plan_standard.refresh_from_db()
    assert plan_standard.stripe_price_month == month["id"] and len(fake_stripe.prices) == 2


def test_linking_checks_the_price_against_the_plan(staff_console, fake_stripe, plan_standard):
    wrong = fake_stripe.price_add(product="prod_x", unit_amount=50000, currency="cny", interval="month")
    yearly = fake_stripe.price_add(product="prod_x", unit_amount=99900, currency="cny", interval="year")
    right = fake_stripe.price_add(product="prod_x", unit_amount=99900, currency="cny", interval="month")
    response = staff_console.post("/plans/standard/stripe/link/", {"price_month": wrong["id"]}, follow=True)
    assert "金额为 500.00，套餐按月为 999.00" in response.content.decode()
    response = staff_console.post("/plans/standard/stripe/link/", {"price_month": yearly["id"]}, follow=True)
    assert "不是按月的周期价格" in response.content.decode()
    response = staff_console.post("/plans/standard/stripe/link/", {"price_month": "price_missing"}, follow=True)
    assert "No such price" in response.content.decode()
    plan_standard.refresh_from_db()
    assert plan_standard.stripe_price_month == ""
    response = staff_console.post("/plans/standard/stripe/link/", {"price_month": right["id"]}, follow=True)
    assert "已关联并核对 Stripe 价格" in response.content.decode()
    plan_standard.refresh_from_db()
    assert plan_standard.stripe_price_month == right["id"] and plan_standard.stripe_product == "prod_x"


def test_plans_page_without_stripe_is_read_only(staff_console, settings, plan_standard):
    settings.STRIPE_SECRET_KEY = ""
    page = staff_console.get("/plans/").content.decode()
    assert 'data-field="stripe-not-configured"' in page and 'data-form="create"' not in page
    response = staff_console.post("/plans/standard/stripe/create/", {"intervals": ["month"]}, follow=True)
    assert "尚未配置" in response.content.decode()


def test_console_pages_need_vendor_staff(console, admin_client_a):
    assert console.get("/plans/").status_code == 302
    assert console.post("/tenants/alpha/audit-export/", {"reason": "x"}).status_code == 302
    # a tenant's admin has no console: the paths do not exist on a tenant host
    assert admin_client_a.get("/plans/").status_code == 404
