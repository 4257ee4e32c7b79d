"""Reads for the vendor console. Everything here runs on the public schema, except usage
counts, which are taken inside each tenant's schema through core.hooks."""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Count, Q, QuerySet
from django_tenants.utils import get_public_schema_name, schema_context

from core.health import check_database, check_redis, check_worker
from core.hooks import collect_usage
from core.models import AuditEvent
from shared_apps.billing import selectors as billing_selectors
from shared_apps.billing.enums import PlanBilling
from shared_apps.billing.models import Invoice, Plan, Subscription
from shared_apps.console import task_failures
from shared_apps.console.models import ImpersonationGrant, StaffSecondFactor
from shared_apps.domains import selectors as domain_selectors
from shared_apps.provisioning.enums import TenantStatus, TenantType
from shared_apps.provisioning.models import SignupRequest, Tenant
from shared_apps.provisioning.pool import pool_status


@dataclass(frozen=True)
class TenantFilters:
    search: str = ""
    status: str = ""
    type: str = ""
    plan: str = ""
    module: str = ""


def tenant_queryset() -> QuerySet[Tenant]:
    return Tenant.objects.exclude(schema_name=get_public_schema_name())


def tenant_counts() -> dict:
    """Totals by status and by type, with every choice present (0 when none)."""
    rows = tenant_queryset().values("status", "type").annotate(n=Count("id"))
    by_status = {value: 0 for value in TenantStatus.values}
    by_type = {value: 0 for value in TenantType.values}
    for row in rows:
        by_status[row["status"]] = by_status.get(row["status"], 0) + row["n"]
        by_type[row["type"]] = by_type.get(row["type"], 0) + row["n"]
    return {
        "total": sum(by_status.values()),
        "by_status": [(value, TenantStatus(value).label, by_status[value]) for value in TenantStatus.values],
        "by_type": [(value, TenantType(value).label, by_type[value]) for value in TenantType.values],
    }


def tenant_search(*, filters: TenantFilters) -> QuerySet[Tenant]:
    queryset = tenant_queryset()
    if filters.search:
        queryset = queryset.filter(Q(name__icontains=filters.search) | Q(schema_name__icontains=filters.search.lower()))
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.type:
        queryset = queryset.filter(type=filters.type)
    if filters.plan:
        queryset = queryset.filter(plan=filters.plan)
    if filters.module:
        queryset = queryset.filter(modules__contains=[filters.module])
    return queryset.order_by("name", "id")


def plans_in_use() -> list[str]:
    return list(tenant_queryset().order_by("plan").values_list("plan", flat=True).distinct())


def tenant_get(*, slug: str) -> Tenant | None:
    return tenant_queryset().filter(schema_name=slug).prefetch_related("domains").first()


def custom_domains_of(*, tenant: Tenant) -> list:
    return list(domain_selectors.custom_domains_of(tenant=tenant))


def tenant_usage(*, tenant: Tenant) -> dict[str, int]:
    """The usage counters every tenant app registers (users, experts...), counted in the tenant."""
    with schema_context(tenant.schema_name):
        return collect_usage()


def console_audit_events(*, search: str = "", action: str = "") -> QuerySet[AuditEvent]:
    """The public schema's audit trail: what vendor staff did in the console."""
    queryset = AuditEvent.objects.all()
    if action:
        queryset = queryset.filter(action=action)
    if search:
        queryset = queryset.filter(Q(actor_label__icontains=search) | Q(object_label__icontains=search) | Q(object_id=search))
    return queryset.order_by("-created_at", "-id")


def second_factor_get(*, user_id: int) -> StaffSecondFactor | None:
    return StaffSecondFactor.objects.filter(user_id=user_id).first()


def tenant_console_events(*, tenant: Tenant, limit: int = 10) -> list[AuditEvent]:
    return list(console_audit_events().filter(object_type="provisioning.tenant", object_id=str(tenant.pk))[:limit])


# --- billing -------------------------------------------------------------------------------------


def plans_all() -> list[Plan]:
    return list(Plan.objects.order_by("sort_order", "id"))


def plan_get(*, code: str) -> Plan | None:
    return Plan.objects.filter(code=code).first()


def plan_change_billing(*, tenant: Tenant) -> PlanBilling:
    """Whether a plan change for this tenant will also change its Stripe subscription."""
    return billing_selectors.plan_billing(tenant=tenant, subscription=Subscription.objects.filter(tenant=tenant).first())


