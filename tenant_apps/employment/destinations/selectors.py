"""Reads of destinations in the actor's data scope, the review queues, and the anomaly flags
the review pages show (the 四不准 made visible)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from tenant_apps.accounts.models import OrgUnit
from tenant_apps.accounts.selectors import scoped
from tenant_apps.employment.destinations.enums import (
    CATEGORIES,
    FLEXIBLE_SPIKE_CODES,
    LEVEL_FLOW,
    Confirmation,
    DestinationStatus,
    EmployerSize,
)
from tenant_apps.employment.destinations.models import (
    Destination,
    Evidence,
    ExportTemplate,
    LedgerEntry,
)

EMPLOYER_CLUSTER_MIN = 5  # graduates at one small or new employer
NEW_EMPLOYER_DAYS = 365
SPIKE_MIN = 5  # 12/75/76 in one class, and at least twice the share in the other classes


def destinations_in_scope(*, actor) -> QuerySet[Destination]:
    return scoped(Destination.objects.all(), actor, org_field="record__org_unit")


@dataclass
class DestinationSearch:
    q: str = ""
    year: int | None = None
    status: str = ""
    category: str = ""
    unit: int | None = None
    confirmation: str = ""

    @classmethod
    def from_query(cls, params) -> DestinationSearch:
        year, unit = str(params.get("year") or ""), str(params.get("unit") or "")
        status, category, confirmation = params.get("status") or "", params.get("category") or "", params.get("confirmation") or ""
        return cls(q=(params.get("q") or "").strip(), year=int(year) if year.isdigit() else None, unit=int(unit) if unit.isdigit() else None,
                   status=status if status in DestinationStatus.values else "", category=category if category in CATEGORIES else "",
                   confirmation=confirmation if confirmation in Confirmation.values else "")

    def as_params(self) -> dict:
        return {k: v for k, v in {"q": self.q, "year": self.year, "status": self.status, "category": self.category, "unit": self.unit,
                                  "confirmation": self.confirmation}.items() if v}


def destination_list(*, actor, search: DestinationSearch | None = None) -> QuerySet[Destination]:
    search = search or DestinationSearch()
    queryset = destinations_in_scope(actor=actor).select_related("record", "record__org_unit", "filed_by")
    if search.q:
        queryset = queryset.filter(Q(record__student_number__icontains=search.q) | Q(record__name__icontains=search.q) | Q(employer_name__icontains=search.q))
    if search.year:
        queryset = queryset.filter(record__graduation_year=search.year)
    if search.status:
        queryset = queryset.filter(status=search.status)
    if search.category:
        queryset = queryset.filter(category=search.category)
    if search.confirmation:
        queryset = queryset.filter(confirmation=search.confirmation)
    if search.unit:
        unit = OrgUnit.objects.filter(pk=search.unit).first()
        queryset = queryset.filter(record__org_unit__path__startswith=unit.path) if unit else queryset.none()
    return queryset.order_by("-updated_at", "-id")


def destination_get(*, actor, pk: int) -> Destination:
    return destination_list(actor=actor).get(pk=pk)


def review_queue(*, actor, level: str, search: DestinationSearch | None = None) -> QuerySet[Destination]:
    waiting = LEVEL_FLOW[level][0]
    return destination_list(actor=actor, search=search).filter(status=waiting).order_by("submitted_at", "id")


def disputes(*, actor) -> QuerySet[Destination]:
    return destination_list(actor=actor).filter(confirmation=Confirmation.DISPUTED)


def destination_of_record(record) -> Destination | None:
    return Destination.objects.filter(record=record).prefetch_related("evidence", "reviews").first() if record else None


def ledger_of_record(record) -> QuerySet[LedgerEntry]:
    return LedgerEntry.objects.filter(record=record).order_by("sequence")


def export_templates(*, actor) -> QuerySet[ExportTemplate]:
    return ExportTemplate.objects.filter(owner=actor)


def may_download_evidence(user, evidence: Evidence) -> bool:
    """An evidence file: the graduate it belongs to, and staff who see the destination in scope
    (the reviewers of the three levels open it before deciding)."""
    if evidence.destination.record.user_id == user.pk:
        return True
    return user.has_perm("employment_destinations.view_destination") and destinations_in_scope(actor=user).filter(pk=evidence.destination_id).exists()


# --- anomaly flags --------------------------------------------------------------------------------


def anomaly_flags(destinations: list[Destination]) -> dict[int, list[str]]:
    """Flags for the destinations on a page: a small or new employer taking many graduates, an
    evidence file used by several students, a class with a spike of 12/75/76, filed by staff."""
    flags: dict[int, list[str]] = defaultdict(list)
    if not destinations:
        return flags
    active = Destination.objects.exclude(status=DestinationStatus.DRAFT)
    codes = {d.employer_credit_code for d in destinations if d.employer_credit_code}
    cluster = dict(active.filter(employer_credit_code__in=codes).values_list("employer_credit_code").annotate(n=Count("pk")))
    hashes = defaultdict(set)
    for destination_id, digest in Evidence.objects.filter(destination__in=destinations).values_list("destination_id", "sha256"):
        hashes[destination_id].add(digest)
    all_hashes = {h for values in hashes.values() for h in values}
    reused = dict(Evidence.objects.filter(sha256__in=all_hashes).values_list("sha256").annotate(n=Count("destination_id", distinct=True)))
    class_ids = {d.record.org_unit_id for d in destinations}
    per_class = {row["record__org_unit_id"]: row for row in active.filter(record__org_unit_id__in=class_ids).values("record__org_unit_id").annotate(
        total=Count("pk"), flexible=Count("pk", filter=Q(category__in=FLEXIBLE_SPIKE_CODES)))}
    school = active.aggregate(total=Count("pk"), flexible=Count("pk", filter=Q(category__in=FLEXIBLE_SPIKE_CODES)))
    today = timezone.localdate()
    for d in destinations:
        count = cluster.get(d.employer_credit_code, 0)
        is_new = d.employer_founded_on and (today - d.employer_founded_on) < datetime.timedelta(days=NEW_EMPLOYER_DAYS)
        if count >= EMPLOYER_CLUSTER_MIN and (d.employer_size in (EmployerSize.SMALL, EmployerSize.MICRO) or is_new):
            flags[d.pk].append(f"{'新成立' if is_new else '小微'}单位集中签约 {count} 人")
        if any(reused.get(h, 0) > 1 for h in hashes.get(d.pk, ())):
            flags[d.pk].append("证明材料与其他学生相同")
        row = per_class.get(d.record.org_unit_id)
        rest_total = school["total"] - (row["total"] if row else 0)
        rest_share = (school["flexible"] - row["flexible"]) / rest_total if row and rest_total else 0
        if d.category in FLEXIBLE_SPIKE_CODES and row and row["flexible"] >= SPIKE_MIN and row["flexible"] / row["total"] >= 2 * rest_share:
            flags[d.pk].append(f"本班灵活就业/创业/自由职业偏多（{row['flexible']}/{row['total']}）")
        if d.is_filed_by_staff:
            flags[d.pk].append("老师代填")
    return flags
