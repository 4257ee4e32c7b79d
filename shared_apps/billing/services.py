"""Billing state. Tenant status follows the subscription object (re-read from Stripe), so
duplicated or out-of-order webhook events cannot move it twice or backwards."""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tenants.utils import get_public_schema_name, schema_context

from core.audit import audit_record
from core.errors import ApplicationError
from core.tenancy import tenants_changed
from shared_apps.billing import gateway, selectors
from shared_apps.billing.enums import SUBSCRIPTION_TO_TENANT_STATUS, Interval, PlanBilling
from shared_apps.billing.errors import BillingError, PlanChangeInvalid
from shared_apps.billing.models import Invoice, Plan, StripeEvent, Subscription
from shared_apps.provisioning.models import Tenant

logger = logging.getLogger(__name__)

HANDLED_EVENTS = {
    "checkout.session.completed",
    "customer.subscription.created",
    "customer.subscription.updated",
    "customer.subscription.deleted",
    "invoice.paid",
    "invoice.payment_failed",
}


def _ts(value) -> datetime.datetime | None:
    return datetime.datetime.fromtimestamp(value, tz=datetime.UTC) if value else None


def _tenant_for(obj) -> Tenant | None:
    """Find the tenant of a Stripe object by customer id, or by the metadata we set."""
    customer = obj.get("customer")
    if customer:
        sub = Subscription.objects.select_related("tenant").filter(stripe_customer_id=customer).first()
        if sub:
            return sub.tenant
    slug = (obj.get("metadata") or {}).get("tenant")
    return Tenant.objects.filter(schema_name=slug).first() if slug else None


def webhook_event_process(*, payload: bytes, signature: str) -> tuple[bool, str]:
    """Verify, store once, apply. Returns (applied, message). Replays are acknowledged and ignored."""
    event_id, event_type, obj = gateway.event_from_webhook(payload, signature)
    try:
        with transaction.atomic():
            record = StripeEvent.objects.create(event_id=event_id, type=event_type)
    except IntegrityError:
        return False, "duplicate"
    if event_type not in HANDLED_EVENTS:
        StripeEvent.objects.filter(pk=record.pk).update(processed_at=timezone.now())
        return False, "ignored"
    try:
        with transaction.atomic():
            _apply(event_type, obj)
            StripeEvent.objects.filter(pk=record.pk).update(processed_at=timezone.now())
    except Exception as exc:
        # Let Stripe retry: forget the id so the retry is processed.
        StripeEvent.objects.filter(pk=record.pk).delete()
        logger.exception("stripe event failed", extra={"event": event_id})
        raise exc
    return True, "applied"


def _apply(event_type: str, obj) -> None:
    if event_type == "checkout.session.completed":
        from shared_apps.provisioning.onboarding import signup_checkout_completed

        signup_checkout_completed(session=obj)
        return
    if event_type.startswith("customer.subscription."):
        subscription_sync(subscription_id=obj["id"], customer_id=obj.get("customer", ""), fallback=obj)
        return
    if event_type in ("invoice.paid", "invoice.payment_failed"):
        tenant = _tenant_for(obj)
        if tenant is None:
            return
        invoice_upsert(tenant=tenant, obj=obj)
        if obj.get("subscription"):
            subscription_sync(subscription_id=obj["subscription"], customer_id=obj.get("customer", ""))


def invoice_upsert(*, tenant: Tenant, obj) -> Invoice:
    invoice, _ = Invoice.objects.update_or_create(
        stripe_invoice_id=obj["id"],
        defaults={
            "tenant": tenant,
            "number": obj.get("number") or "",
            "status": obj.get("status") or "",
            "amount_due": obj.get("amount_due") or 0,
            "amount_paid": obj.get("amount_paid") or 0,
            "currency": obj.get("currency") or "cny",
            "hosted_invoice_url": obj.get("hosted_invoice_url") or "",
            "invoice_pdf": obj.get("invoice_pdf") or "",
            "period_start": _ts(obj.get("period_start")),
            "period_end": _ts(obj.get("period_end")),
            "created_at": _ts(obj.get("created")) or timezone.now(),
        },
    )
    return invoice


