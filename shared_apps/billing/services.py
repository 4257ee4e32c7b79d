"""Billing state. Tenant status follows the subscription object (re-read from Stripe), so
duplicated or out-of-order webhook events cannot move it twice or backwards."""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.audit import audit_record
from shared_apps.billing import gateway
from shared_apps.billing.enums import SUBSCRIPTION_TO_TENANT_STATUS
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
    if status == "past_due" and not was_past_due:
        sub.past_due_since = timezone.now()
    elif status != "past_due":
        sub.past_due_since = None
    sub.save()
    tenant_status_from_billing(tenant=sub.tenant, subscription=sub)
    return sub


def tenant_status_from_billing(*, tenant: Tenant, subscription: Subscription) -> str:
    target = SUBSCRIPTION_TO_TENANT_STATUS.get(subscription.status)
    if target is None:
        return tenant.status
    if target == "past_due" and subscription.past_due_since and timezone.now() - subscription.past_due_since > datetime.timedelta(days=settings.BILLING_GRACE_DAYS):
        target = "read_only"
    if tenant.status not in ("provisioning",) and tenant.status != target:
        before = tenant.status
        Tenant.objects.filter(pk=tenant.pk).update(status=target)
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
    sub = Subscription.objects.filter(tenant=tenant).exclude(stripe_customer_id="").first()
    if sub is None:
        from core.errors import ApplicationError

        raise ApplicationError("本单位尚未绑定在线支付账户。", code="no_billing_account")
    return gateway.portal_session_create(customer_id=sub.stripe_customer_id, return_url=return_url)


def plan_limits(plan_code: str) -> dict[str, int]:
    plan = Plan.objects.filter(code=plan_code).first()
    return dict(plan.limits) if plan else {}
