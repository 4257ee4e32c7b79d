"""Reads of archive transfers, in the actor's data scope, and the proposal rules."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from tenant_apps.accounts.models import OrgUnit
from tenant_apps.accounts.selectors import scoped
from tenant_apps.employment.archives.enums import ArchiveDestination, ArchiveStatus
from tenant_apps.employment.archives.models import ArchiveTransfer
from tenant_apps.employment.destinations.enums import CUSTODY_NATURES, DestinationStatus
from tenant_apps.employment.students.enums import PROVINCES, SPONSORED_MODES


@dataclass(frozen=True)
class Proposal:
    kind: str
    unit: str
    address: str = ""
    region: str = ""


def _service_of(region: str, where: str) -> str:
    province = PROVINCES.get((region or "")[:2], "")
    return f"{province}（{region}）{where}公共就业和人才服务机构" if region else f"{where}公共就业和人才服务机构"


def archive_proposal(record, destination) -> Proposal:
    """Where the file should go, from the verified record and the approved destination:
    定向/委培 → the unit; 升学 → the admitting school; an employer with custody rights (机关,
    事业单位, 国企, 部队) → the employer; other employment → the public employment service of the
    employer's place; not placed (or abroad) → kept at school (up to two years; the graduate may
    ask for the 生源地 instead)."""
    if record.training_mode in SPONSORED_MODES and record.sponsor_unit:
        return Proposal(ArchiveDestination.SPONSOR, record.sponsor_unit, region=record.sponsor_region)
    approved = destination is not None and destination.status == DestinationStatus.APPROVED
    category = destination.category if approved else ""
    if category == "80":
        return Proposal(ArchiveDestination.ADMITTING_SCHOOL, destination.admitting_school)
    if category in ("10", "11", "27") and destination.employer_nature in CUSTODY_NATURES:
        return Proposal(ArchiveDestination.EMPLOYER, destination.employer_name, destination.employer_address, destination.employer_region)
    if category in ("10", "11", "12", "27", "50", "51", "75", "76"):
        return Proposal(ArchiveDestination.TALENT_SERVICE, _service_of(destination.employer_region, "用人单位所在地"), region=destination.employer_region)
    if category == "46":
        return Proposal(ArchiveDestination.ORIGIN, _service_of(record.origin_region, "入伍地（生源地）"), region=record.origin_region)
    return Proposal(ArchiveDestination.SCHOOL_CUSTODY, "本校就业指导中心（档案暂存）")


def origin_proposal(record) -> Proposal:
    return Proposal(ArchiveDestination.ORIGIN, _service_of(record.origin_region, "生源地"), region=record.origin_region)


def archives_in_scope(*, actor) -> QuerySet[ArchiveTransfer]:
    return scoped(ArchiveTransfer.objects.all(), actor, org_field="record__org_unit")


@dataclass
class ArchiveSearch:
    q: str = ""
    year: int | None = None
    status: str = ""
    kind: str = ""
    unit: int | None = None

    @classmethod
    def from_query(cls, params) -> ArchiveSearch:
        year, unit = str(params.get("year") or ""), str(params.get("unit") or "")
        status, kind = params.get("status") or "", params.get("kind") or ""
        return cls(q=(params.get("q") or "").strip(), year=int(year) if year.isdigit() else None, unit=int(unit) if unit.isdigit() else None,
                   status=status if status in ArchiveStatus.values else "", kind=kind if kind in ArchiveDestination.values else "")


def archive_list(*, actor, search: ArchiveSearch | None = None) -> QuerySet[ArchiveTransfer]:
    search = search or ArchiveSearch()
    queryset = archives_in_scope(actor=actor).select_related("record", "record__org_unit")
    if search.q:
        queryset = queryset.filter(Q(record__student_number__icontains=search.q) | Q(record__name__icontains=search.q) | Q(transfer_number=search.q)
                                   | Q(tracking_number=search.q))
    if search.year:
        queryset = queryset.filter(record__graduation_year=search.year)
    if search.status:
        queryset = queryset.filter(status=search.status)
    if search.kind:
        queryset = queryset.filter(destination_kind=search.kind)
    if search.unit:
        unit = OrgUnit.objects.filter(pk=search.unit).first()
        queryset = queryset.filter(record__org_unit__path__startswith=unit.path) if unit else queryset.none()
    return queryset.order_by("record__student_number")


def archive_get(*, actor, pk: int) -> ArchiveTransfer:
    return archive_list(actor=actor).get(pk=pk)


def archive_of_record(record) -> ArchiveTransfer | None:
    return ArchiveTransfer.objects.filter(record=record).first() if record else None
