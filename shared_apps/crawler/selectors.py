from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from shared_apps.crawler.enums import RunStatus
from shared_apps.crawler.models import CrawlPage, CrawlRun, CrawlSchedule, CrawlSource


def source_search(*, q: str = "", kind: str = "") -> QuerySet[CrawlSource]:
    queryset = CrawlSource.objects.annotate(schedule_count=Count("schedules", distinct=True))
    if q:
        queryset = queryset.filter(Q(name__icontains=q) | Q(base_url__icontains=q))
    if kind:
        queryset = queryset.filter(kind=kind)
    return queryset.order_by("name")


def source_get(*, pk: int) -> CrawlSource | None:
    return CrawlSource.objects.filter(pk=pk).first()


def schedule_search(*, source_id: int | None = None, tenant_q: str = "") -> QuerySet[CrawlSchedule]:
    queryset = CrawlSchedule.objects.select_related("source", "tenant")
    if source_id:
        queryset = queryset.filter(source_id=source_id)
    if tenant_q:
        queryset = queryset.filter(Q(tenant__name__icontains=tenant_q) | Q(tenant__schema_name__icontains=tenant_q))
    return queryset.order_by("tenant__name", "source__name")


def schedule_get(*, pk: int) -> CrawlSchedule | None:
    return CrawlSchedule.objects.select_related("source", "tenant").filter(pk=pk).first()


def schedules_due(*, now) -> QuerySet[CrawlSchedule]:
    return CrawlSchedule.objects.select_related("source", "tenant").filter(
        is_enabled=True, source__is_enabled=True, next_run_at__lte=now,
    ).order_by("next_run_at")


def run_search(*, source_id: int | None = None, tenant_q: str = "", status: str = "") -> QuerySet[CrawlRun]:
    queryset = CrawlRun.objects.select_related("source", "tenant")
    if source_id:
        queryset = queryset.filter(source_id=source_id)
    if tenant_q:
        queryset = queryset.filter(Q(tenant__name__icontains=tenant_q) | Q(tenant__schema_name__icontains=tenant_q))
    if status:
        queryset = queryset.filter(status=status)
    return queryset.order_by("-created_at", "-id")


def run_get(*, pk: int) -> CrawlRun | None:
    return CrawlRun.objects.select_related("source", "tenant", "schedule").filter(pk=pk).first()


def run_active_exists(*, source_id: int, tenant_id: int) -> bool:
    return CrawlRun.objects.filter(source_id=source_id, tenant_id=tenant_id, status__in=[RunStatus.QUEUED, RunStatus.RUNNING]).exists()


def run_pages(*, run: CrawlRun, outcome: str = "") -> QuerySet[CrawlPage]:
    queryset = run.pages.all()
    if outcome:
        queryset = queryset.filter(outcome=outcome)
    return queryset.order_by("id")


def tenants_for_crawling():
    """Tenants with the alumni module (the only one that takes crawled results today)."""
    from django_tenants.utils import get_public_schema_name

    from shared_apps.provisioning.models import Tenant

    return Tenant.objects.exclude(schema_name=get_public_schema_name()).filter(modules__contains=["alumni"]).order_by("name")
