"""Reads for online reviews: who may score (the accepted members of the project's panel),
what staff may see (the projects of their data scope), progress and the summary table."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from core.masking import mask_name
from tenant_apps.experts.panels.enums import MemberKind, MemberStatus
from tenant_apps.experts.panels.models import PanelMember, Project
from tenant_apps.experts.panels.selectors import member_display_name, panel_projects, project_scope
from tenant_apps.experts.review import scoring
from tenant_apps.experts.review.enums import Aggregation, SetupState, SheetStatus, TotalMethod
from tenant_apps.experts.review.models import (
    Indicator,
    ReviewSetup,
    ScoreSheet,
    Submission,
    SubmissionFile,
)

# --- staff ----------------------------------------------------------------------------------


def setup_scope(*, actor) -> QuerySet[ReviewSetup]:
    """Reviews of the projects the actor may see (data scope of panels.Project)."""
    return ReviewSetup.objects.filter(project__in=project_scope(actor=actor)).select_related("project")


def setup_get(*, actor, pk: int) -> ReviewSetup | None:
    return setup_scope(actor=actor).filter(pk=pk).first()


def setup_for_project(project: Project) -> ReviewSetup | None:
    return ReviewSetup.objects.filter(project=project).first()


def setup_search(*, actor, q: str = "", state: str = "") -> QuerySet[ReviewSetup]:
    queryset = setup_scope(actor=actor).annotate(submission_count=Count("submissions", distinct=True))
    if q:
        queryset = queryset.filter(Q(project__title__icontains=q) | Q(project__code__icontains=q) | Q(project__owner_unit__icontains=q))
    if state == SetupState.PREPARING:
        queryset = queryset.filter(published_at__isnull=True)
    elif state in (SetupState.SCHEDULED, SetupState.OPEN, SetupState.CLOSED):
        now = timezone.now()
        queryset = queryset.filter(published_at__isnull=False)
        queryset = {SetupState.SCHEDULED: queryset.filter(opens_at__gt=now), SetupState.OPEN: queryset.filter(opens_at__lte=now, closes_at__gt=now),
                    SetupState.CLOSED: queryset.filter(closes_at__lte=now)}[state]
    return queryset.order_by("-id")


def setup_indicators(setup: ReviewSetup) -> list[Indicator]:
    return list(setup.indicators.order_by("order", "id"))


def submission_search(setup: ReviewSetup, *, q: str = "") -> QuerySet[Submission]:
    queryset = setup.submissions.annotate(file_count=Count("files", distinct=True)).order_by("number")
    if q:
        queryset = queryset.filter(Q(title__icontains=q) | Q(applicant__icontains=q) | Q(unit__icontains=q))
    return queryset


def submission_get(setup: ReviewSetup, pk: int) -> Submission | None:
    return setup.submissions.filter(pk=pk).first()


def file_get(setup: ReviewSetup, pk: int) -> SubmissionFile | None:
    return SubmissionFile.objects.select_related("submission").filter(pk=pk, submission__setup=setup).first()


def has_scores(setup: ReviewSetup) -> bool:
    return ScoreSheet.objects.filter(submission__setup=setup).filter(Q(scores__isnull=False) | ~Q(status=SheetStatus.DRAFT)).exists()


def rules_text(setup: ReviewSetup) -> list[str]:
    """The rules in words, for the pages and the exported table."""
    lines = [f"专家总分：{TotalMethod(setup.total_method).label}"]
    if setup.aggregation == Aggregation.TRIMMED_MEAN:
        lines.append(f"最终得分：有效评分不少于 {max(3, setup.trim_min_experts)} 人时去掉一个最高分和一个最低分后取平均，否则取全部有效评分的平均")
    else:
        lines.append("最终得分：全部有效评分的算术平均")
    lines.append(f"有效评分：已提交且未回避的评分；少于 {setup.min_scorers} 份时不计算最终得分")
    lines.append(f"保留 {setup.decimals} 位小数（四舍五入），按最终得分排名，同分并列")
    if setup.pass_score is not None:
        lines.append(f"合格分数线：{setup.pass_score} 分")
    return lines


# --- reviewers ------------------------------------------------------------------------------


def _accepted_members(project: Project) -> QuerySet[PanelMember]:
    """Accepted seats on the panel that serves `project` (draws of its whole batch)."""
    ids = [p.pk for p in panel_projects(project)]
    return (PanelMember.objects.filter(draw__project_id__in=ids, status=MemberStatus.ACCEPTED).exclude(kind=MemberKind.SKIPPED)
            .select_related("expert", "draw").order_by("draw_id", "row"))


def setup_reviewers(setup: ReviewSetup) -> list[PanelMember]:
    """One seat per expert (the first one), in panel order."""
    seen: set[int] = set()
    members = []
    for member in _accepted_members(setup.project):
        if member.expert_id not in seen:
            seen.add(member.expert_id)
            members.append(member)
    return members


def reviewer_member(*, setup: ReviewSetup, user) -> PanelMember | None:
    """The user's accepted seat on the panel of the setup's project, or None (no access)."""
    if not getattr(user, "is_authenticated", False):
        return None
    return _accepted_members(setup.project).filter(expert__user=user).first()


def expert_setups(*, user) -> QuerySet[ReviewSetup]:
    """Published reviews of projects whose panel the user accepted to sit on."""
    members = PanelMember.objects.filter(expert__user=user, status=MemberStatus.ACCEPTED).exclude(kind=MemberKind.SKIPPED)
    project_ids = members.values("draw__project_id")
    batch_ids = Project.objects.filter(pk__in=project_ids, batch__isnull=False).values("batch_id")
    return (ReviewSetup.objects.filter(published_at__isnull=False).filter(Q(project_id__in=project_ids) | Q(project__batch_id__in=batch_ids))
            .select_related("project").order_by("-opens_at", "-id"))


def expert_setup(*, user, pk: int) -> tuple[ReviewSetup, PanelMember] | None:
    setup = expert_setups(user=user).filter(pk=pk).first()
    if setup is None:
        return None
    member = reviewer_member(setup=setup, user=user)
    return (setup, member) if member is not None else None


def expert_sheets(*, setup: ReviewSetup, expert_id: int) -> dict[int, ScoreSheet]:
    """submission id -> the expert's sheet (with scores) in this review."""
    sheets = ScoreSheet.objects.filter(submission__setup=setup, expert_id=expert_id).prefetch_related("scores")
    return {s.submission_id: s for s in sheets}


