"""Console tenant actions beyond suspend/modules: plan, offline payment, failed provisioning
retry, spare pool refill, and the health page. Each action is confirmed and audited."""

from __future__ import annotations

import datetime
import json
import uuid

import pytest
from django.test import Client
from django.utils import timezone
from django_tenants.utils import schema_context

from core.models import AuditEvent
from shared_apps.billing.models import Invoice, Plan, Subscription
from shared_apps.console import task_failures
from shared_apps.provisioning.models import SignupRequest, Tenant
from tests.shared_apps.billing.fake_stripe import WEBHOOK_SECRET, signed_event

pytestmark = pytest.mark.django_db


def _tenant(slug):
    return Tenant.objects.get(schema_name=slug)


# --- plan ------------------------------------------------------------------------------------------


def test_change_plan_is_confirmed_and_audited_in_both_logs(staff_console):
    Subscription.objects.create(tenant=_tenant("alpha"), plan_code="standard", status="active")
    page = staff_console.get("/tenants/alpha/plan/")
    html = page.content.decode()
    assert page.status_code == 200 and "确认变更" in html and "旗舰版" in html
    assert "没有在线订阅：只修改平台记录" in html
    assert staff_console.post("/tenants/alpha/plan/", {"plan": "premium", "reason": ""}).status_code == 400
    assert staff_console.post("/tenants/alpha/plan/", {"plan": "nosuch", "reason": "x"}).status_code == 400
    assert _tenant("alpha").plan == "standard"

    response = staff_console.post("/tenants/alpha/plan/", {"plan": "premium", "reason": "签订旗舰版合同"}, follow=True)
    assert "该单位没有在线订阅，只修改了平台记录" in response.content.decode()
    assert _tenant("alpha").plan == "premium"
    assert Subscription.objects.get(tenant__schema_name="alpha").plan_code == "premium"
    event = AuditEvent.objects.get(action="console.tenant_plan")
    assert event.before["plan"] == "standard"
    assert event.after == {"plan": "premium", "billing": "none", "reason": "签订旗舰版合同"}
    with schema_context("alpha"):
        assert AuditEvent.objects.get(action="console.tenant_plan").actor_label == "平台客服 客服小王"
    with schema_context("beta"):
        assert not AuditEvent.objects.filter(action="console.tenant_plan").exists()
    assert _tenant("beta").plan == "standard"
    # same plan again: nothing to do
    response = staff_console.post("/tenants/alpha/plan/", {"plan": "premium", "reason": "再来"})
    assert response.status_code == 400 and "套餐没有变化" in response.content.decode()


@pytest.fixture
def priced_plans():
    Plan.objects.filter(code="standard").update(stripe_price_month="price_std_m", stripe_price_year="price_std_y")
    Plan.objects.filter(code="premium").update(stripe_price_month="price_pre_m", stripe_price_year="price_pre_y")


def _online_subscriber(fake_stripe, slug, *, interval="month"):
    """A tenant on the standard plan paying through a live Stripe subscription."""
    sub = fake_stripe.subscription_create(f"cus_{slug}", price=f"price_std_{interval[0]}", interval=interval)
    Subscription.objects.create(
        tenant=_tenant(slug), stripe_customer_id=f"cus_{slug}", stripe_subscription_id=sub["id"],
        status="active", plan_code="standard", interval=interval,
    )
    return sub


def _webhook(event_type, obj):
    payload, header = signed_event(event_type, obj, secret=WEBHOOK_SECRET)
    return Client(HTTP_HOST="www.localhost").post("/billing/webhook/", data=payload, content_type="application/json", HTTP_STRIPE_SIGNATURE=header)


