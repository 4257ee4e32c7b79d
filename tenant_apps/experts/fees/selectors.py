"""Reads for expert fees. Lines are scoped through their project (the actor's departments, as
for projects); experts reach only their own letters."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from core.masking import mask_default, mask_id_number, mask_name
from tenant_apps.experts.fees.enums import PAYABLE, FeeStatus, LetterStatus
from tenant_apps.experts.fees.models import FeeLetter, FeeLine, FeeStandard
from tenant_apps.experts.models import Expert
from tenant_apps.experts.panels.enums import MemberKind
from tenant_apps.experts.panels.models import PanelMember, Project
from tenant_apps.experts.panels.selectors import is_attending, panel_projects, project_scope
from tenant_apps.experts.selectors import can_reveal

BANK_PERMISSION = "expert_fees.view_bank_account"


# --- standards ------------------------------------------------------------------------------


def standards() -> QuerySet[FeeStandard]:
    return FeeStandard.objects.all()


def standard_for(*, title_level: str, on: datetime.date) -> FeeStandard | None:
    """The active standard in force on `on` for the title level; one for the exact level wins
    over one for all levels, then the latest start date."""
    in_force = FeeStandard.objects.filter(is_active=True, effective_from__lte=on).order_by("-effective_from", "-id")
    exact = in_force.filter(title_level=title_level).first() if title_level else None
    return exact or in_force.filter(title_level="").first()


# --- projects and members -------------------------------------------------------------------


def project_get(*, actor, pk: int) -> Project | None:
    return project_scope(actor=actor).filter(pk=pk).first()


def project_by_code(*, actor, code: str) -> Project | None:
    return project_scope(actor=actor).filter(code=code.strip()).first()


def panel_members(project: Project) -> QuerySet[PanelMember]:
    """Everyone seated on the panel of the project (or of its batch), skipped rows left out."""
    ids = [p.pk for p in panel_projects(project)]
    return (
        PanelMember.objects.filter(draw__project_id__in=ids).exclude(kind=MemberKind.SKIPPED)
        .select_related("expert", "draw").order_by("draw_id", "row")
    )


def member_for_project(*, project: Project, member_id: int) -> PanelMember | None:
    return panel_members(project).filter(pk=member_id).first()


def member_for_expert(*, project: Project, expert_id: int) -> PanelMember | None:
    """The expert's seat on the project's panel; an attending seat first (a replaced seat of the
    same expert may also be on the list)."""
    members = list(panel_members(project).filter(expert_id=expert_id))
    attending = [m for m in members if is_attending(m)]
    return (attending or members or [None])[0]


def mask_bank_account(account: str) -> str:
    """Only the last four digits, as on a bank slip: **** **** **** 1234."""
    digits = (account or "").replace(" ", "")
    if not digits:
        return ""
    return f"**** **** **** {digits[-4:]}" if len(digits) > 4 else "*" * len(digits)


def display_name(*, actor, expert: Expert, project: Project) -> str:
    """Names follow the library's rule (X15): full from the project's reveal window on."""
    if actor is not None and can_reveal(actor, project_starts_at=project.opens_at):
        return expert.name
    return mask_name(expert.name)


def project_fee_rows(*, actor, project: Project) -> list[dict[str, Any]]:
    """One row per panel seat: the member, whether they may be paid, and their line."""
    lines = {line.member_id: line for line in project_lines(project)}
    rows = []
    for member in panel_members(project):
        rows.append({"member": member, "name": display_name(actor=actor, expert=member.expert, project=project),
                     "is_attending": is_attending(member), "line": lines.get(member.pk)})
    return rows


# --- lines ----------------------------------------------------------------------------------


def line_scope(*, actor) -> QuerySet[FeeLine]:
    return (
        FeeLine.objects.filter(project_id__in=project_scope(actor=actor).values("pk"))
        .select_related("project", "expert", "member", "current_letter", "standard")
    )


def line_get(*, actor, pk: int) -> FeeLine | None:
    return line_scope(actor=actor).filter(pk=pk).first()


def project_lines(project: Project) -> QuerySet[FeeLine]:
    return FeeLine.objects.filter(project=project).select_related("project", "expert", "member", "current_letter", "standard").order_by("member__row", "id")


def project_totals(project: Project) -> dict[str, Any]:
    return _totals(FeeLine.objects.filter(project=project))


def _totals(queryset: QuerySet[FeeLine]) -> dict[str, Any]:
    data = queryset.aggregate(
        lines=Count("id"), total=Sum("total_amount"), net=Sum("net_amount"),
        paid=Sum("net_amount", filter=Q(status=FeeStatus.PAID)), signed=Count("id", filter=Q(status__in=PAYABLE)),
    )
    return {key: (value if value is not None else Decimal("0.00")) for key, value in data.items()}


@dataclass
class LineSearch:
    q: str = ""
    status: str = ""
    project_id: int | None = None
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None

    @classmethod
    def from_query(cls, params: Any) -> LineSearch:
        def date(name: str) -> datetime.date | None:
            try:
                return datetime.date.fromisoformat(str(params.get(name, "")))
            except ValueError:
                return None

        project = str(params.get("project", ""))
        status = str(params.get("status", ""))
        return cls(q=str(params.get("q", "")).strip()[:100], status=status if status in FeeStatus.values or status == "payable" else "",
                   project_id=int(project) if project.isdigit() else None, date_from=date("from"), date_to=date("to"))

    def as_query(self) -> dict[str, str]:
        values = {"q": self.q, "status": self.status, "project": str(self.project_id or ""),
                  "from": self.date_from.isoformat() if self.date_from else "", "to": self.date_to.isoformat() if self.date_to else ""}
        return {k: v for k, v in values.items() if v}


def line_search(*, actor, search: LineSearch) -> QuerySet[FeeLine]:
    """Lines by project, review period (the project's review date), status and keyword."""
    queryset = line_scope(actor=actor)
    if search.q:
        queryset = queryset.filter(Q(project__title__icontains=search.q) | Q(project__code__icontains=search.q) | Q(expert__name__icontains=search.q))
    if search.status == "payable":
        queryset = queryset.filter(status__in=PAYABLE)
    elif search.status:
        queryset = queryset.filter(status=search.status)
    if search.project_id:
        queryset = queryset.filter(project_id=search.project_id)
    if search.date_from:
        queryset = queryset.filter(project__opens_at__date__gte=search.date_from)
    if search.date_to:
        queryset = queryset.filter(project__opens_at__date__lte=search.date_to)
    return queryset.order_by("-project__opens_at", "project_id", "member__row", "id")


def search_totals(queryset: QuerySet[FeeLine]) -> dict[str, Any]:
    return _totals(queryset.order_by())


# --- payout sheet ---------------------------------------------------------------------------


def payout_rows(*, actor, lines) -> list[dict[str, Any]]:
    """Rows of the finance payout sheet. Bank account and ID number in full only for holders of
    `view_bank_account`; names by the reveal rule."""
    full = actor.has_perm(BANK_PERMISSION)
    rows = []
    for index, line in enumerate(lines, start=1):
        expert, project = line.expert, line.project
        letter = line.current_letter
        rows.append({
            "index": index, "project_code": project.code, "project_title": project.title,
            "review_date": timezone.localtime(project.opens_at).date(), "expert_id": expert.pk,
            "name": display_name(actor=actor, expert=expert, project=project), "employer": expert.employer, "title": expert.title,
            "id_number": expert.id_number if full else mask_id_number(expert.id_number),
            "bank_name": expert.bank_name, "bank_account": expert.bank_account if full else mask_default(expert.bank_account),
            "workload_days": line.workload_days, "review_fee": line.review_fee, "travel_fee": line.travel_fee, "other_fee": line.other_fee,
            "total_amount": line.total_amount, "tax_withheld": line.tax_withheld, "net_amount": line.net_amount,
            "letter_number": letter.number if letter else "", "signed_at": timezone.localtime(letter.signed_at) if letter and letter.signed_at else None,
            "status": line.get_status_display(), "paid_on": line.paid_on, "payment_reference": line.payment_reference,
        })
    return rows


def payout_summary(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The same rows summed per expert (one transfer per person)."""
    by_expert: dict[int, dict[str, Any]] = {}
    for row in rows:
        entry = by_expert.setdefault(row["expert_id"], {
            "expert_id": row["expert_id"], "name": row["name"], "id_number": row["id_number"], "bank_name": row["bank_name"],
            "bank_account": row["bank_account"], "projects": 0, "total_amount": Decimal("0.00"), "tax_withheld": Decimal("0.00"), "net_amount": Decimal("0.00"),
        })
        entry["projects"] += 1
        for key in ("total_amount", "tax_withheld", "net_amount"):
            entry[key] += row[key]
    return list(by_expert.values())


# --- expert panorama and the expert's own letters -------------------------------------------


def expert_fee_history(*, expert: Expert) -> QuerySet[FeeLine]:
    """Every fee line of the expert, newest review first (X13 panorama, 专家费记录)."""
    return FeeLine.objects.filter(expert=expert).select_related("project", "current_letter").order_by("-project__opens_at", "-id")


def expert_fee_totals(*, expert: Expert) -> dict[str, Any]:
    return _totals(FeeLine.objects.filter(expert=expert))


def expert_letters(*, user) -> QuerySet[FeeLetter]:
    """The signed-in expert's letters (to sign and signed); withdrawn ones are not shown."""
    return (
        FeeLetter.objects.filter(line__expert__user=user).exclude(status=LetterStatus.WITHDRAWN)
        .select_related("line", "line__project").order_by("status", "-sent_at", "-id")
    )


def expert_letter(*, user, pk: int) -> FeeLetter | None:
    return expert_letters(user=user).filter(pk=pk).first()


def letters_to_sign_count(*, user) -> int:
    return expert_letters(user=user).filter(status=LetterStatus.SENT).count()


def line_letters(line: FeeLine) -> QuerySet[FeeLetter]:
    return line.letters.order_by("-version")


def letter_get(*, actor, pk: int) -> FeeLetter | None:
    return FeeLetter.objects.select_related("line", "line__project", "line__expert").filter(pk=pk, line__project_id__in=project_scope(actor=actor).values("pk")).first()
