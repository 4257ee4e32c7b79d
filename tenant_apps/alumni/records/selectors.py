"""Reads for records and members: layered search, review queues, statistics."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Coalesce

from core.crypto import blind_index
from tenant_apps.alumni.records import matching
from tenant_apps.alumni.records.enums import CandidateStatus, DuplicateStatus, MemberStatus
from tenant_apps.alumni.records.models import (
    AlumniRecord,
    DuplicatePair,
    MatchCandidate,
    Member,
    MergeLog,
)


def _int(value) -> int | None:
    text = str(value or "").strip()
    return int(text) if text.isdigit() else None


@dataclass
class RecordSearch:
    """Fuzzy (name in any script or pinyin, student number, phone), combined (all filters
    together) and layered (college → major → class year) search."""

    q: str = ""
    year_from: int | None = None
    year_to: int | None = None
    college_id: int | None = None
    major: str = ""
    region: str = ""
    industry: str = ""
    degree: str = ""
    deceased: str = ""  # "", "yes", "no"
    verified: str = ""  # "", "yes", "no"
    source: str = ""
    field_key: str = ""
    field_value: str = ""

    @classmethod
    def from_query(cls, params) -> RecordSearch:
        return cls(q=str(params.get("q", "")).strip()[:50], year_from=_int(params.get("year_from")), year_to=_int(params.get("year_to")),
                   college_id=_int(params.get("college")), major=str(params.get("major", "")).strip()[:50], region=str(params.get("region", "")).strip()[:50],
                   industry=str(params.get("industry", "")).strip()[:50], degree=str(params.get("degree", "")), deceased=str(params.get("deceased", "")),
                   verified=str(params.get("verified", "")), source=str(params.get("source", "")).strip()[:100],
                   field_key=str(params.get("field_key", "")).strip()[:40], field_value=str(params.get("field_value", "")).strip()[:100])


def record_search(*, search: RecordSearch, include_merged: bool = False) -> QuerySet[AlumniRecord]:
    queryset = AlumniRecord.objects.select_related("college")
    if not include_merged:
        queryset = queryset.filter(merged_into__isnull=True)
    if search.q:
        text = matching.simplify(search.q)
        query = Q(name_simplified=text) | Q(student_no=text) | Q(name__startswith=text)
        if text.isascii() and text.replace(" ", "").isalpha():
            query |= Q(name_keys__contains=[text.lower().replace(" ", "")])
        elif not text.isascii():
            query |= Q(name_keys__overlap=list(matching.name_keys(text)))
            if len(text) >= 3:
                query |= Q(name__contains=text)
        if text.isdigit() and len(text) == 11:
            query |= Q(phone_hash=blind_index(text))
        queryset = queryset.filter(query)
    if search.year_from:
        queryset = queryset.filter(class_year__gte=search.year_from)
    if search.year_to:
        queryset = queryset.filter(class_year__lte=search.year_to)
    if search.college_id:
        queryset = queryset.filter(college_id=search.college_id)
    if search.major:
        queryset = queryset.filter(Q(major_canonical__icontains=search.major) | Q(major__icontains=search.major))
    if search.region:
        queryset = queryset.filter(region=search.region)
    if search.industry:
        queryset = queryset.filter(industry=search.industry)
    if search.degree:
        queryset = queryset.filter(degree=search.degree)
    if search.deceased in ("yes", "no"):
        queryset = queryset.filter(is_deceased=search.deceased == "yes")
    if search.verified in ("yes", "no"):
        linked = Q(members__status=MemberStatus.APPROVED)
        queryset = queryset.filter(linked).distinct() if search.verified == "yes" else queryset.exclude(linked)
    if search.source:
        queryset = queryset.filter(source__icontains=search.source)
    if search.field_key and search.field_value:
        queryset = queryset.filter(**{f"extra__{search.field_key}__icontains": search.field_value})
    return queryset.order_by("-class_year", "name", "pk")


def record_get(pk: int) -> AlumniRecord | None:
    return AlumniRecord.objects.select_related("college", "merged_into").filter(pk=pk).first()


def verified_member(user, *, related: tuple[str, ...] = ()) -> Member | None:
    """The verified alumnus behind `user` (an approved member matched to a record), or None,
    also for anonymous and unsaved users. `related` is passed to select_related."""
    if not getattr(user, "is_authenticated", False) or getattr(user, "pk", None) is None:
        return None
    queryset = Member.objects.filter(user=user)
    if related:  # select_related() without fields would follow every foreign key
        queryset = queryset.select_related(*related)
    member = queryset.first()
    return member if member is not None and member.is_verified else None


def member_list(*, q: str = "", status: str = "", group_id: int | None = None, verified: str = "") -> QuerySet[Member]:
    queryset = Member.objects.select_related("record", "user").prefetch_related("groups")
    if q:
        queryset = queryset.filter(Q(name__icontains=q) | Q(major__icontains=q) | Q(college_name__icontains=q))
    if status:
        queryset = queryset.filter(status=status)
    if group_id:
        queryset = queryset.filter(groups__id=group_id)
    if verified == "yes":
        queryset = queryset.filter(record__isnull=False, status=MemberStatus.APPROVED)
    elif verified == "no":
        queryset = queryset.filter(Q(record__isnull=True) | ~Q(status=MemberStatus.APPROVED))
    return queryset.order_by("-created_at", "-pk")


def members_to_review() -> QuerySet[Member]:
    """Members waiting: pending, not yet linked to a record."""
    return Member.objects.filter(status=MemberStatus.PENDING).select_related("user").annotate(
        open_candidates=Count("candidates", filter=Q(candidates__status=CandidateStatus.PENDING))).order_by("created_at", "pk")


def candidates_of(member: Member) -> QuerySet[MatchCandidate]:
    return MatchCandidate.objects.filter(member=member).select_related("record", "record__college").order_by("-score", "pk")


def duplicate_pairs(*, status: str = DuplicateStatus.OPEN) -> QuerySet[DuplicatePair]:
    return DuplicatePair.objects.filter(status=status).select_related("record_a", "record_b", "record_a__college", "record_b__college").order_by("-score", "pk")


def merge_logs() -> QuerySet[MergeLog]:
    return MergeLog.objects.select_related("survivor", "absorbed", "actor", "reversed_by").order_by("-created_at", "-pk")


def statistics() -> dict:
    """Counts of active records by decade of entry, college (current name), region, industry,
    plus verified members and deceased."""
    active = AlumniRecord.objects.filter(merged_into__isnull=True)
    by_decade: dict[int, int] = {}
    for year, count in active.exclude(class_year__isnull=True).values_list("class_year").annotate(n=Count("pk")).values_list("class_year", "n"):
        by_decade[year // 10 * 10] = by_decade.get(year // 10 * 10, 0) + count
    return {
        "total": active.count(),
        "deceased": active.filter(is_deceased=True).count(),
        "members": Member.objects.count(),
        "verified": Member.objects.filter(status=MemberStatus.APPROVED, record__isnull=False).count(),
        "pending": Member.objects.filter(status=MemberStatus.PENDING).count(),
        "by_decade": sorted(by_decade.items()),
        "by_college": list(active.annotate(label=Coalesce("college__name", "college_name")).values("label").annotate(n=Count("pk")).order_by("-n")[:20].values_list("label", "n")),
        "by_region": list(active.exclude(region="").values("region").annotate(n=Count("pk")).order_by("-n")[:20].values_list("region", "n")),
        "by_industry": list(active.exclude(industry="").values("industry").annotate(n=Count("pk")).order_by("-n")[:20].values_list("industry", "n")),
    }