def subscription_sync(*, subscription_id: str, customer_id: str = "", fallback=None) -> Subscription | None:
    """Mirror the subscription as Stripe has it NOW and set the tenant status from it."""
    try:
        obj = gateway.subscription_get(subscription_id)
    except gateway.BillingNotConfigured:
        obj = fallback
    if obj is None:
        return None
    sub = Subscription.objects.select_related("tenant").filter(stripe_subscription_id=subscription_id).first()
    if sub is None and customer_id:
        sub = Subscription.objects.select_related("tenant").filter(stripe_customer_id=customer_id).first()
    if sub is None:
        return None
    status = obj.get("status") or ""
    was_past_due = sub.status == "past_due"
    sub.stripe_subscription_id = subscription_id
    sub.status = status
    sub.cancel_at_period_end = bool(obj.get("cancel_at_period_end"))
    period_end = obj.get("current_period_end")
    if period_end is None:
        items = (obj.get("items") or {}).get("data") or []
        period_end = items[0].get("current_period_end") if items else None
    sub.current_period_end = _ts(period_end)
    price_id, interval = _price_and_interval(obj)
    plan = selectors.plan_for_price(price_id)
    if plan is not None:
        sub.plan_code = plan.code
        sub.interval = interval or sub.interval
    if status == "past_due" and not was_past_due:
        sub.past_due_since = timezone.now()
    elif status != "past_due":
        sub.past_due_since = None
    sub.save()
    if plan is not None:
        tenant_plan_from_billing(tenant=sub.tenant, plan=plan)
    tenant_status_from_billing(tenant=sub.tenant, subscription=sub)
    return sub


def _price_and_interval(obj) -> tuple[str, str]:
    """The price and billing interval of the subscription's (single) item."""
    items = (obj.get("items") or {}).get("data") or []
    if not items:
        return "", ""
    price = items[0].get("price") or {}
    return price.get("id") or "", (price.get("recurring") or {}).get("interval") or ""


def tenant_plan_from_billing(*, tenant: Tenant, plan: Plan) -> None:
    """The subscription's price names a plan: the tenant is on that plan (a change made in Stripe's
    customer portal arrives this way). A change we made ourselves arrives here already applied, so
    it changes nothing a second time. Contract tenants keep the plan vendor staff gave them."""
    if tenant.paid_offline_until or tenant.plan == plan.code:
        return
    before = tenant.plan
    Tenant.objects.filter(pk=tenant.pk).update(plan=plan.code)
    tenants_changed()
    tenant.plan = plan.code
    audit_record(actor=None, action="tenant.plan_from_billing", object_type="provisioning.tenant", object_id=tenant.pk, object_label=tenant.name, before={"plan": before}, after={"plan": plan.code})


def tenant_status_from_billing(*, tenant: Tenant, subscription: Subscription) -> str:
    target = SUBSCRIPTION_TO_TENANT_STATUS.get(subscription.status)
    if target is None:
        return tenant.status
    if target == "past_due" and subscription.past_due_since and timezone.now() - subscription.past_due_since > datetime.timedelta(days=settings.BILLING_GRACE_DAYS):
        target = "read_only"
    if tenant.status not in ("provisioning",) and tenant.status != target:
        before = tenant.status
        Tenant.objects.filter(pk=tenant.pk).update(status=target)
        tenants_changed()
        tenant.status = target
        audit_record(actor=None, action="tenant.status_from_billing", object_type="provisioning.tenant", object_id=tenant.pk, object_label=tenant.name, before={"status": before}, after={"status": target})
    return target


def dunning_run() -> int:
    """Daily: past_due beyond the grace period turns read-only."""
    cutoff = timezone.now() - datetime.timedelta(days=settings.BILLING_GRACE_DAYS)
    changed = 0
    for sub in Subscription.objects.select_related("tenant").filter(status="past_due", past_due_since__lt=cutoff):
        if tenant_status_from_billing(tenant=sub.tenant, subscription=sub) == "read_only":
            changed += 1
    return changed


