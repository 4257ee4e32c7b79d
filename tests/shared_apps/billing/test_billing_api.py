"""/api/v1/billing/: overview, invoices, plans, customer portal and plan change. The billing rows
of every tenant share the public schema: each answer holds the requesting tenant's rows only."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from shared_apps.billing.models import Invoice, Plan, Subscription
from shared_apps.provisioning.models import Tenant

pytestmark = pytest.mark.django_db

API = "/api/v1/billing/"


@pytest.fixture
def online_alpha(tenant_a, fake_stripe):
    Plan.objects.filter(code="standard").update(stripe_price_month="price_std_m")
    Plan.objects.filter(code="premium").update(stripe_price_month="price_pre_m")
    sub = fake_stripe.subscription_create("cus_alpha", price="price_std_m")
    Subscription.objects.create(
        tenant=tenant_a, stripe_customer_id="cus_alpha", stripe_subscription_id=sub["id"], status="active", plan_code="standard",
        current_period_end=timezone.now() + datetime.timedelta(days=12),
    )
    return sub


def _invoice(tenant, number, days_ago, status="paid"):
    return Invoice.objects.create(
        tenant=tenant, stripe_invoice_id=f"in_{number}", number=number, status=status, amount_due=299900,
        amount_paid=299900 if status == "paid" else 0, created_at=timezone.now() - datetime.timedelta(days=days_ago),
    )


def test_overview_has_plan_subscription_limits_and_usage(admin_client_a, online_alpha):
    response = admin_client_a.get(API)
    assert response.status_code == 200
    data = response.json()
    assert data["plan_code"] == "standard" and data["plan"]["name"] == "标准版" and data["plan"]["price_month"] == 299900
    assert data["status"] == "active" and data["billing"] == "stripe" and data["paid_offline_until"] is None
    assert data["subscription"]["status"] == "active" and data["subscription"]["status_label"] == "正常"
    assert data["subscription"]["interval"] == "month" and data["subscription"]["current_period_end"]
    assert data["limits"]["users"] == 500
    assert data["usage"]["users"] >= 1
    users = next(row for row in data["quota"] if row["key"] == "users")
    assert users == {"key": "users", "label": "用户", "limit": 500, "used": data["usage"]["users"]}


def test_overview_of_a_tenant_without_subscription(admin_client_b, tenant_b):
    data = admin_client_b.get(API).json()
    assert data["subscription"] is None and data["billing"] == "none" and data["plan_code"] == "standard"


def test_invoices_are_paginated_newest_first_and_per_tenant(admin_client_a, admin_client_b, tenant_a, tenant_b):
    for n in range(3):
        _invoice(tenant_a, f"ALPHA-{n}", days_ago=30 * n)
    beta_invoice = _invoice(tenant_b, "BETA-0", days_ago=1, status="open")
    page = admin_client_a.get(f"{API}invoices/?page_size=2").json()
    assert page["count"] == 3 and [i["number"] for i in page["results"]] == ["ALPHA-0", "ALPHA-1"] and page["next"]
    assert admin_client_a.get(f"{API}invoices/?page=2&page_size=2").json()["results"][0]["number"] == "ALPHA-2"
    assert admin_client_a.get(f"{API}invoices/?search=ALPHA-1").json()["count"] == 1
    # another tenant's administrator sees only their own invoices, and never alpha's by id
    beta = admin_client_b.get(f"{API}invoices/").json()
    assert [i["number"] for i in beta["results"]] == ["BETA-0"]
    alpha_invoice = Invoice.objects.get(number="ALPHA-0")
    assert admin_client_b.get(f"{API}invoices/{alpha_invoice.pk}/").status_code == 404
    assert admin_client_a.get(f"{API}invoices/{beta_invoice.pk}/").status_code == 404
    detail = admin_client_a.get(f"{API}invoices/{alpha_invoice.pk}/")
    assert detail.status_code == 200 and detail.json()["amount_due"] == 299900


def test_portal_session_returns_the_stripe_portal_url(admin_client_a, admin_client_b, online_alpha, fake_stripe):
    response = admin_client_a.post(f"{API}portal-session/")
    assert response.status_code == 201 and response.json()["url"] == f"{fake_stripe.base}/portal/cus_alpha"
    portal_call = next(params for method, path, params in fake_stripe.requests if path == "/v1/billing_portal/sessions")
    assert portal_call["customer"] == "cus_alpha" and portal_call["return_url"].endswith("alpha.localhost/admin-ui/billing/")
    # beta has no Stripe customer: a clear refusal, not alpha's portal
    refused = admin_client_b.post(f"{API}portal-session/")
    assert refused.status_code == 409 and refused.json()["code"] == "no_billing_account"


def test_portal_session_when_stripe_fails(admin_client_a, online_alpha, fake_stripe):
    fake_stripe.refuse_next("POST", "/v1/billing_portal/sessions", message="You can't create a portal session in test mode until you save your customer portal settings.")
    response = admin_client_a.post(f"{API}portal-session/")
    assert response.status_code == 502
    assert response.json()["code"] == "billing_gateway_error" and "在线支付平台拒绝了该请求" in response.json()["message"]


def test_change_plan_through_the_api(admin_client_a, online_alpha, fake_stripe):
    plans = admin_client_a.get(f"{API}plans/").json()
    assert [p["code"] for p in plans] == ["standard", "premium"]
    response = admin_client_a.post(f"{API}change-plan/", {"plan": "premium"}, content_type="application/json")
    assert response.status_code == 200
    assert response.json() == {"plan_code": "premium", "previous_plan_code": "standard", "billing": "stripe", "message": response.json()["message"]}
    assert fake_stripe.price_of(online_alpha["id"]) == "price_pre_m"
    assert Tenant.objects.get(schema_name="alpha").plan == "premium"
    # 旗舰版 sets no limits: usage is still reported, the limit is null
    overview = admin_client_a.get(API).json()
    assert overview["limits"] == {} and next(row for row in overview["quota"] if row["key"] == "users")["limit"] is None
    again = admin_client_a.post(f"{API}change-plan/", {"plan": "premium"}, content_type="application/json")
    assert again.status_code == 400 and again.json()["code"] == "billing_plan_unchanged"


def test_change_plan_refused_for_a_tenant_without_online_subscription(admin_client_b, tenant_b):
    response = admin_client_b.post(f"{API}change-plan/", {"plan": "premium"}, content_type="application/json")
    assert response.status_code == 409 and response.json()["code"] == "billing_plan_change_needs_support"
    assert "联系平台客服" in response.json()["message"]
    assert Tenant.objects.get(schema_name="beta").plan == "standard"


def test_change_plan_stripe_refusal_changes_nothing(admin_client_a, online_alpha, fake_stripe):
    fake_stripe.refuse_next("POST", "/v1/subscriptions/", status=402, error_type="card_error", code="card_declined", message="Your card was declined.")
    response = admin_client_a.post(f"{API}change-plan/", {"plan": "premium"}, content_type="application/json")
    assert response.status_code == 502 and response.json()["code"] == "billing_gateway_error"
    assert "支付方式被拒绝" in response.json()["message"]
    assert Tenant.objects.get(schema_name="alpha").plan == "standard"
    assert fake_stripe.price_of(online_alpha["id"]) == "price_std_m"


@pytest.mark.parametrize(("method", "path"), [
    ("get", ""), ("get", "plans/"), ("get", "invoices/"), ("post", "portal-session/"), ("post", "change-plan/"),
])
def test_without_billing_permission_is_403(client_a, tenant_staff, online_alpha, method, path):
    client_a.login_as(tenant_staff("alpha", f"nobody-{method}-{path.strip('/') or 'root'}", ("accounts.view_user",)))
    response = getattr(client_a, method)(f"{API}{path}", {"plan": "premium"} if method == "post" else None, content_type="application/json")
    assert response.status_code == 403 and response.json()["code"] == "permission_denied"


def test_reader_cannot_change_or_open_the_portal(client_a, tenant_staff, online_alpha):
    client_a.login_as(tenant_staff("alpha", "billing-reader", ("billing.view_invoice",)))
    assert client_a.get(API).status_code == 200
    assert client_a.post(f"{API}portal-session/").status_code == 403
    assert client_a.post(f"{API}change-plan/", {"plan": "premium"}, content_type="application/json").status_code == 403


def test_anonymous_is_401(client_a):
    assert client_a.get(API).status_code == 401


def test_read_only_tenant_can_open_the_portal_but_not_change_plan(admin_client_a, online_alpha):
    Tenant.objects.filter(schema_name="alpha").update(status="read_only")
    assert admin_client_a.post(f"{API}portal-session/").status_code == 201
    refused = admin_client_a.post(f"{API}change-plan/", {"plan": "premium"}, content_type="application/json")
    assert refused.status_code == 403 and refused.json()["code"] == "tenant_read_only"
