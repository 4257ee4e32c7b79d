"""Reads of billing state for one tenant. The tables live in the public schema and hold every
tenant's rows: each read here filters by the tenant it is given, never by an id alone."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from core.hooks import collect_usage
from core.limits import LIMIT_LABELS
from shared_apps.billing.enums import ENDED_SUBSCRIPTION_STATUSES, PlanBilling
from shared_apps.billing.models import Invoice, Plan, Subscription
from shared_apps.provisioning.models import Tenant


def subscription_of(*, tenant: Tenant) -> Subscription | None:
    return Subscription.objects.filter(tenant_id=tenant.pk).first()


def plan_of(*, tenant: Tenant) -> Plan | None:
    return Plan.objects.filter(code=tenant.plan).first()


def plan_for_price(price_id: str) -> Plan | None:
    """The plan a Stripe price belongs to (monthly or yearly)."""
    if not price_id:
        return None
    return Plan.objects.filter(Q(stripe_price_month=price_id) | Q(stripe_price_year=price_id)).order_by("id").first()


def plan_billing(*, tenant: Tenant, subscription: Subscription | None) -> PlanBilling:
    """Whether a plan change goes to Stripe: only for a live online subscription, and never for
    a tenant that vendor staff put on contract (offline) billing."""
    if tenant.paid_offline_until:
        return PlanBilling.OFFLINE
    if subscription is None or not subscription.stripe_subscription_id or subscription.status in ENDED_SUBSCRIPTION_STATUSES:
        return PlanBilling.NONE
    return PlanBilling.STRIPE


def plans_offered(*, interval: str) -> list[Plan]:
    """Public plans a tenant may move to by itself: those with a Stripe price for its interval."""
    plans = Plan.objects.filter(is_public=True).order_by("sort_order", "id")
    return [plan for plan in plans if plan.stripe_price(interval)]


def invoices_of(*, tenant: Tenant) -> QuerySet[Invoice]:
    return Invoice.objects.filter(tenant_id=tenant.pk).order_by("-created_at", "-id")


def invoice_get(*, tenant: Tenant, pk: int) -> Invoice | None:
    return invoices_of(tenant=tenant).filter(pk=pk).first()


def billing_overview(*, tenant: Tenant) -> dict:
    """Plan, subscription, limits and usage for the tenant's own billing page and API. Usage is
    counted in the current schema, so call it inside the tenant's request."""
    subscription = subscription_of(tenant=tenant)
    plan = plan_of(tenant=tenant)
    limits = dict(plan.limits) if plan else {}
    usage = collect_usage()
    return {
        "plan": plan,
        "plan_code": tenant.plan,
        "status": getattr(tenant, "effective_status", tenant.status),
        "paid_offline_until": tenant.paid_offline_until,
        "subscription": subscription,
        "billing": plan_billing(tenant=tenant, subscription=subscription),
        "limits": limits,
        "usage": usage,
        "quota": _quota(limits, usage),
    }


def _quota(limits: dict, usage: dict[str, int]) -> list[dict]:
    """One row per counted thing, limited or not (limit None: the plan sets no limit)."""
    order = list(LIMIT_LABELS)
    keys = sorted(set(limits) | set(usage), key=lambda key: (order.index(key) if key in order else len(order), key))
    return [
        {"key": key, "label": LIMIT_LABELS.get(key, key), "limit": int(limits[key]) if key in limits else None, "used": usage.get(key)}
        for key in keys
    ]
