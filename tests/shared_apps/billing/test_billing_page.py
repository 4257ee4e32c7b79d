"""The tenant's billing page (/admin-ui/billing/): quota and usage, the plan change an online
payer's administrator makes by themselves, the customer portal, and who may do what."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from core.models import AuditEvent
from shared_apps.billing.models import Plan, Subscription
from shared_apps.provisioning.models import Tenant

pytestmark = pytest.mark.django_db


@pytest.fixture
def priced_plans():
    Plan.objects.filter(code="standard").update(stripe_price_month="price_std_m", stripe_price_year="price_std_y")
    Plan.objects.filter(code="premium").update(stripe_price_month="price_pre_m", stripe_price_year="price_pre_y")


@pytest.fixture
def online_alpha(tenant_a, fake_stripe, priced_plans):
    sub = fake_stripe.subscription_create("cus_alpha", price="price_std_m")
    Subscription.objects.create(tenant=tenant_a, stripe_customer_id="cus_alpha", stripe_subscription_id=sub["id"], status="active", plan_code="standard")
    return sub


def _plan(slug):
    return Tenant.objects.get(schema_name=slug).plan


def test_page_shows_quota_with_usage_and_the_plan_change_form(admin_client_a, online_alpha):
    html = admin_client_a.get("/admin-ui/billing/").content.decode()
    assert 'data-field="plan">标准版' in html and 'data-field="subscription-status">正常' in html
    with schema_context("alpha"):
        from tenant_apps.accounts.models import User

        users = User.objects.count()
    assert f'<tr data-quota="users"><td>用户</td><td>{users}</td><td>500</td></tr>' in html
    assert 'hx-confirm="确认变更套餐？' in html and '<option value="premium">旗舰版（¥8999/月）</option>' in html
    assert "试用版" not in html.split('data-section="plan-change"')[1].split("</form>")[0]  # no Stripe price: not offered


def test_admin_changes_plan_through_stripe_and_both_logs_record_it(admin_client_a, admin_a, online_alpha, fake_stripe):
    response = admin_client_a.post("/admin-ui/billing/plan/", {"plan": "premium"}, follow=True)
    assert "套餐已变更为“旗舰版”，Stripe 订阅已改为新价格" in response.content.decode()
    assert fake_stripe.price_of(online_alpha["id"]) == "price_pre_m"
    assert _plan("alpha") == "premium" and Subscription.objects.get(tenant__schema_name="alpha").plan_code == "premium"
    with schema_context("alpha"):
        event = AuditEvent.objects.get(action="billing.plan_change")
        assert event.actor_id == admin_a.pk
        assert event.after == {"plan": "premium", "billing": "stripe", "stripe_price": "price_pre_m"}
    public = AuditEvent.objects.get(action="billing.plan_change")
    assert public.actor_label.startswith("阿尔法大学") and public.object_id == str(Tenant.objects.get(schema_name="alpha").pk)


def test_stripe_refusal_shows_a_message_and_changes_nothing(admin_client_a, online_alpha, fake_stripe):
    fake_stripe.refuse_next("POST", "/v1/subscriptions/", status=402, error_type="card_error", code="card_declined", message="Your card was declined.")
    response = admin_client_a.post("/admin-ui/billing/plan/", {"plan": "premium"}, follow=True)
    assert "支付方式被拒绝（Your card was declined.）" in response.content.decode()
    assert _plan("alpha") == "standard" and fake_stripe.price_of(online_alpha["id"]) == "price_std_m"
    with schema_context("alpha"):
        assert not AuditEvent.objects.filter(action="billing.plan_change").exists()


def test_contract_tenant_is_sent_to_vendor_staff(admin_client_a, online_alpha, fake_stripe):
    Tenant.objects.filter(schema_name="alpha").update(paid_offline_until=timezone.localdate() + datetime.timedelta(days=90))
    html = admin_client_a.get("/admin-ui/billing/").content.decode()
    assert "本单位为线下合同付费，变更套餐请联系平台客服" in html and 'action="/admin-ui/billing/plan/"' not in html
    response = admin_client_a.post("/admin-ui/billing/plan/", {"plan": "premium"}, follow=True)
    assert "本单位不是在线订阅付费，变更套餐请联系平台客服" in response.content.decode()
    assert _plan("alpha") == "standard" and fake_stripe.price_of(online_alpha["id"]) == "price_std_m"


def test_a_plan_without_online_price_cannot_be_chosen(admin_client_a, online_alpha):
    response = admin_client_a.post("/admin-ui/billing/plan/", {"plan": "trial"}, follow=True)
    assert "该套餐不能在线变更" in response.content.decode() and _plan("alpha") == "standard"


def test_permissions_on_the_page(client_a, online_alpha, tenant_staff):
    nobody = tenant_staff("alpha", "billing-nobody", ("accounts.view_user",))
    reader = tenant_staff("alpha", "billing-reader", ("billing.view_invoice",))
    manager = tenant_staff("alpha", "billing-manager", ("billing.view_invoice", "billing.change_subscription"))
    client_a.login_as(nobody)
    assert client_a.get("/admin-ui/billing/").status_code == 403
    assert client_a.post("/admin-ui/billing/plan/", {"plan": "premium"}).status_code == 403
    assert client_a.post("/admin-ui/billing/portal/").status_code == 403
    client_a.login_as(reader)
    html = client_a.get("/admin-ui/billing/").content.decode()
    assert "套餐额度" in html and 'data-section="plan-change"' not in html and "管理支付方式" not in html
    assert client_a.post("/admin-ui/billing/plan/", {"plan": "premium"}).status_code == 403
    client_a.login_as(manager)
    assert 'data-section="plan-change"' in client_a.get("/admin-ui/billing/").content.decode()
    assert client_a.post("/admin-ui/billing/plan/", {"plan": "premium"}).status_code == 302
    assert _plan("alpha") == "premium"


def test_read_only_tenant_can_still_open_the_portal_to_pay(admin_client_a, online_alpha, fake_stripe):
    Tenant.objects.filter(schema_name="alpha").update(status="read_only")
    portal = admin_client_a.post("/admin-ui/billing/portal/")
    assert portal.status_code == 302 and portal["Location"] == f"{fake_stripe.base}/portal/cus_alpha"
    assert admin_client_a.post("/admin-ui/billing/plan/", {"plan": "premium"}).status_code == 403
    assert _plan("alpha") == "standard"


def test_invoices_are_paged_twenty_at_a_time_and_only_the_tenants_own(admin_client_a, tenant_a, tenant_b):
    from shared_apps.billing.models import Invoice

    now = timezone.now()
    for i in range(25):
        Invoice.objects.create(tenant=tenant_a, stripe_invoice_id=f"in_page_{i}", number=f"A-{i:03d}", status="paid",
                               amount_due=1000, created_at=now - datetime.timedelta(days=i))
    Invoice.objects.create(tenant=tenant_b, stripe_invoice_id="in_page_b", number="B-999", status="paid", amount_due=1000)
    first = admin_client_a.get("/admin-ui/billing/").content.decode()
    second = admin_client_a.get("/admin-ui/billing/?page=2").content.decode()
    assert "A-000" in first and "A-019" in first and "A-020" not in first
    assert "A-020" in second and "A-024" in second and "A-000" not in second
    assert "第 1 / 2 页，共 25 条" in first
    assert "B-999" not in first + second