def portal_url(*, tenant: Tenant, return_url: str) -> str:
    """A one-time link to Stripe's customer portal (payment methods, invoices, cancellation)."""
    sub = Subscription.objects.filter(tenant=tenant).exclude(stripe_customer_id="").first()
    if sub is None:
        raise ApplicationError("本单位尚未绑定在线支付账户。", code=BillingError.NO_BILLING_ACCOUNT, status=409)
    with gateway.stripe_errors():
        return gateway.portal_session_create(customer_id=sub.stripe_customer_id, return_url=return_url)


# --- plan changes ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanChange:
    """What a plan change did: the plans, and whether Stripe's subscription price followed."""

    before: str
    plan: Plan
    billing: PlanBilling
    stripe_price: str = ""
    interval: str = ""

    def audit(self) -> tuple[dict, dict]:
        before = {"plan": self.before, "billing": None, "stripe_price": None}
        after = {"plan": self.plan.code, "billing": self.billing.value, "stripe_price": self.stripe_price or None}
        return before, after

    @property
    def message(self) -> str:
        if self.billing == PlanBilling.STRIPE:
            return f"套餐已变更为“{self.plan.name}”，Stripe 订阅已改为新价格，差价按比例计入下一张账单。"
        if self.billing == PlanBilling.OFFLINE:
            return f"套餐已变更为“{self.plan.name}”。该单位为线下合同付费，只修改了平台记录，未改动在线订阅。"
        return f"套餐已变更为“{self.plan.name}”。该单位没有在线订阅，只修改了平台记录。"


def _stripe_price_change(*, subscription: Subscription, plan: Plan) -> tuple[str, str]:
    """Put the Stripe subscription's item on the plan's price for its current interval (prorated).
    Returns (price, interval). Raises before anything changed when Stripe refuses."""
    with gateway.stripe_errors():
        try:
            obj = gateway.subscription_get(subscription.stripe_subscription_id)
        except gateway.BillingNotConfigured as exc:
            raise PlanChangeInvalid("在线支付未配置，无法修改该单位的 Stripe 订阅。", code=exc.code, status=503) from exc
        items = (obj.get("items") or {}).get("data") or []
        if not items:
            raise PlanChangeInvalid("Stripe 订阅中没有可变更的项目，请在 Stripe 后台核对该订阅。", code=BillingError.SUBSCRIPTION_WITHOUT_ITEM, status=409)
        current_price, interval = _price_and_interval(obj)
        interval = interval or subscription.interval
        price = plan.stripe_price(interval)
        if not price:
            label = Interval(interval).label if interval in Interval.values else interval
            raise PlanChangeInvalid(
                f"套餐“{plan.name}”没有配置 Stripe {label}价格，无法变更在线订阅。",
                code=BillingError.NO_STRIPE_PRICE, fields={"plan": ["该套餐没有对应周期的在线价格。"]},
            )
        if price != current_price:
            gateway.subscription_item_price_set(subscription_id=subscription.stripe_subscription_id, item_id=items[0]["id"], price_id=price)
    return price, interval


def plan_change_apply(*, tenant: Tenant, plan_code: str) -> PlanChange:
    """Move the tenant to another plan (its limits follow at once). For a live online subscription
    the Stripe price is changed FIRST, so a refusal from Stripe leaves everything as it was; the
    customer.subscription.updated webhook that follows then finds our records already matching.
    Contract tenants and tenants without a subscription: only our records. Run inside the caller's
    transaction; the caller writes the audit rows with its actor."""
    plan = Plan.objects.filter(code=plan_code).first()
    if plan is None:
        raise PlanChangeInvalid("没有这个套餐。", code=BillingError.NO_SUCH_PLAN, fields={"plan": ["没有这个套餐。"]})
    if plan.code == tenant.plan:
        raise PlanChangeInvalid("套餐没有变化。", code=BillingError.PLAN_UNCHANGED, fields={"plan": ["与当前套餐相同。"]})
    # The row lock keeps two simultaneous changes (and the webhook's sync) in order.
    subscription = Subscription.objects.select_for_update().filter(tenant_id=tenant.pk).first()
    billing = selectors.plan_billing(tenant=tenant, subscription=subscription)
    price, interval = "", ""
    if billing == PlanBilling.STRIPE:
        price, interval = _stripe_price_change(subscription=subscription, plan=plan)
    before = tenant.plan
    tenant.plan = plan.code
    tenant.full_clean(exclude=["schema_name"])
    tenant.save(update_fields=["plan"])
    if subscription is not None:
        subscription.plan_code = plan.code
        subscription.interval = interval or subscription.interval
        subscription.save(update_fields=["plan_code", "interval", "updated_at"])
    return PlanChange(before=before, plan=plan, billing=billing, stripe_price=price, interval=interval)


