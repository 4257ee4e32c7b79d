"""Reads of graduate records, always inside the actor's data scope (org tree)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from core.crypto import blind_index
from tenant_apps.accounts.models import OrgUnit
from tenant_apps.accounts.selectors import scoped
from tenant_apps.employment.students.enums import CorrectionStatus, VerificationStatus
from tenant_apps.employment.students.models import (
    EmploymentSettings,
    GraduateRecord,
    RecordCorrection,
)


def settings_get() -> EmploymentSettings:
    return EmploymentSettings.objects.order_by("pk").first() or EmploymentSettings()


def records_in_scope(*, actor) -> QuerySet[GraduateRecord]:
    return scoped(GraduateRecord.objects.all(), actor)


@dataclass
class RecordSearch:
    q: str = ""
    year: int | None = None
    status: str = ""
    unit: int | None = None

    @classmethod
    def from_query(cls, params) -> RecordSearch:
        year = str(params.get("year") or "").strip()
        unit = str(params.get("unit") or "").strip()
        status = params.get("status") or ""
        return cls(q=(params.get("q") or "").strip(), year=int(year) if year.isdigit() else None,
                   status=status if status in VerificationStatus.values else "", unit=int(unit) if unit.isdigit() else None)


def record_list(*, actor, search: RecordSearch | None = None) -> QuerySet[GraduateRecord]:
    search = search or RecordSearch()
    queryset = records_in_scope(actor=actor).select_related("org_unit", "org_unit__parent", "org_unit__parent__parent", "user")
    if search.q:
        queryset = queryset.filter(Q(student_number__icontains=search.q) | Q(name__icontains=search.q) | Q(id_number_hash=blind_index(search.q.upper())))
    if search.year:
        queryset = queryset.filter(graduation_year=search.year)
    if search.status:
        queryset = queryset.filter(verification_status=search.status)
    if search.unit:
        unit = OrgUnit.objects.filter(pk=search.unit).first()
        queryset = queryset.filter(org_unit__path__startswith=unit.path) if unit else queryset.none()
    return queryset.order_by("-graduation_year", "student_number")


def record_get(*, actor, pk: int) -> GraduateRecord:
    """A record in the actor's scope, or DoesNotExist."""
    return record_list(actor=actor).get(pk=pk)


def record_of_user(user) -> GraduateRecord | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return GraduateRecord.objects.select_related("org_unit", "org_unit__parent", "org_unit__parent__parent").filter(user=user).order_by("-graduation_year").first()


def review_queue(*, actor, search: RecordSearch | None = None) -> QuerySet[GraduateRecord]:
    return record_list(actor=actor, search=search).filter(verification_status__in=[VerificationStatus.CONFIRMED, VerificationStatus.CORRECTION])


def may_download_correction_evidence(user, correction: RecordCorrection) -> bool:
    """A correction's evidence: the graduate who sent it, and staff who see the record in scope."""
    if correction.record.user_id == user.pk:
        return True
    return user.has_perm("employment_students.view_graduaterecord") and records_in_scope(actor=user).filter(pk=correction.record_id).exists()


def correction_rows(record: GraduateRecord, correction: RecordCorrection | None, labels: dict[str, str]) -> list[tuple[str, str, str]]:
    """(field label, value now, value asked for) of a correction, for the counsellor's page."""
    if correction is None:
        return []
    return [(labels.get(field, field), str(getattr(record, field, "") or ""), str(value)) for field, value in correction.changes.items()]


def pending_correction(record: GraduateRecord) -> RecordCorrection | None:
    return record.corrections.filter(status=CorrectionStatus.PENDING).order_by("-requested_at").first()


def graduation_years() -> list[int]:
    return list(GraduateRecord.objects.order_by("-graduation_year").values_list("graduation_year", flat=True).distinct())


def unit_names(record: GraduateRecord) -> tuple[str, str, str]:
    """(college, major, class) names from the record's class unit."""
    unit = record.org_unit
    major = unit.parent if unit and unit.parent_id else None
    college = major.parent if major and major.parent_id else None
    return (college.name if college else "", major.name if major else "", unit.name if unit else "")


def verification_progress(*, actor, year: int | None, level: str = "college") -> list[dict]:
    """Per college (or class, with its id for a reminder to that unit): total, bound accounts,
    verified, waiting for review, not started."""
    queryset = records_in_scope(actor=actor)
    if year:
        queryset = queryset.filter(graduation_year=year)
    key, unit_key = ("org_unit__parent__parent__name", "org_unit__parent__parent_id") if level == "college" else ("org_unit__name", "org_unit_id")
    rows = queryset.values(key, unit_key).annotate(
        total=Count("pk"),
        bound=Count("pk", filter=~Q(user__wechat_openid="") & Q(user__isnull=False)),
        verified=Count("pk", filter=Q(verification_status=VerificationStatus.VERIFIED)),
        waiting=Count("pk", filter=Q(verification_status__in=[VerificationStatus.CONFIRMED, VerificationStatus.CORRECTION])),
        not_started=Count("pk", filter=Q(verification_status__in=[VerificationStatus.PENDING, VerificationStatus.RETURNED])),
    ).order_by(key, unit_key)
    return [{"unit_id": row[unit_key], "name": row[key] or "（未分配）", **{k: row[k] for k in ("total", "bound", "verified", "waiting", "not_started")},
             "percent": round(100 * row["verified"] / row["total"], 1) if row["total"] else 0.0} for row in rows]