def sheet_for(*, submission: Submission, expert_id: int) -> ScoreSheet | None:
    return ScoreSheet.objects.filter(submission=submission, expert_id=expert_id).prefetch_related("scores").first()


# --- progress -------------------------------------------------------------------------------


@dataclass
class ReviewerProgress:
    member: PanelMember
    name: str
    submitted: int = 0
    recused: int = 0
    draft: int = 0
    not_started: int = 0
    statuses: list[str] = field(default_factory=list)  # per submission, in submission order: "" = not started

    @property
    def done(self) -> int:
        return self.submitted + self.recused

    @property
    def is_complete(self) -> bool:
        return self.draft == 0 and self.not_started == 0


@dataclass
class Progress:
    submissions: list[Submission]
    reviewers: list[ReviewerProgress]

    @property
    def total(self) -> int:
        return len(self.submissions) * len(self.reviewers)

    @property
    def done(self) -> int:
        return sum(r.done for r in self.reviewers)

    @property
    def percent(self) -> int:
        return round(self.done * 100 / self.total) if self.total else 0

    @property
    def incomplete(self) -> list[ReviewerProgress]:
        return [r for r in self.reviewers if not r.is_complete]


def review_progress(*, setup: ReviewSetup, actor=None) -> Progress:
    """Who scored what: one row per reviewer, one status per submission (names masked to
    operators outside the reveal window, as on the panel)."""
    submissions = list(setup.submissions.order_by("number"))
    reviewers = setup_reviewers(setup)
    status_of = {(s["submission_id"], s["expert_id"]): s["status"]
                 for s in ScoreSheet.objects.filter(submission__setup=setup).values("submission_id", "expert_id", "status")}
    rows = []
    for member in reviewers:
        name = member_display_name(actor=actor, member=member, project=setup.project) if actor is not None else member.expert.name
        row = ReviewerProgress(member=member, name=name)
        for submission in submissions:
            status = status_of.get((submission.pk, member.expert_id), "")
            row.statuses.append(status)
            if status == SheetStatus.SUBMITTED:
                row.submitted += 1
            elif status == SheetStatus.RECUSED:
                row.recused += 1
            elif status == SheetStatus.DRAFT:
                row.draft += 1
            else:
                row.not_started += 1
        rows.append(row)
    return Progress(submissions=submissions, reviewers=rows)


# --- summary --------------------------------------------------------------------------------


@dataclass
class ExpertLine:
    """One counted-or-not sheet in a submission's details."""

    sheet: ScoreSheet
    name: str
    scores: dict[int, Decimal]
    total: Decimal | None
    counted: bool
    dropped: str
    values: list[Decimal | None] = field(default_factory=list)  # in indicator order


@dataclass
class SummaryRow:
    submission: Submission
    result: scoring.SubmissionScore
    recused: int
    pending: int
    lines: list[ExpertLine]
    means: list[Decimal | None] = field(default_factory=list)  # in indicator order


