import datetime

import pytest
from django.test import Client
from django.utils import timezone

from shared_apps.billing.models import Invoice, StripeEvent, Subscription
from shared_apps.billing.services import dunning_run
from shared_apps.provisioning.models import Tenant
from tests.shared_apps.billing.fake_stripe import WEBHOOK_SECRET, signed_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def www():
    return Client(HTTP_HOST="www.localhost")


@pytest.fixture
def subscribed_alpha(tenant_a, fake_stripe):
    customer = "cus_alpha"
    sub = fake_stripe.subscription_create(customer, status="active")
    Subscription.objects.create(tenant=tenant_a, stripe_customer_id=customer, stripe_subscription_id=sub["id"], status="active", plan_code="standard")
    return sub


def _post(www, event_type, obj, event_id=None, secret=WEBHOOK_SECRET):
    payload, header = signed_event(event_type, obj, secret=secret, event_id=event_id)
    return www.post("/billing/webhook/", data=payload, content_type="application/json", HTTP_STRIPE_SIGNATURE=header)


def _status(tenant):
    return Tenant.objects.get(pk=tenant.pk).status


def test_bad_signature_is_rejected(www, fake_stripe, subscribed_alpha):
    response = _post(www, "customer.subscription.updated", subscribed_alpha, secret="whsec_wrong")
    assert response.status_code == 400
    assert not StripeEvent.objects.exists()


def test_status_follows_the_subscription(www, fake_stripe, subscribed_alpha, tenant_a, admin_client_a):
    fake_stripe.set_subscription_status(subscribed_alpha["id"], "past_due")
    assert _post(www, "customer.subscription.updated", subscribed_alpha).status_code == 200
    assert _status(tenant_a) == "past_due"
    page = admin_client_a.get("/admin-ui/").content.decode()
    assert "欠费" in page
    fake_stripe.set_subscription_status(subscribed_alpha["id"], "unpaid")
    _post(www, "customer.subscription.updated", subscribed_alpha)
    assert _status(tenant_a) == "read_only"
    fake_stripe.set_subscription_status(subscribed_alpha["id"], "canceled")
    _post(www, "customer.subscription.deleted", subscribed_alpha)
    assert _status(tenant_a) == "suspended"


def test_replayed_event_changes_nothing_twice(www, fake_stripe, subscribed_alpha, tenant_a):
    invoice = {"id": "in_1", "object": "invoice", "customer": "cus_alpha", "subscription": subscribed_alpha["id"], "status": "paid", "amount_due": 299900, "amount_paid": 299900, "currency": "cny", "number": "A-0001", "created": 1700000000}
    first = _post(www, "invoice.paid", invoice, event_id="evt_same")
    second = _post(www, "invoice.paid", invoice, event_id="evt_same")
    assert first.content == b"applied" and second.content == b"duplicate"
    assert Invoice.objects.filter(tenant=tenant_a).count() == 1
    assert StripeEvent.objects.filter(event_id="evt_same").count() == 1


def test_out_of_order_events_cannot_move_status_backwards(www, fake_stripe, subscribed_alpha, tenant_a):
    # Stripe says: canceled. An older "updated: active" event arriving late must not revive it.
    fake_stripe.set_subscription_status(subscribed_alpha["id"], "canceled")
    _post(www, "customer.subscription.deleted", {**subscribed_alpha, "status": "canceled"})
    _post(www, "customer.subscription.updated", {**subscribed_alpha, "status": "active"})
    assert _status(tenant_a) == "suspended"


def test_payment_failed_then_grace_period_turns_read_only(www, fake_stripe, subscribed_alpha, tenant_a):
    fake_stripe.set_subscription_status(subscribed_alpha["id"], "past_due")
    invoice = {"id": "in_2", "object": "invoice", "customer": "cus_alpha", "subscription": subscribed_alpha["id"], "status": "open", "amount_due": 299900, "amount_paid": 0, "currency": "cny", "created": 1700000000}
    _post(www, "invoice.payment_failed", invoice)
    assert _status(tenant_a) == "past_due"
    Subscription.objects.filter(tenant=tenant_a).update(past_due_since=timezone.now() - datetime.timedelta(days=30))
    assert dunning_run() == 1
    assert _status(tenant_a) == "read_only"


def test_invoices_and_portal_on_the_tenant_billing_page(www, fake_stripe, subscribed_alpha, tenant_a, admin_client_a, admin_client_b):
    invoice = {"id": "in_3", "object": "invoice", "customer": "cus_alpha", "subscription": subscribed_alpha["id"], "status": "paid", "amount_due": 299900, "amount_paid": 299900, "currency": "cny", "number": "ALPHA-INV-7", "created": 1700000000}
    _post(www, "invoice.paid", invoice)
    page = admin_client_a.get("/admin-ui/billing/").content.decode()
    assert "ALPHA-INV-7" in page and "已支付" in page
    # another tenant never sees it
    assert "ALPHA-INV-7" not in admin_client_b.get("/admin-ui/billing/").content.decode()
    portal = admin_client_a.post("/admin-ui/billing/portal/")
    assert portal.status_code == 302 and portal["Location"].startswith(fake_stripe.base + "/portal/cus_alpha")