@dataclass(frozen=True)
class _TenantUserActor:
    """A tenant's user as they appear in the public schema's audit trail (their id means
    nothing there)."""

    label: str
    pk: None = None
    is_anonymous: bool = False

    @property
    def display_name(self) -> str:
        return self.label


@transaction.atomic
def subscription_plan_change(*, actor, tenant: Tenant, plan_code: str) -> PlanChange:
    """The tenant's own administrator moves to another public plan. Only for online payers: the
    new price is prorated on their next invoice. Contract and trial tenants ask vendor staff."""
    subscription = selectors.subscription_of(tenant=tenant)
    if selectors.plan_billing(tenant=tenant, subscription=subscription) != PlanBilling.STRIPE:
        raise PlanChangeInvalid("本单位不是在线订阅付费，变更套餐请联系平台客服。", code=BillingError.NEEDS_SUPPORT, status=409)
    offered = {plan.code for plan in selectors.plans_offered(interval=subscription.interval)}
    if plan_code not in offered and plan_code != tenant.plan:
        raise PlanChangeInvalid("该套餐不能在线变更，请联系平台客服。", code=BillingError.PLAN_NOT_OFFERED, fields={"plan": ["请选择可在线购买的套餐。"]})
    change = plan_change_apply(tenant=tenant, plan_code=plan_code)
    before, after = change.audit()
    audit_record(actor=actor, action="billing.plan_change", target=tenant, before=before, after=after)
    who = getattr(actor, "display_name", "") or actor.get_username()
    with schema_context(get_public_schema_name()):
        audit_record(actor=_TenantUserActor(label=f"{tenant.name} {who}"[:150]), action="billing.plan_change", target=tenant, before=before, after=after)
    return change


# --- Stripe prices of a plan (set by vendor staff in the console) ---------------------------------


@dataclass(frozen=True)
class PlanPrices:
    plan: Plan
    created: tuple[str, ...] = ()  # intervals whose price was created now

    @property
    def message(self) -> str:
        made = "、".join(Interval(i).label for i in self.created)
        return f"已在 Stripe 创建{made}价格并保存。" if made else "已关联并核对 Stripe 价格。"


def _price_snapshot(plan: Plan) -> dict:
    return {"stripe_product": plan.stripe_product or None, "stripe_price_month": plan.stripe_price_month or None, "stripe_price_year": plan.stripe_price_year or None}


def plan_stripe_prices_create(*, actor, plan: Plan, intervals: list[str]) -> PlanPrices:
    """Create the plan's product (once) and a recurring price for each interval from the plan's
    amounts (fen). A Stripe price is immutable: an amount change means a new price, which new
    subscriptions and plan changes use; running subscriptions keep theirs until changed.
    Idempotency keys name the plan and amount, so a retried request creates nothing twice."""
    intervals = [i for i in Interval.values if i in intervals]
    if not intervals:
        raise ApplicationError("请选择要创建的价格（月付或年付）。", code="billing_no_interval", fields={"intervals": ["至少选择一项。"]})
    for interval in intervals:
        if not (plan.price_year if interval == Interval.YEAR else plan.price_month):
            raise ApplicationError(
                f"套餐“{plan.name}”没有{Interval(interval).label}金额，请先设置金额。",
                code=BillingError.PRICE_AMOUNT_MISSING, fields={"intervals": ["该周期没有金额。"]},
            )
    before = _price_snapshot(plan)
    with gateway.stripe_errors():
        try:
            product = plan.stripe_product or gateway.product_create(name=plan.name, plan_code=plan.code, idempotency_key=f"plan-product-{plan.pk}")
            prices = {}
            for interval in intervals:
                amount = plan.price_year if interval == Interval.YEAR else plan.price_month
                prices[interval] = gateway.price_create(
                    product_id=product, unit_amount=amount, currency=plan.currency, interval=interval, plan_code=plan.code,
                    idempotency_key=f"plan-price-{plan.pk}-{interval}-{amount}-{plan.currency}",
                )
        except gateway.BillingNotConfigured as exc:
            raise ApplicationError("在线支付（Stripe）尚未配置，无法创建价格。", code=exc.code, status=503) from exc
    with transaction.atomic():
        plan = Plan.objects.select_for_update().get(pk=plan.pk)
        plan.stripe_product = product
        for interval, price in prices.items():
            setattr(plan, f"stripe_price_{interval}", price)
        plan.save(update_fields=["stripe_product", "stripe_price_month", "stripe_price_year"])
        audit_record(actor=actor, action="console.plan_stripe_prices", target=plan, before=before, after=_price_snapshot(plan))
    return PlanPrices(plan=plan, created=tuple(intervals))