@dataclass
class Summary:
    setup: ReviewSetup
    indicators: list[Indicator]
    rows: list[SummaryRow]
    max_total: Decimal
    rules: list[str]
    reviewer_count: int

    @property
    def ranked(self) -> list[SummaryRow]:
        return sorted(self.rows, key=lambda r: (r.result.rank is None, r.result.rank or 0, r.submission.number))


def rules_of(setup: ReviewSetup) -> scoring.Rules:
    return scoring.Rules(total_method=setup.total_method, aggregation=setup.aggregation, trim_min_experts=setup.trim_min_experts,
                         min_scorers=setup.min_scorers, decimals=setup.decimals, pass_score=setup.pass_score)


def review_summary(*, setup: ReviewSetup, actor=None) -> Summary:
    """The summary table by the setup's rules. Valid sheets: submitted, not recused, by an
    expert who is (still) an accepted member of the panel."""
    indicators = setup_indicators(setup)
    specs = [scoring.IndicatorSpec(id=i.pk, max_score=i.max_score, weight=i.weight) for i in indicators]
    rules = rules_of(setup)
    reviewers = {m.expert_id: m for m in setup_reviewers(setup)}
    submissions = list(setup.submissions.order_by("number"))
    sheets = list(ScoreSheet.objects.filter(submission__setup=setup).select_related("expert").prefetch_related("scores").order_by("submission_id", "expert_id"))
    valid: dict[int, dict[int, dict[int, Decimal]]] = {s.pk: {} for s in submissions}
    by_submission: dict[int, list[ScoreSheet]] = {}
    for sheet in sheets:
        by_submission.setdefault(sheet.submission_id, []).append(sheet)
        if sheet.status == SheetStatus.SUBMITTED and sheet.expert_id in reviewers:
            valid[sheet.submission_id][sheet.expert_id] = {s.indicator_id: s.value for s in sheet.scores.all()}
    results = {r.submission_id: r for r in scoring.summarise(rules, specs, valid)}
    names: dict[int, str] = {}
    for expert_id, member in reviewers.items():
        names[expert_id] = member_display_name(actor=actor, member=member, project=setup.project) if actor is not None else member.expert.name
    rows = []
    for submission in submissions:
        result = results[submission.pk]
        totals = {t.expert_id: t for t in result.experts}
        lines = []
        for sheet in by_submission.get(submission.pk, []):
            if sheet.status == SheetStatus.DRAFT:
                continue
            total = totals.get(sheet.expert_id)
            scores = {s.indicator_id: s.value for s in sheet.scores.all()}
            # an expert no longer on the panel: still listed (not counted), name masked
            lines.append(ExpertLine(sheet=sheet, name=names.get(sheet.expert_id) or mask_name(sheet.expert.name), scores=scores,
                                    total=scoring.round_score(total.total, setup.decimals) if total else None, counted=bool(total and total.counted),
                                    dropped=total.dropped if total else "", values=[scores.get(i.pk) for i in indicators]))
        recused = sum(1 for s in by_submission.get(submission.pk, []) if s.status == SheetStatus.RECUSED and s.expert_id in reviewers)
        done = {s.expert_id for s in by_submission.get(submission.pk, []) if s.status != SheetStatus.DRAFT}
        rows.append(SummaryRow(submission=submission, result=result, recused=recused, pending=len([e for e in reviewers if e not in done]), lines=lines,
                               means=[result.indicator_means.get(i.pk) for i in indicators]))
    return Summary(setup=setup, indicators=indicators, rows=rows, max_total=scoring.max_total(rules, specs), rules=rules_text(setup), reviewer_count=len(reviewers))


@dataclass
class ExpertReviewItem:
    setup: ReviewSetup
    submissions: int
    done: int
    drafts: int


def expert_review_items(*, user) -> list[ExpertReviewItem]:
    """The expert's reviews with how far the expert got in each."""
    setups = list(expert_setups(user=user).annotate(submission_count=Count("submissions", distinct=True)))
    sheets = (ScoreSheet.objects.filter(submission__setup__in=[s.pk for s in setups], expert__user=user)
              .values("submission__setup_id", "status").annotate(n=Count("id")))
    counts: dict[tuple[int, str], int] = {(row["submission__setup_id"], row["status"]): row["n"] for row in sheets}
    return [ExpertReviewItem(setup=s, submissions=s.submission_count, done=counts.get((s.pk, SheetStatus.SUBMITTED), 0) + counts.get((s.pk, SheetStatus.RECUSED), 0),
                             drafts=counts.get((s.pk, SheetStatus.DRAFT), 0)) for s in setups]
