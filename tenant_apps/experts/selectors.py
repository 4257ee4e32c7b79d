"""Reads for the expert library. `eligible_experts()` is the one definition of who may be drawn."""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass, field, replace
from typing import Any

from django.contrib.postgres.search import SearchQuery
from django.db import connection
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone

from core.masking import mask_default, mask_id_number, mask_name, mask_phone
from tenant_apps.accounts.selectors import scoped
from tenant_apps.experts.enums import (
    DEFAULT_SENSITIVE_FIELDS,
    ChangeStatus,
    ExpertStatus,
    ParticipationKind,
)
from tenant_apps.experts.models import (
    Certificate,
    ConfirmationCampaign,
    Domain,
    Expert,
    ExpertLeave,
    ExportPolicy,
    LibrarySettings,
    Participation,
    ProfileChange,
    ReviewLevel,
    SavedSearch,
)
from tenant_apps.experts.search import query_tokens

REVEAL_PERMISSION = "experts.reveal_personal_data"

# Fields that can be exported, with their Chinese headers (order = column order).
EXPORT_FIELDS: dict[str, str] = {
    "name": "姓名", "gender": "性别", "birth_date": "出生日期", "phone": "手机号", "email": "邮箱",
    "id_number": "身份证号", "employer": "工作单位", "position": "职务", "title": "职称",
    "title_level": "职称级别", "education": "学历", "specialty": "专业方向", "domains": "专业领域",
    "region": "所在地区", "address": "通讯地址", "postal_code": "邮编", "tags": "标签分组",
    "expert_type": "专家类型", "source": "来源", "status": "状态", "points": "积分",
    "bank_name": "开户银行", "bank_account": "银行账号", "approved_at": "入库时间",
}
PERSONAL_FIELDS = {"name", "phone", "id_number", "employer", "bank_account", "email", "address", "birth_date"}
# An export holding any of these needs a stated reason (core.importexport.stamp).
REASON_REQUIRED_FIELDS = {"name", "phone", "id_number", "email", "address", "bank_account", "birth_date"}


# --- settings ------------------------------------------------------------------------------


def library_settings() -> LibrarySettings:
    found = LibrarySettings.objects.first()
    if found is None:
        found = LibrarySettings.objects.create(sensitive_fields=list(DEFAULT_SENSITIVE_FIELDS))
    return found


def review_levels() -> list[ReviewLevel]:
    return list(ReviewLevel.objects.select_related("group"))


# --- eligibility ---------------------------------------------------------------------------


def leave_overlapping(start: datetime.date, end: datetime.date) -> QuerySet[ExpertLeave]:
    return ExpertLeave.objects.filter(cancelled_at__isnull=True, start_date__lte=end, end_date__gte=start)


def in_domains(domain_ids: list[int]) -> Q:
    """Experts in any of these domains or anywhere below them: one GIN index condition on the
    denormalised `domain_ids` (each expert's domains plus their ancestors)."""
    return Q(domain_ids__overlap=[int(pk) for pk in domain_ids])


def eligible_q(*, start: datetime.date, end: datetime.date) -> Q:
    """Who may be drawn for work between `start` and `end`, as one condition on `Expert`: the
    drawable flag (approved, not deleted, not black-listed, not frozen; kept by a trigger) and
    not on leave in the period. The leave side is an uncorrelated `id NOT IN (subquery)`:
    PostgreSQL hashes the few leaves of the period once, whatever the plan around it (also
    inside the drawing's one-pass queries, where a correlated anti-join could be planned as a
    nested loop over the whole library)."""
    return Q(is_drawable=True) & ~Q(pk__in=leave_overlapping(start, end).values("expert_id"))


def eligible_filter(queryset: QuerySet[Expert], *, start: datetime.date, end: datetime.date) -> QuerySet[Expert]:
    return queryset.filter(eligible_q(start=start, end=end))


def eligible_experts(*, start: datetime.date | None = None, end: datetime.date | None = None,
                     domain_ids: list[int] | None = None) -> QuerySet[Expert]:
    """Experts who may be drawn for work between `start` and `end` (default: today).

    The only place that says who is drawable: approved, not deleted, not black-listed, not
    frozen by a missed confirmation (together the column `is_drawable`, kept by a trigger), and not on
    leave during the period (the rule itself is `eligible_q`). Drawing code must start from this
    queryset and only narrow it; `domain_ids` narrows to those domains and everything below them
    (see `in_domains`).
    """
    start = start or timezone.localdate()
    end = end or start
    queryset = eligible_filter(Expert.objects.all(), start=start, end=end)
    if domain_ids:
        queryset = queryset.filter(in_domains(domain_ids))
    return queryset


