"""Reads for the vendor console. Everything here runs on the public schema, except usage
counts, which are taken inside each tenant's schema through core.hooks."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django_tenants.utils import get_public_schema_name, schema_context

from core.hooks import collect_usage
from core.models import AuditEvent
from shared_apps.provisioning.enums import TenantStatus, TenantType
from shared_apps.provisioning.models import Tenant


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


def tenant_console_events(*, tenant: Tenant, limit: int = 10) -> list[AuditEvent]:
    return list(console_audit_events().filter(object_type="provisioning.tenant", object_id=str(tenant.pk))[:limit])
