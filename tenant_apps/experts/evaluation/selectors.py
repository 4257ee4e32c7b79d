"""Reads for expert evaluation: indicator sets, the scoring sheet of a project, an expert's
score history and summary, rules and flags. Projects and experts are always reached through
the panels / library scopes of the actor (department data scope)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Avg, Count, F, Max, Min, Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from tenant_apps.experts.evaluation.enums import FlagStatus, RuleCondition
from tenant_apps.experts.evaluation.models import (
    Evaluation,
    EvaluationRound,
    ExpertFlag,
    FlagRule,
    Indicator,
    IndicatorScore,
    IndicatorSet,
)
from tenant_apps.experts.models import Expert
from tenant_apps.experts.panels.enums import VACATED, MemberKind, MemberStatus
from tenant_apps.experts.panels.models import Draw, PanelMember, Project
from tenant_apps.experts.panels.selectors import (
    attending_q,
    member_display_name,
    project_draws,
)
from tenant_apps.experts.panels.selectors import project_scope as panel_project_scope
from tenant_apps.experts.selectors import can_reveal, expert_scope, keyword_filter, masked

ONE_PLACE = Decimal("0.1")


def rounded(value: Decimal | float | int | None) -> Decimal | None:
    """Scores are shown and compared with one decimal place, rounded half up."""
    if value is None:
        return None
    return Decimal(str(value)).quantize(ONE_PLACE, rounding=ROUND_HALF_UP)


# --- indicator sets -------------------------------------------------------------------------


def indicator_sets() -> QuerySet[IndicatorSet]:
    return (
        IndicatorSet.objects.annotate(total_weight=Sum("indicators__weight"), indicator_count=Count("indicators", distinct=True))
        .annotate(round_count=Count("rounds", distinct=True))
        .prefetch_related("indicators")
        .order_by("-is_active", "-id")
    )


def indicator_set_get(*, pk: int) -> IndicatorSet | None:
    return indicator_sets().filter(pk=pk).first()


def active_indicator_set() -> IndicatorSet | None:
    return IndicatorSet.objects.filter(is_active=True).prefetch_related("indicators").first()


def indicator_set_in_use(indicator_set: IndicatorSet) -> bool:
    """Used by a round: its indicators are frozen (scores point at them)."""
    return EvaluationRound.objects.filter(indicator_set=indicator_set).exists()


def total_weight(indicator_set: IndicatorSet) -> int:
    return sum(i.weight for i in indicator_set.indicators.all())


# --- who may be scored ----------------------------------------------------------------------


def attending_members(draw: Draw) -> QuerySet[PanelMember]:
    return draw.members.filter(attending_q()).select_related("expert").order_by("row")


def scoring_opens_at(project: Project) -> datetime.datetime:
    """Staff score after the review has started."""
    return project.opens_at


def default_deadline(project: Project, indicator_set: IndicatorSet) -> datetime.datetime:
    """End of the local day `scoring_days` after the review ended (or opened)."""
    end = timezone.localtime(project.ends_at or project.opens_at)
    day = end.date() + datetime.timedelta(days=indicator_set.scoring_days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(23, 59, 59)), timezone.get_current_timezone())


def round_for(draw: Draw) -> EvaluationRound | None:
    return EvaluationRound.objects.select_related("indicator_set").filter(draw=draw).first()


def round_is_locked(evaluation_round: EvaluationRound, now: datetime.datetime | None = None) -> bool:
    return (now or timezone.now()) > evaluation_round.deadline


# --- the scoring sheet of a project ---------------------------------------------------------


def project_get(*, actor, pk: int) -> Project | None:
    """A project the actor may see (panels' department scope)."""
    return panel_project_scope(actor=actor).filter(pk=pk).first()


def member_get(*, actor, pk: int) -> PanelMember | None:
    """A panel row whose project the actor may see."""
    member = PanelMember.objects.select_related("draw", "draw__project", "expert").filter(pk=pk).first()
    if member is None or project_get(actor=actor, pk=member.draw.project_id) is None:
        return None
    return member


def project_draw_ids(project: Project) -> set[int]:
    return set(project_draws(project).values_list("pk", flat=True))


def draw_get(*, actor, pk: int) -> Draw | None:
    draw = Draw.objects.select_related("project").filter(pk=pk).first()
    if draw is None or project_get(actor=actor, pk=draw.project_id) is None:
        return None
    return draw


@dataclass
class SheetRow:
    member: PanelMember
    name: str
    evaluation: Evaluation | None
    cells: list[dict[str, Any]] = field(default_factory=list)  # per indicator of the sheet: {"indicator", "score"}
    editable: bool = False  # set by the page for the viewing user


@dataclass
class DrawSheet:
    """One drawn panel's scoring: the round (once opened), the indicators, one row per attending member."""

    draw: Draw
    evaluation_round: EvaluationRound | None
    indicators: list[Indicator]
    deadline: datetime.datetime | None
    is_open: bool  # the review has started
    is_locked: bool  # the deadline has passed
    rows: list[SheetRow]

    @property
    def is_writable(self) -> bool:
        """Scores can be entered now: review started, deadline not passed, a scheme, not archived."""
        return self.is_open and not self.is_locked and bool(self.indicators) and self.draw.project.archived_at is None

    @property
    def scored_count(self) -> int:
        return sum(1 for r in self.rows if r.evaluation is not None)

    @property
    def average(self) -> Decimal | None:
        totals = [r.evaluation.total for r in self.rows if r.evaluation is not None]
        return rounded(sum(totals) / len(totals)) if totals else None


def _evaluations_by_member(member_ids: list[int]) -> dict[int, Evaluation]:
    evaluations = (
        Evaluation.objects.filter(member_id__in=member_ids).select_related("scored_by")
        .prefetch_related(Prefetch("scores", queryset=IndicatorScore.objects.select_related("indicator")))
    )
    return {e.member_id: e for e in evaluations}


def project_sheets(*, actor, project: Project, now: datetime.datetime | None = None) -> list[DrawSheet]:
    """Per draw of the project (or its batch): the attending members and their scores. Names
    follow the panels' masking (the reveal window is open once the review has started)."""
    now = now or timezone.now()
    active = active_indicator_set()
    sheets = []
    for draw in project_draws(project).select_related("project"):
        members = list(attending_members(draw))
        evaluations = _evaluations_by_member([m.pk for m in members])
        evaluation_round = round_for(draw)
        indicator_set = evaluation_round.indicator_set if evaluation_round else active
        indicators = list(indicator_set.indicators.all()) if indicator_set else []
        if evaluation_round is not None:
            deadline = evaluation_round.deadline
        else:
            deadline = default_deadline(draw.project, active) if active else None
        rows = []
        for member in members:
            evaluation = evaluations.get(member.pk)
            scores = {s.indicator_id: s.score for s in evaluation.scores.all()} if evaluation else {}
            rows.append(SheetRow(member=member, name=member_display_name(actor=actor, member=member, project=draw.project), evaluation=evaluation,
                                 cells=[{"indicator": i, "score": scores.get(i.pk)} for i in indicators]))
        sheets.append(DrawSheet(draw=draw, evaluation_round=evaluation_round, indicators=indicators, deadline=deadline,
                                is_open=now >= scoring_opens_at(draw.project), is_locked=deadline is not None and now > deadline, rows=rows))
    return sheets


def project_evaluation_panorama(*, actor, project: Project) -> dict[str, Any]:
    """The "专家评价" part of the project panorama (panels' project page)."""
    if not actor.has_perm("expert_evaluation.view_evaluation"):
        return {"allowed": False, "sheets": []}
    return {"allowed": True, "sheets": project_sheets(actor=actor, project=project)}


@dataclass
class ProjectSearch:
    q: str = ""
    scored: str = ""  # "" all, "pending" some attending member unscored, "done" all scored

    @classmethod
    def from_query(cls, params: Any) -> ProjectSearch:
        scored = params.get("scored", "")
        return cls(q=params.get("q", "").strip()[:100], scored=scored if scored in ("pending", "done") else "")


def projects_to_score(*, actor, search: ProjectSearch) -> QuerySet[Project]:
    """Projects with a drawn panel whose review has started, with how many members attended and
    how many of them are scored."""
    queryset = (
        panel_project_scope(actor=actor).filter(opens_at__lte=timezone.now(), draws__isnull=False)
        .annotate(attending_count=Count("draws__members", filter=attending_q("draws__members__"), distinct=True),
                  scored_count=Count("draws__members__evaluation", distinct=True),
                  deadline=Max("draws__evaluation_round__deadline"))
    )
    if search.q:
        queryset = queryset.filter(Q(title__icontains=search.q) | Q(code__icontains=search.q) | Q(owner_unit__icontains=search.q))
    if search.scored == "pending":
        queryset = queryset.filter(attending_count__gt=0, scored_count__lt=F("attending_count"))
    elif search.scored == "done":
        queryset = queryset.filter(attending_count__gt=0, scored_count__gte=F("attending_count"))
    return queryset.order_by("-opens_at", "-id")


# --- an expert's history --------------------------------------------------------------------


def expert_get(*, actor, pk: int) -> Expert | None:
    return expert_scope(actor=actor).filter(pk=pk).first()


def expert_evaluations(expert: Expert) -> QuerySet[Evaluation]:
    """Every score of the expert, newest first, with the project and indicator points."""
    return (
        Evaluation.objects.filter(expert=expert)
        .select_related("evaluation_round__indicator_set", "member__draw__project", "scored_by")
        .prefetch_related(Prefetch("scores", queryset=IndicatorScore.objects.select_related("indicator")))
        .order_by("-scored_at", "-id")
    )


@dataclass
class ExpertSummary:
    """Acceptance, attendance and scores of one expert over time (seed 四.8 参评评价)."""

    invited: int
    accepted: int
    declined: int
    attended: int
    evaluated: int
    average: Decimal | None
    lowest: Decimal | None
    highest: Decimal | None
    open_flags: list[ExpertFlag]

    @property
    def acceptance_rate(self) -> int | None:
        return round(self.accepted * 100 / self.invited) if self.invited else None


def expert_summary(expert: Expert) -> ExpertSummary:
    seats = PanelMember.objects.filter(expert=expert).exclude(kind=MemberKind.SKIPPED)
    counts = seats.aggregate(
        invited=Count("id", filter=~Q(status=MemberStatus.PENDING)),
        accepted=Count("id", filter=Q(status=MemberStatus.ACCEPTED)),
        declined=Count("id", filter=Q(status__in=list(VACATED))),
        attended=Count("id", filter=attending_q() & Q(draw__project__opens_at__lte=timezone.now())),
    )
    scores = Evaluation.objects.filter(expert=expert).aggregate(n=Count("id"), avg=Avg("total"), low=Min("total"), high=Max("total"))
    flags = list(ExpertFlag.objects.filter(expert=expert, status=FlagStatus.OPEN).select_related("rule"))
    return ExpertSummary(invited=counts["invited"], accepted=counts["accepted"], declined=counts["declined"], attended=counts["attended"],
                         evaluated=scores["n"], average=rounded(scores["avg"]), lowest=scores["low"], highest=scores["high"], open_flags=flags)


def expert_evaluation_panorama(*, actor, expert: Expert, limit: int = 100) -> dict[str, Any]:
    """The "专家评价" tab of the expert panorama (library's expert page)."""
    if not actor.has_perm("expert_evaluation.view_evaluation"):
        return {"allowed": False}
    return {"allowed": True, "summary": expert_summary(expert), "evaluations": list(expert_evaluations(expert)[:limit])}


@dataclass
class ExpertSearch:
    q: str = ""
    order: str = "recent"  # recent, average, count

    @classmethod
    def from_query(cls, params: Any) -> ExpertSearch:
        order = params.get("order", "recent")
        return cls(q=params.get("q", "").strip()[:50], order=order if order in ("recent", "average", "low", "count") else "recent")


ORDERINGS = {"recent": ["-last_scored_at", "-id"], "average": ["-average", "-id"], "low": ["average", "-id"], "count": ["-evaluation_count", "-id"]}


def experts_overview(*, actor, search: ExpertSearch) -> QuerySet[Expert]:
    """Experts in the actor's scope that have been scored, with count, average and last score date."""
    queryset = (
        expert_scope(actor=actor).filter(staff_evaluations__isnull=False)
        .annotate(evaluation_count=Count("staff_evaluations", distinct=True), average=Avg("staff_evaluations__total"),
                  lowest=Min("staff_evaluations__total"), last_scored_at=Max("staff_evaluations__scored_at"))
    )
    if search.q:
        queryset = queryset.filter(keyword_filter(search.q))
    return queryset.order_by(*ORDERINGS[search.order])


def display_name(*, actor, expert: Expert) -> str:
    """Outside a project's window, names are shown in full only to holders of the reveal permission."""
    return expert.name if can_reveal(actor) else masked(expert).name


# --- rules and flags ------------------------------------------------------------------------


def rules() -> QuerySet[FlagRule]:
    return FlagRule.objects.annotate(open_count=Count("flags", filter=Q(flags__status=FlagStatus.OPEN))).order_by("-is_active", "id")


def rule_get(*, pk: int) -> FlagRule | None:
    return FlagRule.objects.filter(pk=pk).first()


def score_history(expert_ids: list[int] | None = None) -> dict[int, list[Decimal]]:
    """expert id -> totals, newest first. Deleted experts are left out (nothing to promote or remove)."""
    queryset = Evaluation.objects.filter(expert__deleted_at__isnull=True)
    if expert_ids is not None:
        queryset = queryset.filter(expert_id__in=expert_ids)
    history: dict[int, list[Decimal]] = {}
    for expert_id, total in queryset.order_by("expert_id", "-scored_at", "-id").values_list("expert_id", "total"):
        history.setdefault(expert_id, []).append(total)
    return history


@dataclass
class RuleResult:
    holds: bool
    review_count: int
    average: Decimal | None
    lowest: Decimal | None
    considered: list[Decimal] = field(default_factory=list)

    def reason(self, rule: FlagRule) -> str:
        scope = f"最近 {len(self.considered)} 次" if rule.recent_count else f"共 {self.review_count} 次"
        return f"{scope}评价，平均 {self.average} 分，最低 {self.lowest} 分（{rule.description}）"[:300]


def rule_applies(rule: FlagRule, totals: list[Decimal]) -> RuleResult:
    """Whether `rule` flags an expert with these totals (newest first)."""
    considered = totals[: rule.recent_count] if rule.recent_count else list(totals)
    if not considered:
        return RuleResult(holds=False, review_count=len(totals), average=None, lowest=None)
    average = rounded(sum(considered) / len(considered))
    lowest = min(considered)
    threshold = rule.threshold
    holds = len(considered) >= rule.min_reviews and {
        RuleCondition.ALL_AT_LEAST: lowest >= threshold,
        RuleCondition.AVERAGE_AT_LEAST: average >= threshold,
        RuleCondition.AVERAGE_BELOW: average < threshold,
        RuleCondition.ANY_BELOW: lowest < threshold,
    }[RuleCondition(rule.condition)]
    return RuleResult(holds=holds, review_count=len(totals), average=average, lowest=lowest, considered=considered)


@dataclass
class FlagSearch:
    status: str = FlagStatus.OPEN
    outcome: str = ""
    q: str = ""

    @classmethod
    def from_query(cls, params: Any) -> FlagSearch:
        status = params.get("status", FlagStatus.OPEN)
        outcome = params.get("outcome", "")
        return cls(status=status if status in FlagStatus.values or status == "all" else FlagStatus.OPEN,
                   outcome=outcome if outcome in ("promote", "remove") else "", q=params.get("q", "").strip()[:50])


def flag_search(*, actor, search: FlagSearch) -> QuerySet[ExpertFlag]:
    queryset = ExpertFlag.objects.filter(expert__in=expert_scope(actor=actor)).select_related("expert", "rule", "reviewed_by")
    if search.status != "all":
        queryset = queryset.filter(status=search.status)
    if search.outcome:
        queryset = queryset.filter(outcome=search.outcome)
    if search.q:
        queryset = queryset.filter(expert__in=Expert.objects.filter(keyword_filter(search.q)))
    return queryset.order_by("-id")


def flag_get(*, actor, pk: int) -> ExpertFlag | None:
    return flag_search(actor=actor, search=FlagSearch(status="all")).filter(pk=pk).first()