def exclusion_counts(*, start: datetime.date | None = None, end: datetime.date | None = None) -> dict[str, int]:
    """How many approved experts are excluded, per reason (a person may count under several).

    Reads only the few excluded experts, from narrow indexes: one query with FILTER aggregates
    over the approved experts kept out by a flag (index-only on `experts_expert_excluded`),
    and one count of the live experts on leave in the period."""
    start = start or timezone.localdate()
    end = end or start
    live = Q(deleted_at__isnull=True)
    counts = Expert.objects.filter(status=ExpertStatus.APPROVED, is_drawable=False).aggregate(
        deleted=Count("id", filter=Q(deleted_at__isnull=False)),
        blacklisted=Count("id", filter=Q(is_blacklisted=True) & live),
        frozen=Count("id", filter=Q(frozen_at__isnull=False) & live),
    )
    counts["on_leave"] = (
        leave_overlapping(start, end).filter(expert__status=ExpertStatus.APPROVED, expert__deleted_at__isnull=True)
        .order_by().values("expert_id").distinct().count()
    )
    return counts


def expert_is_on_leave(expert: Expert, on: datetime.date | None = None) -> bool:
    on = on or timezone.localdate()
    return leave_overlapping(on, on).filter(expert=expert).exists()


# --- domains -------------------------------------------------------------------------------


def domain_tree() -> list[Domain]:
    """All domains in tree order (path order), for indented lists and multi-selects."""
    return list(Domain.objects.all().order_by("path"))


def domain_with_descendants(domain_ids: list[int]) -> list[int]:
    """The ids of the chosen domains and everything below them (choosing 一级 includes 二/三级)."""
    if not domain_ids:
        return []
    paths = list(Domain.objects.filter(pk__in=domain_ids).values_list("path", flat=True))
    query = Q()
    for path in paths:
        query |= Q(path__startswith=path)
    return list(Domain.objects.filter(query).values_list("pk", flat=True)) if paths else []


# --- listing and search --------------------------------------------------------------------

POOLS = {
    "active": "在库专家",
    "eligible": "可抽取",
    "pending": "待审核",
    "draft": "草稿",
    "rejected": "未通过",
    "on_leave": "请假中",
    "frozen": "已冻结",
    "blacklisted": "黑名单",
    "deleted": "已删除",
    "all": "全部",
}


@dataclass
class ExpertSearch:
    """Conditions of the expert search; all given conditions must hold (AND)."""

    q: str = ""
    domain_ids: list[int] = field(default_factory=list)
    title_level: str = ""
    region: str = ""
    tag_ids: list[int] = field(default_factory=list)
    expert_type_id: int | None = None
    source: str = ""
    org_unit_id: int | None = None
    pool: str = "active"

    @classmethod
    def from_query(cls, params: Any) -> ExpertSearch:
        def ints(name: str) -> list[int]:
            return [int(v) for v in params.getlist(name) if str(v).isdigit()]

        def one_int(name: str) -> int | None:
            value = params.get(name, "")
            return int(value) if str(value).isdigit() else None

        pool = params.get("pool", "active")
        return cls(
            q=params.get("q", "").strip()[:100], domain_ids=ints("domain"), title_level=params.get("title_level", ""),
            region=params.get("region", "").strip()[:50], tag_ids=ints("tag"), expert_type_id=one_int("expert_type"),
            source=params.get("source", ""), org_unit_id=one_int("org_unit"), pool=pool if pool in POOLS else "active",
        )


def keyword_filter(q: str) -> Q:
    """Keyword (jieba tokens in the tsvector) or fuzzy (trigram-indexed substring of name/employer).
    Trigrams need three characters; a shorter text (a surname) matches names by prefix instead."""
    if len(q) >= 3:
        condition = Q(name__contains=q) | Q(employer__contains=q)
    else:
        condition = Q(name__startswith=q)
    tokens = query_tokens(q)
    if tokens:
        condition |= Q(search_vector=SearchQuery(" ".join(tokens), config="simple", search_type="plain"))
    return condition