@pytest.mark.parametrize("interval", ["month", "year"])
def test_change_plan_moves_the_stripe_subscription_to_the_new_price(staff_console, fake_stripe, priced_plans, interval):
    sub = _online_subscriber(fake_stripe, "alpha", interval=interval)
    page = staff_console.get("/tenants/alpha/plan/").content.decode()
    assert "同步修改 Stripe 订阅价格" in page

    response = staff_console.post("/tenants/alpha/plan/", {"plan": "premium", "reason": "客户来电升级"}, follow=True)
    assert "Stripe 订阅已改为新价格" in response.content.decode()
    # Stripe has the new price of the same interval, prorated, on the existing item
    expected_price = f"price_pre_{interval[0]}"
    assert fake_stripe.price_of(sub["id"]) == expected_price
    update = next(params for method, path, params in fake_stripe.requests if method == "POST" and path == f"/v1/subscriptions/{sub['id']}")
    assert update == {"items[0][id]": sub["items"]["data"][0]["id"], "items[0][price]": expected_price, "proration_behavior": "create_prorations"}
    assert _tenant("alpha").plan == "premium"
    assert Subscription.objects.get(tenant__schema_name="alpha").plan_code == "premium"
    event = AuditEvent.objects.get(action="console.tenant_plan")
    assert event.after == {"plan": "premium", "billing": "stripe", "stripe_price": expected_price, "reason": "客户来电升级"}

    # Stripe then sends customer.subscription.updated: our records already match, nothing moves twice
    audit_count = AuditEvent.objects.count()
    assert _webhook("customer.subscription.updated", fake_stripe.subscriptions[sub["id"]]).content == b"applied"
    assert _tenant("alpha").plan == "premium" and _tenant("alpha").status == "active"
    synced = Subscription.objects.get(tenant__schema_name="alpha")
    assert synced.plan_code == "premium" and synced.interval == interval and synced.status == "active"
    assert AuditEvent.objects.count() == audit_count
    assert not AuditEvent.objects.filter(action="tenant.plan_from_billing").exists()


def test_stripe_refusal_leaves_the_plan_unchanged(staff_console, fake_stripe, priced_plans):
    sub = _online_subscriber(fake_stripe, "alpha")
    fake_stripe.refuse_next("POST", f"/v1/subscriptions/{sub['id']}", message="No such price: 'price_pre_m'")
    response = staff_console.post("/tenants/alpha/plan/", {"plan": "premium", "reason": "升级"})
    html = response.content.decode()
    assert response.status_code == 502
    assert "在线支付平台拒绝了该请求（No such price: &#x27;price_pre_m&#x27;）" in html
    assert _tenant("alpha").plan == "standard"
    assert Subscription.objects.get(tenant__schema_name="alpha").plan_code == "standard"
    assert fake_stripe.price_of(sub["id"]) == "price_std_m"
    assert not AuditEvent.objects.filter(action="console.tenant_plan").exists()
    with schema_context("alpha"):
        assert not AuditEvent.objects.filter(action="console.tenant_plan").exists()


def test_plan_without_a_stripe_price_is_refused_for_online_payers(staff_console, fake_stripe, priced_plans):
    sub = _online_subscriber(fake_stripe, "alpha", interval="year")
    Plan.objects.filter(code="premium").update(stripe_price_year="")
    response = staff_console.post("/tenants/alpha/plan/", {"plan": "premium", "reason": "升级"})
    assert response.status_code == 400 and "没有配置 Stripe 按年价格" in response.content.decode()
    assert _tenant("alpha").plan == "standard" and fake_stripe.price_of(sub["id"]) == "price_std_y"


def test_contract_tenant_plan_change_leaves_stripe_alone(staff_console, fake_stripe, priced_plans):
    sub = _online_subscriber(fake_stripe, "alpha")
    Tenant.objects.filter(schema_name="alpha").update(paid_offline_until=timezone.localdate() + datetime.timedelta(days=200))
    assert "线下合同付费：只修改平台记录" in staff_console.get("/tenants/alpha/plan/").content.decode()
    response = staff_console.post("/tenants/alpha/plan/", {"plan": "premium", "reason": "合同续签为旗舰版"}, follow=True)
    assert "该单位为线下合同付费，只修改了平台记录" in response.content.decode()
    assert _tenant("alpha").plan == "premium"
    assert fake_stripe.price_of(sub["id"]) == "price_std_m"
    assert not [r for r in fake_stripe.requests if r[0] == "POST"]
    assert AuditEvent.objects.get(action="console.tenant_plan").after["billing"] == "offline"


# --- offline payment -------------------------------------------------------------------------------


