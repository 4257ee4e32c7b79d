from __future__ import annotations

from django.db import connection
from django.db.models import Count, Q, QuerySet

from tenant_apps.alumni.famous.enums import CandidateStatus, SubjectKind
from tenant_apps.alumni.famous.models import (
    AlumniEnterprise,
    Exclusion,
    FamousAlumnus,
    FamousSettings,
    NewsItem,
)


def settings_get(*, default_name: str | None = None) -> FamousSettings:
    """The tenant's settings row, or an unsaved default carrying the tenant's name."""
    found = FamousSettings.objects.order_by("id").first()
    if default_name is None:
        default_name = getattr(connection.tenant, "name", "")
    return found or FamousSettings(school_name=default_name, former_names=[])


def _search(queryset, *, q: str, status: str, fields: tuple[str, ...]):
    if status:
        queryset = queryset.filter(status=status)
    if q:
        condition = Q()
        for field in fields:
            condition |= Q(**{f"{field}__icontains": q})
        queryset = queryset.filter(condition)
    return queryset


def person_search(*, q: str = "", status: str = "", category: str = "") -> QuerySet[FamousAlumnus]:
    queryset = _search(FamousAlumnus.objects.annotate(news_count=Count("news", filter=Q(news__status=CandidateStatus.CONFIRMED))),
                       q=q, status=status, fields=("name", "position", "summary"))
    if category:
        queryset = queryset.filter(category=category)
    return queryset.order_by("-reviewed_at", "-created_at", "-id") if status == CandidateStatus.CONFIRMED else queryset.order_by("-created_at", "-id")


def enterprise_search(*, q: str = "", status: str = "") -> QuerySet[AlumniEnterprise]:
    queryset = _search(AlumniEnterprise.objects.annotate(news_count=Count("news", filter=Q(news__status=CandidateStatus.CONFIRMED))),
                       q=q, status=status, fields=("name", "stock_code", "industry"))
    return queryset.order_by("-created_at", "-id")


def news_search(*, q: str = "", status: str = "", person_id: int | None = None, enterprise_id: int | None = None) -> QuerySet[NewsItem]:
    queryset = _search(NewsItem.objects.select_related("person", "enterprise"), q=q, status=status, fields=("title", "summary"))
    if person_id:
        queryset = queryset.filter(person_id=person_id)
    if enterprise_id:
        queryset = queryset.filter(enterprise_id=enterprise_id)
    return queryset.order_by("-published_on", "-id")


def published_news() -> QuerySet[NewsItem]:
    """News alumni may read: confirmed, about a confirmed person or enterprise."""
    return news_search(status=CandidateStatus.CONFIRMED).filter(
        Q(person__status=CandidateStatus.CONFIRMED) | Q(enterprise__status=CandidateStatus.CONFIRMED))


def person_get(*, pk: int, confirmed_only: bool = False) -> FamousAlumnus | None:
    queryset = FamousAlumnus.objects.filter(pk=pk)
    return (queryset.filter(status=CandidateStatus.CONFIRMED) if confirmed_only else queryset).first()


def enterprise_get(*, pk: int, confirmed_only: bool = False) -> AlumniEnterprise | None:
    queryset = AlumniEnterprise.objects.filter(pk=pk)
    return (queryset.filter(status=CandidateStatus.CONFIRMED) if confirmed_only else queryset).first()


def news_get(*, pk: int) -> NewsItem | None:
    return NewsItem.objects.select_related("person", "enterprise").filter(pk=pk).first()


def exclusion_search(*, q: str = "", kind: str = "") -> QuerySet[Exclusion]:
    queryset = Exclusion.objects.all()
    if q:
        queryset = queryset.filter(name__icontains=q)
    if kind:
        queryset = queryset.filter(kind=kind)
    return queryset.order_by("-created_at", "-id")


def exclusion_get(*, pk: int) -> Exclusion | None:
    return Exclusion.objects.filter(pk=pk).first()


def pending_counts() -> dict[str, int]:
    return {
        "person": FamousAlumnus.objects.filter(status=CandidateStatus.PENDING).count(),
        "enterprise": AlumniEnterprise.objects.filter(status=CandidateStatus.PENDING).count(),
        "news": NewsItem.objects.filter(status=CandidateStatus.PENDING).count(),
    }


def excluded_names() -> set[tuple[str, str]]:
    return {(kind, name.lower()) for kind, name in Exclusion.objects.values_list("kind", "name")}


def excluded_urls() -> set[str]:
    urls: set[str] = set()
    for values in Exclusion.objects.values_list("source_urls", flat=True):
        urls.update(values or [])
    return urls


def crawl_brief(*, source_kind: str, tenant_name: str = "", tenant_modules: list[str] | tuple[str, ...] = (), **_) -> dict | None:
    """Answer to the crawler's CRAWL_BRIEF (shared_apps/crawler/events.py), read in this
    tenant's schema: what to search for and what never to fetch again."""
    if "alumni" not in tenant_modules:
        return None
    subjects = [{"kind": SubjectKind.PERSON, "name": n} for n in FamousAlumnus.objects.filter(status=CandidateStatus.CONFIRMED).values_list("name", flat=True).distinct()]
    subjects += [{"kind": SubjectKind.ENTERPRISE, "name": n} for n in AlumniEnterprise.objects.filter(status=CandidateStatus.CONFIRMED).values_list("name", flat=True).distinct()]
    return {
        "school_names": settings_get(default_name=tenant_name).all_names,
        "excluded_names": sorted({name for name in Exclusion.objects.values_list("name", flat=True)}),
        "excluded_urls": sorted(excluded_urls()),
        "subjects": subjects,
    }
