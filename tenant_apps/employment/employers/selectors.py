"""Reads of the employer registry: search, look-ups, lists and statistics (E21)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from tenant_apps.employment.employers.enums import (
    EmployerNature,
    EmployerSize,
    Industry,
    ListKind,
    ReviewStatus,
    province_name,
)
from tenant_apps.employment.employers.models import (
    Employer,
    EmployerAccount,
    EmployerListEntry,
    EmployerTag,
)
from tenant_apps.employment.employers.search import keyword_condition


@dataclass
class EmployerSearch:
    q: str = ""
    status: str = ""
    nature: str = ""
    industry: str = ""
    size: str = ""
    province: str = ""
    tag: int | None = None
    list_kind: str = ""

    @classmethod
    def from_query(cls, params) -> EmployerSearch:
        tag = params.get("tag", "")
        return cls(
            q=params.get("q", "").strip()[:100], status=params.get("status", "") if params.get("status") in ReviewStatus.values else "",
            nature=params.get("nature", "") if params.get("nature") in EmployerNature.values else "",
            industry=params.get("industry", "") if params.get("industry") in Industry.values else "",
            size=params.get("size", "") if params.get("size") in EmployerSize.values else "",
            province=params.get("province", "")[:2] if str(params.get("province", "")).isdigit() else "",
            tag=int(tag) if str(tag).isdigit() else None,
            list_kind=params.get("list_kind", "") if params.get("list_kind") in ListKind.values else "",
        )

    def as_params(self) -> dict:
        return {key: value for key, value in self.__dict__.items() if value not in ("", None)}


def _with_list_flags(queryset: QuerySet[Employer]) -> QuerySet[Employer]:
    entries = EmployerListEntry.objects.filter(credit_code=OuterRef("credit_code"))
    return queryset.annotate(
        is_black_listed=Exists(entries.filter(kind=ListKind.BLACK)),
        is_white_listed=Exists(entries.filter(kind=ListKind.WHITE)),
        is_risky=Exists(entries.filter(kind=ListKind.RISK)),
    )


def employer_search(*, search: EmployerSearch) -> QuerySet[Employer]:
    """Employers of this school matching the filters, newest first, with their list flags."""
    queryset = Employer.objects.all()
    if search.q:
        condition = Q(name__icontains=search.q) | Q(credit_code=search.q.upper())
        keyword = keyword_condition(search.q)
        queryset = queryset.filter(condition | keyword if keyword is not None else condition)
    for field in ("status", "nature", "industry", "size"):
        if getattr(search, field):
            queryset = queryset.filter(**{field: getattr(search, field)})
    if search.province:
        queryset = queryset.filter(region_code__startswith=search.province)
    if search.tag:
        queryset = queryset.filter(Q(tags=search.tag) | Q(rule_tags=search.tag)).distinct()
    if search.list_kind:
        queryset = queryset.filter(credit_code__in=EmployerListEntry.objects.filter(kind=search.list_kind).values("credit_code"))
    return _with_list_flags(queryset).order_by("-created_at", "-id")


def employer_get(*, pk: int) -> Employer | None:
    return _with_list_flags(Employer.objects.filter(pk=pk)).first()


def employer_for_user(user) -> Employer | None:
    """The employer an HR account belongs to, or None for anybody else."""
    if not getattr(user, "is_authenticated", False):
        return None
    account = EmployerAccount.objects.select_related("employer").filter(user_id=user.pk).first()
    return account.employer if account else None


def employer_public_get(*, pk: int) -> Employer | None:
    """An employer students may see: approved and not black-listed."""
    employer = employer_get(pk=pk)
    if employer is None or not employer.is_approved or employer.is_black_listed:
        return None
    return employer


def list_entries(*, kind: str = "", q: str = "") -> QuerySet[EmployerListEntry]:
    queryset = EmployerListEntry.objects.select_related("employer", "created_by")
    if kind in ListKind.values:
        queryset = queryset.filter(kind=kind)
    if q:
        queryset = queryset.filter(Q(name__icontains=q) | Q(credit_code=q.upper()))
    return queryset


def review_queue_counts() -> dict[str, int]:
    rows = Employer.objects.values("status").annotate(n=Count("id"))
    counts = {status: 0 for status in ReviewStatus.values}
    counts.update({row["status"]: row["n"] for row in rows})
    return counts


def tag_list() -> QuerySet[EmployerTag]:
    return EmployerTag.objects.annotate(manual_count=Count("employers", distinct=True), rule_count=Count("rule_employers", distinct=True))


@dataclass
class StatisticRow:
    key: str
    label: str
    total: int
    approved: int


def employer_statistics(*, dimension: str, status: str = "") -> list[StatisticRow]:
    """Registered and approved employers by industry, size, nature or province (E21)."""
    queryset = Employer.objects.all()
    if status in ReviewStatus.values:
        queryset = queryset.filter(status=status)
    approved = Count("id", filter=Q(status=ReviewStatus.APPROVED))
    if dimension == "province":
        totals: dict[str, list[int]] = {}
        for row in queryset.values("region_code").annotate(total=Count("id"), approved=approved):
            key = row["region_code"][:2]
            bucket = totals.setdefault(key, [0, 0])
            bucket[0] += row["total"]
            bucket[1] += row["approved"]
        rows = [StatisticRow(key, province_name(key), total, ok) for key, (total, ok) in totals.items()]
    else:
        labels = {"industry": Industry, "size": EmployerSize, "nature": EmployerNature}.get(dimension, Industry)
        field = dimension if dimension in ("industry", "size", "nature") else "industry"
        found = {row[field]: row for row in queryset.values(field).annotate(total=Count("id"), approved=approved)}
        rows = [StatisticRow(value, label, found.get(value, {}).get("total", 0), found.get(value, {}).get("approved", 0))
                for value, label in labels.choices]
    return sorted(rows, key=lambda row: -row.total)


STATISTIC_DIMENSIONS = {"industry": "行业", "size": "规模", "nature": "性质", "province": "地区"}