def test_mark_paid_offline_makes_a_read_only_tenant_active(staff_console, admin_client_b):
    Tenant.objects.filter(schema_name="beta").update(status="read_only")
    assert admin_client_b.post("/admin-ui/org-units/new/", {"name": "线下付费前", "kind": "college"}).status_code == 403
    until = timezone.localdate() + datetime.timedelta(days=365)
    assert staff_console.get("/tenants/beta/offline-payment/").status_code == 200
    assert staff_console.post("/tenants/beta/offline-payment/", {"paid_until": until.isoformat(), "reason": ""}).status_code == 400
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    assert staff_console.post("/tenants/beta/offline-payment/", {"paid_until": yesterday.isoformat(), "reason": "x"}).status_code == 400

    response = staff_console.post("/tenants/beta/offline-payment/", {"paid_until": until.isoformat(), "reason": "合同 HT-2025-001 已电汇"})
    assert response.status_code == 302
    tenant = _tenant("beta")
    assert tenant.paid_offline_until == until and tenant.effective_status == "active"
    event = AuditEvent.objects.get(action="console.tenant_paid_offline")
    assert event.after == {"paid_offline_until": until.isoformat(), "reason": "合同 HT-2025-001 已电汇"}
    with schema_context("beta"):
        assert AuditEvent.objects.filter(action="console.tenant_paid_offline").exists()
    # the school can write again
    assert admin_client_b.post("/admin-ui/org-units/new/", {"name": "线下付费后", "kind": "college"}).status_code == 302
    detail = staff_console.get("/tenants/beta/").content.decode()
    assert until.isoformat() in detail

    # clearing it
    assert staff_console.post("/tenants/beta/offline-payment/", {"paid_until": "", "reason": "合同终止"}).status_code == 302
    assert _tenant("beta").paid_offline_until is None


# --- billing state -----------------------------------------------------------------------------------


def test_detail_shows_subscription_and_invoices(staff_console):
    tenant = _tenant("alpha")
    period_end = timezone.now() + datetime.timedelta(days=20)
    Subscription.objects.create(tenant=tenant, plan_code="standard", status="past_due", current_period_end=period_end, stripe_customer_id="cus_console1")
    Invoice.objects.create(tenant=tenant, stripe_invoice_id="in_console_1", number="INV-0001", status="open", amount_due=299900)
    Invoice.objects.create(tenant=_tenant("beta"), stripe_invoice_id="in_console_beta", number="INV-BETA", status="paid", amount_due=100)
    html = staff_console.get("/tenants/alpha/").content.decode()
    assert 'data-field="subscription-status">past_due' in html
    assert timezone.localtime(period_end).strftime("%Y-%m-%d") in html
    assert 'data-invoice="in_console_1"' in html and "INV-0001" in html
    assert "INV-BETA" not in html
    assert "无在线订阅" in staff_console.get("/tenants/beta/").content.decode()


# --- failed provisioning ---------------------------------------------------------------------------


def _failed_signup(status=SignupRequest.Status.FAILED):
    slug = "f" + uuid.uuid4().hex[:10]
    return SignupRequest.objects.create(
        submit_token=uuid.uuid4().hex, org_name="失败大学", type="university", slug=slug, admin_name="张三",
        admin_email=f"{slug}@example.com", admin_phone="13800000000", password_hash="x", modules=["employment"],
        plan="standard", status=status, error="开通过程中出现系统错误", verify_token_hash=uuid.uuid4().hex,
        expires_at=timezone.now() + datetime.timedelta(hours=1),
    )


def test_failed_signups_are_listed_and_retried(staff_console, django_capture_on_commit_callbacks):
    signup = _failed_signup()
    ready = _failed_signup(status=SignupRequest.Status.READY)
    html = staff_console.get("/signups/failed/").content.decode()
    assert f'data-signup="{signup.pk}"' in html and "开通过程中出现系统错误" in html
    assert f'data-signup="{ready.pk}"' not in html
    assert staff_console.get(f"/signups/{ready.pk}/retry/").status_code == 404
    assert staff_console.get(f"/signups/{signup.pk}/retry/").status_code == 200
    assert staff_console.post(f"/signups/{signup.pk}/retry/", {"reason": ""}).status_code == 400

    with django_capture_on_commit_callbacks() as callbacks:
        response = staff_console.post(f"/signups/{signup.pk}/retry/", {"reason": "数据库已恢复"})
    assert response.status_code == 302
    assert len(callbacks) == 1  # the provisioning task is queued on commit
    signup.refresh_from_db()
    assert signup.status == SignupRequest.Status.QUEUED and signup.error == ""
    event = AuditEvent.objects.get(action="console.signup_retry")
    assert event.before["status"] == "failed" and event.after["status"] == "queued" and event.after["reason"] == "数据库已恢复"
    assert event.actor_label == "客服小王"