def pool_filter(queryset: QuerySet[Expert], pool: str) -> QuerySet[Expert]:
    today = timezone.localdate()
    on_leave = leave_overlapping(today, today).filter(expert_id=OuterRef("pk"))
    live = queryset.filter(deleted_at__isnull=True)
    if pool == "eligible":
        return eligible_filter(queryset, start=today, end=today)
    if pool == "active":
        return live.filter(status=ExpertStatus.APPROVED)
    if pool in ("pending", "draft", "rejected"):
        return live.filter(status=pool)
    if pool == "on_leave":
        return live.filter(status=ExpertStatus.APPROVED).filter(Exists(on_leave))
    if pool == "frozen":
        return live.filter(frozen_at__isnull=False)
    if pool == "blacklisted":
        return live.filter(is_blacklisted=True)
    if pool == "deleted":
        return queryset.filter(deleted_at__isnull=False)
    return queryset


def expert_scope(*, actor) -> QuerySet[Expert]:
    """Experts the actor may see: the actor's department (and below) unless granted more (X16)."""
    return scoped(Expert.objects.all(), actor, org_field="org_unit")


def expert_search(*, actor, search: ExpertSearch) -> QuerySet[Expert]:
    queryset = pool_filter(expert_scope(actor=actor), search.pool)
    if search.q:
        queryset = queryset.filter(keyword_filter(search.q))
    if search.domain_ids:
        queryset = queryset.filter(in_domains(search.domain_ids))
    if search.title_level:
        queryset = queryset.filter(title_level=search.title_level)
    if search.region:
        queryset = queryset.filter(region__startswith=search.region)
    if search.tag_ids:
        queryset = queryset.filter(pk__in=Expert.tags.through.objects.filter(tag_id__in=search.tag_ids).values("expert_id"))
    if search.expert_type_id:
        queryset = queryset.filter(expert_type_id=search.expert_type_id)
    if search.source:
        queryset = queryset.filter(source=search.source)
    if search.org_unit_id:
        queryset = queryset.filter(org_unit_id=search.org_unit_id)
    return queryset.select_related("expert_type", "org_unit").order_by("-id")


def eligible_count(*, actor, search: ExpertSearch, start: datetime.date | None = None, end: datetime.date | None = None) -> int:
    """The pre-count: how many experts matching the search (in the actor's scope) could be
    drawn for the period. One query: the search's conditions and the eligibility conditions
    on the same rows (no self-join)."""
    start = start or timezone.localdate()
    search = replace(search, pool="all")
    return eligible_filter(expert_search(actor=actor, search=search), start=start, end=end or start).count()


@dataclass(frozen=True)
class ResultCount:
    """How many rows a list has; `is_estimate` when it is the planner's estimate (shown as 约)."""

    value: int
    is_estimate: bool = False


def result_count(queryset: QuerySet, *, exact_up_to: int = 200_000) -> ResultCount:
    """Count exactly up to `exact_up_to` rows (a LIMITed count stops early); beyond, take the
    planner's row estimate instead of counting the whole library on every page view. A bureau's
    library (tens of thousands) is counted exactly in a few milliseconds, so the list agrees
    with the dashboard; "约" appears only for libraries beyond that."""
    queryset = queryset.order_by()
    counted = queryset.values("pk")[: exact_up_to + 1].count()
    if counted <= exact_up_to:
        return ResultCount(counted)
    return ResultCount(max(planner_rows(queryset), counted), is_estimate=True)


