"""Reads of agreements: the teachers' list and review queues inside their data scope, each
party's own agreements, the audit timeline, and who may download the files."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from tenant_apps.accounts.models import OrgUnit
from tenant_apps.accounts.selectors import scoped
from tenant_apps.employment.agreements.enums import AgreementStatus
from tenant_apps.employment.agreements.models import Agreement, EmployerSeal

VIEW = "employment_agreements.view_agreement"
COLLEGE = "employment_agreements.review_agreement_college"
SCHOOL = "employment_agreements.review_agreement_school"
RELATED = ("employer", "record", "record__org_unit")


def agreements_in_scope(*, actor) -> QuerySet[Agreement]:
    return scoped(Agreement.objects.all(), actor, org_field="record__org_unit")


@dataclass
class AgreementSearch:
    q: str = ""
    status: str = ""
    year: int | None = None
    unit: int | None = None

    @classmethod
    def from_query(cls, params) -> AgreementSearch:
        year, unit, status = str(params.get("year") or ""), str(params.get("unit") or ""), params.get("status") or ""
        return cls(q=(params.get("q") or "").strip()[:100], status=status if status in AgreementStatus.values else "",
                   year=int(year) if year.isdigit() else None, unit=int(unit) if unit.isdigit() else None)

    def as_params(self) -> dict:
        return {k: v for k, v in {"q": self.q, "status": self.status, "year": self.year, "unit": self.unit}.items() if v}


def _filter(queryset: QuerySet[Agreement], search: AgreementSearch) -> QuerySet[Agreement]:
    if search.q:
        queryset = queryset.filter(Q(number__iexact=search.q) | Q(record__student_number__icontains=search.q) | Q(record__name__icontains=search.q)
                                   | Q(employer__name__icontains=search.q) | Q(job_title__icontains=search.q))
    if search.status:
        queryset = queryset.filter(status=search.status)
    if search.year:
        queryset = queryset.filter(record__graduation_year=search.year)
    if search.unit:
        unit = OrgUnit.objects.filter(pk=search.unit).first()
        queryset = queryset.filter(record__org_unit__path__startswith=unit.path) if unit else queryset.none()
    return queryset


def agreement_list(*, actor, search: AgreementSearch | None = None) -> QuerySet[Agreement]:
    return _filter(agreements_in_scope(actor=actor).select_related(*RELATED), search or AgreementSearch()).order_by("-updated_at", "-id")


def agreement_get(*, actor, pk: int) -> Agreement | None:
    return agreements_in_scope(actor=actor).select_related(*RELATED, "record__user").filter(pk=pk).first()


def review_queue(*, actor, search: AgreementSearch | None = None) -> QuerySet[Agreement]:
    """What waits for this teacher: the college level, the school level and terminations."""
    waiting = []
    if actor.has_perm(COLLEGE):
        waiting.append(AgreementStatus.COLLEGE_REVIEW)
    if actor.has_perm(SCHOOL):
        waiting += [AgreementStatus.SCHOOL_REVIEW, AgreementStatus.TERMINATION_REVIEW]
    queryset = agreements_in_scope(actor=actor).filter(status__in=waiting).select_related(*RELATED)
    return _filter(queryset, search or AgreementSearch()).order_by("updated_at", "id")


def status_counts(*, actor) -> dict[str, int]:
    rows = agreements_in_scope(actor=actor).values("status").annotate(n=Count("id"))
    return {row["status"]: row["n"] for row in rows}


def employer_agreements(*, employer, status: str = "", q: str = "") -> QuerySet[Agreement]:
    queryset = Agreement.objects.filter(employer=employer).select_related("record")
    if status in AgreementStatus.values:
        queryset = queryset.filter(status=status)
    if q:
        queryset = queryset.filter(Q(number__iexact=q) | Q(record__name__icontains=q) | Q(record__student_number__icontains=q) | Q(job_title__icontains=q))
    return queryset.order_by("-updated_at", "-id")


def employer_agreement_get(*, employer, pk: int) -> Agreement | None:
    return Agreement.objects.filter(employer=employer, pk=pk).select_related(*RELATED).first()


def student_agreements(*, user) -> QuerySet[Agreement]:
    return Agreement.objects.filter(record__user=user).select_related("employer", "record").order_by("-updated_at", "-id")


def student_agreement_get(*, user, pk: int) -> Agreement | None:
    return Agreement.objects.filter(record__user=user, pk=pk).select_related(*RELATED, "record__user").first()


def seal_for(*, employer) -> EmployerSeal | None:
    return EmployerSeal.objects.filter(employer=employer).first()


def timeline(agreement: Agreement) -> list:
    """The audit events of the agreement, oldest first: every state it went through, who, when."""
    from core.models import AuditEvent

    events = list(AuditEvent.objects.filter(object_type="employment_agreements.agreement", object_id=str(agreement.pk))
                  .order_by("created_at", "id").only("action", "actor_label", "created_at")[:100])
    for event in events:
        event.label = ACTION_LABELS.get(event.action, event.action)
    return events


ACTION_LABELS = {
    "agreement.invite": "单位发出邀约", "agreement.withdraw": "单位撤回邀约", "agreement.accept": "学生接受", "agreement.refuse": "学生拒绝",
    "agreement.expire": "邀约过期", "agreement.approve_college": "学院审核通过", "agreement.return_college": "学院退回",
    "agreement.return_school": "学校退回", "agreement.sign": "学校审核通过，签约成功", "agreement.termination_start": "申请解约",
    "agreement.termination_agree": "对方同意解约", "agreement.termination_refuse": "对方不同意解约", "agreement.terminate": "学校审核解约",
    "agreement.termination_reject": "学校未同意解约",
}


def may_download_agreement_file(user, agreement: Agreement) -> bool:
    """The PDF and the termination proof: the two parties, and teachers who see the graduate."""
    if agreement.record.user_id == user.pk:
        return True
    from tenant_apps.employment.employers.selectors import employer_for_user

    employer = employer_for_user(user)
    if employer is not None:
        return employer.pk == agreement.employer_id
    return user.has_perm(VIEW) and agreements_in_scope(actor=user).filter(pk=agreement.pk).exists()


def may_download_seal(user, seal: EmployerSeal) -> bool:
    from tenant_apps.employment.employers.selectors import employer_for_user

    employer = employer_for_user(user)
    if employer is not None:
        return employer.pk == seal.employer_id
    return user.has_perm(VIEW)