def tenant_billing(*, tenant: Tenant, invoice_limit: int = 12) -> dict:
    """The tenant's subscription (None for contract / trial tenants without one), plan and invoices."""
    return {
        "subscription": Subscription.objects.filter(tenant=tenant).first(),
        "plan": Plan.objects.filter(code=tenant.plan).first(),
        "invoices": list(Invoice.objects.filter(tenant=tenant).order_by("-created_at", "-id")[:invoice_limit]),
    }


# --- provisioning ----------------------------------------------------------------------------------


def signups_failed() -> QuerySet[SignupRequest]:
    return SignupRequest.objects.filter(status=SignupRequest.Status.FAILED).order_by("-created_at", "-id")


def signup_failed_get(*, pk: int) -> SignupRequest | None:
    return signups_failed().filter(pk=pk).first()


def tenants_provisioning() -> list[Tenant]:
    return list(tenant_queryset().filter(status=TenantStatus.PROVISIONING).order_by("created_at", "id"))


# --- impersonation ---------------------------------------------------------------------------------

# Back-office users a vendor staff member may enter as: the tenant's staff and employers (and
# superusers), never another vendor staff account.
IMPERSONATION_KINDS = ("staff", "employer")
VENDOR_KIND = "vendor"


def impersonation_targets_q() -> Q:
    return (Q(kind__in=IMPERSONATION_KINDS) | Q(is_superuser=True)) & Q(is_active=True) & ~Q(kind=VENDOR_KIND)


def tenant_backoffice_users(*, tenant: Tenant, search: str = "", limit: int = 200) -> list:
    """Active back-office users of the tenant (read inside its schema), for the impersonation picker."""
    with schema_context(tenant.schema_name):
        queryset = get_user_model().objects.filter(impersonation_targets_q())
        if search:
            queryset = queryset.filter(Q(username__icontains=search) | Q(display_name__icontains=search))
        return list(queryset.order_by("-is_superuser", "username")[:limit])


def impersonation_grants(*, tenant: Tenant, limit: int = 10) -> list[ImpersonationGrant]:
    return list(ImpersonationGrant.objects.filter(tenant=tenant).order_by("-created_at", "-id")[:limit])


# --- health ----------------------------------------------------------------------------------------


def _timed(check) -> dict:
    started = time.perf_counter()
    ok, detail = check()
    return {"ok": ok, "detail": detail, "ms": round((time.perf_counter() - started) * 1000, 1)}


def broker_queue_names() -> list[str]:
    """Every queue a registered task is routed to, plus the default queue."""
    from celery import current_app

    names = {settings.CELERY_TASK_DEFAULT_QUEUE}
    names.update(task.queue for task in current_app.tasks.values() if getattr(task, "queue", None))
    return sorted(names)


def broker_queue_lengths() -> tuple[bool, dict[str, int | None]]:
    try:
        client = task_failures.broker_redis()
        pipe = client.pipeline()
        names = broker_queue_names()
        for name in names:
            pipe.llen(name)
        return True, dict(zip(names, pipe.execute(), strict=True))
    except Exception:  # a health page reports, it does not raise
        return False, dict.fromkeys(broker_queue_names())


def task_failures_recent(limit: int = 100) -> tuple[bool, list[dict]]:
    try:
        return True, task_failures.failures_recent(limit)
    except Exception:
        return False, []


def health_report() -> dict:
    """Database, Redis, broker queues, worker heartbeat, failed tasks, spare pool, stuck tenants."""
    queues_ok, queues = broker_queue_lengths()
    failures_ok, failures = task_failures_recent()
    try:
        pool = pool_status()
    except Exception:
        pool = None
    return {
        "database": _timed(check_database),
        "redis": _timed(check_redis),
        "worker": _timed(check_worker),
        "queues_ok": queues_ok,
        "queues": queues,
        "failures_ok": failures_ok,
        "failures": failures,
        "pool": pool,
        "tenants_provisioning": tenants_provisioning(),
        "signups_failed": list(signups_failed()[:50]),
    }


def staff_with_second_factor() -> list[dict]:
    """Vendor staff (public schema) and whether each has a confirmed authenticator."""
    staff = list(get_user_model().objects.filter(is_staff=True, is_active=True).order_by("username"))
    factors = {f.user_id: f for f in StaffSecondFactor.objects.filter(user_id__in=[u.pk for u in staff])}
    return [{"user": user, "factor": factors.get(user.pk)} for user in staff]
