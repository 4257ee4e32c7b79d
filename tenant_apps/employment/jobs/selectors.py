"""Reads of jobs and announcements: the students' search (keyword + filters), the employer's
own postings, the review queue and the job library."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from tenant_apps.employment.employers.search import keyword_condition
from tenant_apps.employment.jobs.enums import (
    AnnouncementKind,
    AnnouncementStatus,
    Education,
    JobKind,
    JobStatus,
)
from tenant_apps.employment.jobs.models import Announcement, Job


def _int(value) -> int | None:
    return int(value) if str(value or "").isdigit() else None


@dataclass
class JobSearch:
    q: str = ""
    kind: str = ""
    place: str = ""  # a GB/T 2260 prefix: 2 (province), 4 (city) or 6 digits
    salary_from: int | None = None
    education: str = ""
    unit: int | None = None
    tag: int | None = None
    status: str = ""
    employer: int | None = None

    @classmethod
    def from_query(cls, params) -> JobSearch:
        place = str(params.get("place", "")).strip()
        return cls(
            q=str(params.get("q", "")).strip()[:100], kind=params.get("kind", "") if params.get("kind") in JobKind.values else "",
            place=place if place.isdigit() and len(place) in (2, 4, 6) else "", salary_from=_int(params.get("salary_from")),
            education=params.get("education", "") if params.get("education") in Education.values else "",
            unit=_int(params.get("unit")), tag=_int(params.get("tag")),
            status=params.get("status", "") if params.get("status") in JobStatus.values else "", employer=_int(params.get("employer")),
        )

    def as_params(self) -> dict:
        return {key: value for key, value in self.__dict__.items() if value not in ("", None)}


def _filtered(queryset: QuerySet[Job], search: JobSearch) -> QuerySet[Job]:
    if search.q:
        keyword = keyword_condition(search.q)
        queryset = queryset.filter(keyword if keyword is not None else Q(title__icontains=search.q))
    if search.kind:
        queryset = queryset.filter(kind=search.kind)
    if search.place:
        queryset = queryset.filter(place_code__startswith=search.place)
    if search.salary_from:
        queryset = queryset.filter(salary_max__gte=search.salary_from)
    if search.education:
        queryset = queryset.filter(education=search.education)
    if search.unit:
        queryset = queryset.filter(Q(target_units=search.unit) | Q(target_units__isnull=True)).distinct()
    if search.tag:
        queryset = queryset.filter(tags=search.tag)
    if search.employer:
        queryset = queryset.filter(employer_id=search.employer)
    return queryset


def live_jobs() -> QuerySet[Job]:
    """Postings students may see: approved, before the deadline, not hidden after complaints.

    The employer's standing is not re-checked here: a posting is approved only for an approved,
    non-black-listed employer, and declining or black-listing an employer closes its postings
    (`employment.employer_withdrawn`), so an approved posting implies an employer in good standing.
    Leaving the join out keeps the students' search on the job table's own indexes."""
    return Job.objects.filter(status=JobStatus.APPROVED, hidden_at__isnull=True, valid_until__gte=timezone.localdate())


PUBLIC_COUNT_CAP = 1000


def capped_count(queryset: QuerySet, cap: int = PUBLIC_COUNT_CAP) -> int:
    """Rows up to `cap` + 1 (shown as "1000+"): a search page never counts tens of thousands."""
    return queryset.order_by()[: cap + 1].count()


def job_public_search(*, search: JobSearch) -> QuerySet[Job]:
    return _filtered(live_jobs(), search).select_related("employer").order_by("-approved_at", "-id")


def job_public_get(*, pk: int) -> Job | None:
    return live_jobs().select_related("employer").filter(pk=pk).first()


def job_library(*, search: JobSearch) -> QuerySet[Job]:
    """All postings of the school for teachers (review queue and library)."""
    queryset = Job.objects.select_related("employer")
    if search.status:
        queryset = queryset.filter(status=search.status)
    return _filtered(queryset, search).order_by("-created_at", "-id")


def job_get(*, pk: int) -> Job | None:
    return Job.objects.select_related("employer").filter(pk=pk).first()


def employer_jobs(*, employer, status: str = "") -> QuerySet[Job]:
    queryset = Job.objects.filter(employer=employer)
    if status in JobStatus.values:
        queryset = queryset.filter(status=status)
    return queryset.order_by("-created_at", "-id")


def employer_job_get(*, employer, pk: int) -> Job | None:
    return Job.objects.filter(employer=employer, pk=pk).first()


def job_status_counts(*, employer=None) -> dict[str, int]:
    from django.db.models import Count

    queryset = Job.objects.all() if employer is None else Job.objects.filter(employer=employer)
    counts = {status: 0 for status in JobStatus.values}
    counts.update({row["status"]: row["n"] for row in queryset.values("status").annotate(n=Count("id"))})
    return counts


def announcement_public_list(*, kind: str = "", q: str = "") -> QuerySet[Announcement]:
    today = timezone.localdate()
    queryset = Announcement.objects.filter(status=AnnouncementStatus.APPROVED).filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
    if kind in AnnouncementKind.values:
        queryset = queryset.filter(kind=kind)
    if q:
        keyword = keyword_condition(q)
        queryset = queryset.filter(keyword if keyword is not None else Q(title__icontains=q))
    return queryset.select_related("employer").order_by("-published_at", "-id")


def announcement_list(*, status: str = "", kind: str = "", q: str = "", employer=None) -> QuerySet[Announcement]:
    queryset = Announcement.objects.select_related("employer")
    if employer is not None:
        queryset = queryset.filter(employer=employer)
    if status in AnnouncementStatus.values:
        queryset = queryset.filter(status=status)
    if kind in AnnouncementKind.values:
        queryset = queryset.filter(kind=kind)
    if q:
        queryset = queryset.filter(title__icontains=q)
    return queryset.order_by("-created_at", "-id")


def complaint_queue(*, status: str = "open") -> QuerySet[Job]:
    """Postings with reports, the most reported first, with the number of open ones."""
    from django.db.models import Count, Q

    from tenant_apps.employment.jobs.enums import ComplaintStatus

    queryset = Job.objects.select_related("employer").annotate(
        open_complaints=Count("complaints", filter=Q(complaints__status=ComplaintStatus.OPEN)), all_complaints=Count("complaints"))
    if status == "open":
        queryset = queryset.filter(open_complaints__gt=0)
    else:
        queryset = queryset.filter(all_complaints__gt=0)
    return queryset.order_by("-open_complaints", "-id")