def planner_rows(queryset: QuerySet) -> int:
    """PostgreSQL's estimate of the rows a query returns (EXPLAIN, nothing is executed)."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])


def expert_get(*, actor, pk: int) -> Expert | None:
    return expert_scope(actor=actor).select_related("expert_type", "org_unit", "recommended_by", "user").filter(pk=pk).first()


def saved_searches(*, user) -> QuerySet[SavedSearch]:
    return SavedSearch.objects.filter(user=user)


# --- protection (X15) ----------------------------------------------------------------------


def reveal_window_open(*, project_starts_at: datetime.datetime, now: datetime.datetime | None = None) -> bool:
    """Whether personal data of a project's experts may be shown: from n hours before the
    project opens (n is the bureau's `reveal_hours_before`)."""
    now = now or timezone.now()
    hours = library_settings().reveal_hours_before
    return now >= project_starts_at - datetime.timedelta(hours=hours)


def can_reveal(actor, *, project_starts_at: datetime.datetime | None = None, now: datetime.datetime | None = None) -> bool:
    """Holders of the permission may reveal any time (each reveal audited); others only inside a
    project's reveal window."""
    if actor.has_perm(REVEAL_PERMISSION):
        return True
    return project_starts_at is not None and reveal_window_open(project_starts_at=project_starts_at, now=now)


@dataclass
class MaskedExpert:
    """What a list or page shows of an expert: personal fields masked."""

    expert: Expert
    name: str
    phone: str
    id_number: str
    employer: str


def masked(expert: Expert) -> MaskedExpert:
    return MaskedExpert(
        expert=expert, name=mask_name(expert.name), phone=mask_phone(expert.phone),
        id_number=mask_id_number(expert.id_number), employer=mask_default(expert.employer),
    )


def personal_data(expert: Expert) -> dict[str, str]:
    return {
        "name": expert.name, "phone": expert.phone, "id_number": expert.id_number,
        "employer": expert.employer, "bank_account": expert.bank_account,
    }


# --- review and changes --------------------------------------------------------------------


def review_level_for(order: int) -> ReviewLevel | None:
    return ReviewLevel.objects.select_related("group").filter(order=order).first()


def can_review_level(actor, order: int) -> bool:
    if not actor.has_perm("experts.review_expert"):
        return False
    level = review_level_for(order)
    if actor.is_superuser or level is None or level.group_id is None:
        return True
    return actor.groups.filter(pk=level.group_id).exists()


def review_queue(*, actor) -> QuerySet[Expert]:
    return expert_scope(actor=actor).filter(status=ExpertStatus.PENDING, deleted_at__isnull=True).order_by("submitted_at", "id")


def pending_changes(*, actor) -> QuerySet[ProfileChange]:
    return ProfileChange.objects.filter(status=ChangeStatus.PENDING, expert__in=expert_scope(actor=actor)).select_related("expert", "requested_by")


def sensitive_fields() -> list[str]:
    return list(library_settings().sensitive_fields)


# --- export --------------------------------------------------------------------------------


def export_fields_for(user) -> list[str]:
    """Fields this user may export: the union of the user's groups' allow lists (all for superusers)."""
    if user.is_superuser:
        return list(EXPORT_FIELDS)
    allowed: set[str] = set()
    for fields in ExportPolicy.objects.filter(group__user=user).values_list("fields", flat=True):
        allowed.update(fields or [])
    return [name for name in EXPORT_FIELDS if name in allowed]


# --- certificates, campaigns, points -------------------------------------------------------


def certificate_by_token(token: str) -> Certificate | None:
    return Certificate.objects.select_related("expert", "expert__expert_type").filter(token=token).first()


def certificate_status(certificate: Certificate, *, today: datetime.date | None = None) -> str:
    today = today or timezone.localdate()
    if certificate.revoked_at:
        return "revoked"
    if certificate.valid_until < today:
        return "expired"
    return "valid"


def current_certificate(expert: Expert) -> Certificate | None:
    return expert.certificates.filter(revoked_at__isnull=True).order_by("-issued_at").first()


def campaign_progress(campaign: ConfirmationCampaign) -> dict[str, int]:
    return campaign.confirmations.aggregate(total=Count("id"), confirmed=Count("id", filter=Q(confirmed_at__isnull=False)))


# --- statistics (X16) ----------------------------------------------------------------------


def _bars(rows: list[tuple[str, int]]) -> list[dict]:
    top = max((count for _, count in rows), default=0) or 1
    return [{"label": label or "未填写", "count": count, "percent": round(count * 100 / top)} for label, count in rows]


def expert_statistics(*, actor) -> dict[str, Any]:
    """Counts by first-level domain, title level, region and activity, plus monthly use per
    department over the last 12 months (departments limited to the actor's scope)."""
    from tenant_apps.experts.enums import TitleLevel

    base = expert_scope(actor=actor).filter(deleted_at__isnull=True, status=ExpertStatus.APPROVED)
    by_domain: dict[str, int] = {}
    top_domains = {d.pk: d.name for d in Domain.objects.filter(level=1)}
    through = Expert.domains.through.objects.filter(expert__in=base).select_related("domain")
    rows = through.values("domain__path").annotate(n=Count("expert_id", distinct=True))
    for row in rows:
        top_id = int(row["domain__path"].strip("/").split("/")[0])
        name = top_domains.get(top_id, "其他")
        by_domain[name] = by_domain.get(name, 0) + row["n"]
    titles = dict(TitleLevel.choices)
    by_title = [(titles.get(r["title_level"], "未填写"), r["n"]) for r in base.values("title_level").annotate(n=Count("id")).order_by("-n")]
    by_region = [(r["region"], r["n"]) for r in base.values("region").annotate(n=Count("id")).order_by("-n")[:15]]
    year_ago = timezone.now() - datetime.timedelta(days=365)
    participations = Participation.objects.filter(expert__in=base, occurred_at__gte=year_ago)
    active = participations.filter(kind=ParticipationKind.ATTENDED).values("expert_id").annotate(n=Count("id"))
    buckets = {"1 次": 0, "2-3 次": 0, "4 次及以上": 0}
    for row in active:
        key = "1 次" if row["n"] == 1 else ("2-3 次" if row["n"] <= 3 else "4 次及以上")
        buckets[key] += 1
    total = base.count()
    buckets = {"未参评": max(0, total - sum(buckets.values())), **buckets}
    monthly = (
        participations.filter(kind=ParticipationKind.DRAWN)
        .annotate(month=TruncMonth("occurred_at"))
        .values("month", "org_unit__name")
        .annotate(n=Count("id"))
        .order_by("month", "org_unit__name")
    )
    months = sorted({row["month"].strftime("%Y-%m") for row in monthly})
    departments = sorted({row["org_unit__name"] or "未指定部门" for row in monthly})
    table = {dept: {m: 0 for m in months} for dept in departments}
    for row in monthly:
        table[row["org_unit__name"] or "未指定部门"][row["month"].strftime("%Y-%m")] = row["n"]
    return {
        "total": total,
        "eligible": eligible_filter(base, start=timezone.localdate(), end=timezone.localdate()).count(),
        "by_domain": _bars(sorted(by_domain.items(), key=lambda item: -item[1])),
        "by_title": _bars(by_title),
        "by_region": _bars(by_region),
        "by_activity": _bars(list(buckets.items())),
        "months": months,
        "monthly": [{"department": dept, "counts": [table[dept][m] for m in months], "total": sum(table[dept].values())} for dept in departments],
    }


STATISTICS_TTL_SECONDS = 300


def cached_statistics(*, actor, refresh: bool = False) -> dict[str, Any]:
    """`expert_statistics` and `exclusion_counts` for the statistics page, computed at most every
    five minutes per user (their data scope decides the figures) and kept in the tenant's cache
    (keys carry the schema, core.tenancy.make_cache_key). `computed_at` says how fresh they are;
    `refresh` recomputes now."""
    from django.core.cache import cache

    key = f"experts:statistics:v1:{actor.pk}"
    found = None if refresh else cache.get(key)
    if found is None:
        found = {"stats": expert_statistics(actor=actor), "exclusions": exclusion_counts(), "computed_at": timezone.now()}
        cache.set(key, found, STATISTICS_TTL_SECONDS)
    return found


def standard_domain_tree() -> dict[str, dict[str, list[str]]]:
    """The standard three-level domain tree shipped in tenants/_default/experts/domains.json
    (first level → second level → list of third-level names)."""
    import json
    from pathlib import Path

    from django.conf import settings

    path = Path(settings.TENANT_OVERRIDES_DIR) / "_default" / "experts" / "domains.json"
    return json.loads(path.read_text(encoding="utf-8"))["tree"]


# --- API reads -----------------------------------------------------------------------------


def own_expert(*, user) -> Expert | None:
    """The expert profile of the signed-in user (expert-side API and pages), or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    return Expert.objects.select_related("expert_type").filter(user_id=user.pk).first()


def profile_changes(*, actor, status: str = "") -> QuerySet[ProfileChange]:
    """Changes of the experts in the actor's scope (the change-request queue), newest first."""
    changes = ProfileChange.objects.filter(expert__in=expert_scope(actor=actor)).select_related("expert", "requested_by", "reviewed_by")
    return changes.filter(status=status) if status else changes


def certificates_in_scope(*, actor) -> QuerySet[Certificate]:
    """Issued certificates of the experts in the actor's scope, newest first."""
    return Certificate.objects.filter(expert__in=expert_scope(actor=actor)).select_related("expert", "expert__expert_type", "template")