def _price_check(*, plan: Plan, price_id: str, interval: str) -> dict:
    obj = gateway.price_get(price_id)
    label = Interval(interval).label
    amount = plan.price_year if interval == Interval.YEAR else plan.price_month
    problems = []
    if not obj.get("active", True):
        problems.append("已停用")
    if (obj.get("currency") or "").lower() != plan.currency.lower():
        problems.append(f"币种为 {(obj.get('currency') or '?').upper()}，套餐为 {plan.currency.upper()}")
    recurring = obj.get("recurring") or {}
    if recurring.get("interval") != interval or int(recurring.get("interval_count") or 1) != 1:
        problems.append(f"不是{label}的周期价格")
    if obj.get("unit_amount") != amount:
        problems.append(f"金额为 {(obj.get('unit_amount') or 0) / 100:.2f}，套餐{label}为 {amount / 100:.2f}")
    if problems:
        message = f"Stripe 价格 {price_id} 不能用作{label}价格：" + "；".join(problems) + "。"
        raise ApplicationError(message, code=BillingError.PRICE_MISMATCH, fields={f"price_{interval}": [message]})
    return obj


def plan_stripe_prices_link(*, actor, plan: Plan, price_month: str = "", price_year: str = "") -> PlanPrices:
    """Use prices that already exist in Stripe. Each is read back and must match the plan:
    active, same currency, the right interval and the plan's amount."""
    wanted = {Interval.MONTH.value: price_month.strip(), Interval.YEAR.value: price_year.strip()}
    wanted = {interval: price for interval, price in wanted.items() if price}
    if not wanted:
        raise ApplicationError("请填写至少一个 Stripe 价格 ID（price_ 开头）。", code="billing_no_price", fields={"price_month": ["请填写价格 ID。"]})
    for interval, price in wanted.items():
        if not price.startswith("price_"):
            raise ApplicationError("Stripe 价格 ID 以 price_ 开头。", code="billing_price_invalid", fields={f"price_{interval}": ["Stripe 价格 ID 以 price_ 开头。"]})
    before = _price_snapshot(plan)
    products = set()
    with gateway.stripe_errors():
        try:
            for interval, price in wanted.items():
                products.add(_price_check(plan=plan, price_id=price, interval=interval).get("product") or "")
        except gateway.BillingNotConfigured as exc:
            raise ApplicationError("在线支付（Stripe）尚未配置，无法核对价格。", code=exc.code, status=503) from exc
    with transaction.atomic():
        plan = Plan.objects.select_for_update().get(pk=plan.pk)
        for interval, price in wanted.items():
            setattr(plan, f"stripe_price_{interval}", price)
        if len(products) == 1 and "" not in products:
            plan.stripe_product = products.pop()
        plan.save(update_fields=["stripe_product", "stripe_price_month", "stripe_price_year"])
        audit_record(actor=actor, action="console.plan_stripe_prices", target=plan, before=before, after=_price_snapshot(plan))
    return PlanPrices(plan=plan)


def plan_limits(plan_code: str) -> dict[str, int]:
    plan = Plan.objects.filter(code=plan_code).first()
    return dict(plan.limits) if plan else {}