def test_offline_contract_behaves_as_active(tenant_a, admin_client_a):
    Tenant.objects.filter(pk=tenant_a.pk).update(status="suspended", paid_offline_until=timezone.localdate() + datetime.timedelta(days=30))
    assert admin_client_a.get("/admin-ui/").status_code == 200
    Tenant.objects.filter(pk=tenant_a.pk).update(paid_offline_until=timezone.localdate() - datetime.timedelta(days=1))
    assert admin_client_a.get("/admin-ui/").status_code == 403


def test_plan_limit_is_enforced_with_a_clear_message(in_tenant_a):
    from django.db import connection

    from core.limits import PlanLimitReached, limit_check

    Tenant.objects.filter(schema_name="alpha").update(plan="trial")
    connection.tenant.plan = "trial"
    limit_check(key="experts", current_count=10)
    with pytest.raises(PlanLimitReached) as excinfo:
        limit_check(key="experts", current_count=500)
    assert "专家数量上限（500）" in excinfo.value.message


def test_plan_limit_stops_new_accounts_and_experts(tenant_a, admin_client_a):
    from django_tenants.utils import schema_context

    from core.limits import PlanLimitReached
    from shared_apps.billing.models import Plan
    from tenant_apps.accounts.models import User
    from tenant_apps.accounts.services import user_create

    with schema_context("alpha"):
        staff_now = User.objects.filter(is_active=True).exclude(kind__in=["student", "alumnus", "expert"]).count()
    Plan.objects.create(code="tiny", name="迷你版", modules=["employment", "alumni", "experts"], limits={"users": staff_now, "students": 1})
    Tenant.objects.filter(pk=tenant_a.pk).update(plan="tiny")
    with schema_context("alpha"):
        from django.db import connection

        connection.tenant.plan = "tiny"
        with pytest.raises(PlanLimitReached) as excinfo:
            user_create(actor=None, username="one-too-many", password="Long-enough-9")
        assert "用户数量上限" in excinfo.value.message
        user_create(actor=None, username="first-student", kind="student", password="Long-enough-9")
        with pytest.raises(PlanLimitReached):
            user_create(actor=None, username="second-student", kind="student", password="Long-enough-9")
    # through the API: a clear message and an English error code
    response = admin_client_a.post("/api/v1/users/", {"username": "via-api", "password": "Long-enough-9", "kind": "staff"}, content_type="application/json")
    assert response.status_code == 403
    assert response.json()["code"] == "plan_limit_reached" and "上限" in response.json()["message"]


def test_plan_changed_in_the_customer_portal_reaches_the_tenant_once(www, fake_stripe, tenant_a):
    from core.models import AuditEvent
    from shared_apps.billing.models import Plan

    Plan.objects.filter(code="standard").update(stripe_price_month="price_std_m")
    Plan.objects.filter(code="premium").update(stripe_price_month="price_pre_m")
    sub = fake_stripe.subscription_create("cus_alpha", price="price_std_m")
    Subscription.objects.create(tenant=tenant_a, stripe_customer_id="cus_alpha", stripe_subscription_id=sub["id"], status="active", plan_code="standard")
    # the customer picks 旗舰版 in Stripe's portal; Stripe changes the item's price and tells us
    sub["items"]["data"][0]["price"]["id"] = "price_pre_m"
    assert _post(www, "customer.subscription.updated", sub).content == b"applied"
    assert Tenant.objects.get(pk=tenant_a.pk).plan == "premium"
    assert Subscription.objects.get(tenant=tenant_a).plan_code == "premium"
    assert AuditEvent.objects.get(action="tenant.plan_from_billing").after == {"plan": "premium"}
    # a second event about the same state changes nothing more
    _post(www, "customer.subscription.updated", sub)
    assert AuditEvent.objects.filter(action="tenant.plan_from_billing").count() == 1


def test_contract_tenant_keeps_its_plan_when_stripe_says_otherwise(www, fake_stripe, tenant_a):
    from shared_apps.billing.models import Plan

    Plan.objects.filter(code="premium").update(stripe_price_month="price_pre_m")
    sub = fake_stripe.subscription_create("cus_alpha", price="price_pre_m")
    Subscription.objects.create(tenant=tenant_a, stripe_customer_id="cus_alpha", stripe_subscription_id=sub["id"], status="active", plan_code="standard")
    Tenant.objects.filter(pk=tenant_a.pk).update(paid_offline_until=timezone.localdate() + datetime.timedelta(days=30))
    _post(www, "customer.subscription.updated", sub)
    assert Tenant.objects.get(pk=tenant_a.pk).plan == "standard"