def test_retry_with_a_taken_slug_explains(staff_console):
    signup = _failed_signup()
    response = staff_console.post(f"/signups/{signup.pk}/retry/", {"new_slug": "alpha", "reason": "换名"})
    assert response.status_code == 400 and "已被占用" in response.content.decode()
    signup.refresh_from_db()
    assert signup.status == SignupRequest.Status.FAILED
    response = staff_console.post(f"/signups/{signup.pk}/retry/", {"new_slug": "x" + signup.slug[1:], "reason": "换名"})
    assert response.status_code == 302
    signup.refresh_from_db()
    assert signup.status == SignupRequest.Status.QUEUED and signup.slug.startswith("x")


# --- spare pool and health -------------------------------------------------------------------------


def test_pool_refill_is_confirmed_queued_and_audited(staff_console, django_capture_on_commit_callbacks):
    page = staff_console.get("/health/pool/refill/")
    assert page.status_code == 200 and "确认补充" in page.content.decode()
    with django_capture_on_commit_callbacks() as callbacks:
        response = staff_console.post("/health/pool/refill/")
    assert response.status_code == 302 and response["Location"] == "/health/"
    assert [cb.__self__.name for cb in callbacks] == ["provisioning.refill_spare_pool"]
    event = AuditEvent.objects.get(action="console.spare_pool_refill")
    assert set(event.after) == {"total", "current", "target"}


@pytest.fixture
def clean_failures():
    client = task_failures.broker_redis()
    client.delete(task_failures.failures_key())
    yield
    client.delete(task_failures.failures_key())


def test_health_page(staff_console, clean_failures):
    from core.tasks import echo_schema

    client = task_failures.broker_redis()
    results = [echo_schema.apply_async() for _ in range(2)]  # harmless if a worker picks them up
    try:
        waiting = client.lrange("default", 0, -1)
        assert all(any(r.id.encode() in raw for raw in waiting) for r in results)
        before = client.llen("default")
        response = staff_console.get("/health/")
        after = client.llen("default")
        html = response.content.decode()
        assert response.status_code == 200
        assert 'data-check="database"' in html and 'data-check="redis"' in html and 'data-check="worker"' in html
        health = response.context["health"]
        assert health["database"]["ok"] and health["redis"]["ok"] and health["database"]["ms"] >= 0
        # (other test processes may share this Redis database and queue or take messages meanwhile)
        shown = health["queues"]["default"]
        assert min(before, after) <= shown <= max(before, after) and shown >= 1
        assert f'data-queue="default"><td>default</td><td data-field="length">{shown}<' in html
        assert 'data-field="pool-target"' in html
    finally:
        for result in results:  # leave the queue as it was
            for raw in client.lrange("default", 0, -1):
                if result.id.encode() in raw:
                    client.lrem("default", 1, raw)


def test_health_lists_failed_tasks_and_stuck_provisioning(staff_console, clean_failures):
    from shared_apps.provisioning.tasks import provision_signup

    result = provision_signup.apply(args=[0])  # no such sign-up: the task fails
    assert result.failed()
    stored = task_failures.failures_recent()
    assert stored[0]["task"] == "provisioning.provision_signup" and stored[0]["id"] == result.id
    assert "DoesNotExist" in stored[0]["error"]

    signup = _failed_signup()
    Tenant.objects.filter(schema_name="beta").update(status="provisioning")
    html = staff_console.get("/health/").content.decode()
    assert f'data-failure="{result.id}"' in html and "provisioning.provision_signup" in html
    assert f'data-failed-signup="{signup.pk}"' in html
    assert 'data-provisioning="beta"' in html


def test_failure_list_is_capped(clean_failures):
    for n in range(task_failures.KEEP + 5):
        task_failures.failure_record(task_name="x.y", task_id=str(n), error="boom", schema_name="public")
    stored = task_failures.failures_recent()
    assert len(stored) == task_failures.KEEP and stored[0]["id"] == str(task_failures.KEEP + 4)
    raw = task_failures.broker_redis().lindex(task_failures.failures_key(), 0)
    assert json.loads(raw)["task"] == "x.y"
