"""Writes for expert evaluation. Every service takes the actor and writes one audit event in the
same transaction; scoring refuses archived projects (panels' `ensure_writable`) and locked
rounds, and re-checks the flag rules for the scored expert."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.audit import audit_record, snapshot
from core.errors import ApplicationError, Conflict, PermissionDenied
from tenant_apps.experts.evaluation import selectors
from tenant_apps.experts.evaluation.enums import FlagOutcome, FlagStatus, ParticipationGrade
from tenant_apps.experts.evaluation.errors import EvaluationErrorCode
from tenant_apps.experts.evaluation.models import (
    Evaluation,
    EvaluationRound,
    ExpertFlag,
    FlagRule,
    Indicator,
    IndicatorScore,
    IndicatorSet,
)
from tenant_apps.experts.models import Expert, Tag
from tenant_apps.experts.panels.models import Draw, PanelMember, Project
from tenant_apps.experts.panels.selectors import is_attending
from tenant_apps.experts.panels.services import ensure_writable
from tenant_apps.experts.services import experts_delete, experts_tag, tag_save

TOTAL_POINTS = 100
PROMOTE_TAG = "评价优秀"
RULE_FIELDS = ["name", "outcome", "condition", "threshold", "min_reviews", "recent_count", "is_active"]


def _clean(instance) -> None:
    try:
        instance.full_clean()
    except ValidationError as exc:
        raise ApplicationError("请检查填写的内容。", fields={k: [str(m) for m in v] for k, v in exc.message_dict.items()}) from exc


def _user(actor):
    return actor if getattr(actor, "pk", None) else None


# --- indicator sets -------------------------------------------------------------------------


@dataclass
class IndicatorInput:
    name: str
    weight: int
    description: str = ""


def _check_indicators(indicators: list[IndicatorInput]) -> list[IndicatorInput]:
    rows = [IndicatorInput(name=i.name.strip()[:50], weight=int(i.weight), description=i.description.strip()[:300]) for i in indicators if i.name.strip()]
    if not rows:
        raise ApplicationError("请至少设置一项评价指标。", code=EvaluationErrorCode.WEIGHTS_NOT_100, fields={"indicators": ["必填。"]})
    names = [r.name for r in rows]
    if len(set(names)) != len(names):
        raise ApplicationError("指标名称不能重复。", fields={"indicators": ["指标名称重复。"]})
    if any(r.weight < 1 or r.weight > TOTAL_POINTS for r in rows):
        raise ApplicationError("每项指标的分值应在 1 到 100 之间。", code=EvaluationErrorCode.WEIGHTS_NOT_100, fields={"indicators": ["分值无效。"]})
    total = sum(r.weight for r in rows)
    if total != TOTAL_POINTS:
        raise ApplicationError(f"各项指标分值合计须为 100 分，当前为 {total} 分。", code=EvaluationErrorCode.WEIGHTS_NOT_100,
                               fields={"indicators": [f"合计 {total} 分。"]})
    return rows


def _set_snapshot(indicator_set: IndicatorSet) -> dict:
    return {**snapshot(indicator_set, fields=["name", "scoring_days", "is_active"]),
            "indicators": [[i.name, i.weight] for i in indicator_set.indicators.order_by("sort_order", "id")]}


@transaction.atomic
def indicator_set_save(*, actor, indicator_set: IndicatorSet | None = None, name: str, scoring_days: int, indicators: list[IndicatorInput]) -> IndicatorSet:
    """Create or replace a scheme's indicators; their points must add up to 100. A scheme that a
    round has used is frozen: copy it and change the copy."""
    if indicator_set is not None:
        indicator_set = IndicatorSet.objects.select_for_update().get(pk=indicator_set.pk)
        if selectors.indicator_set_in_use(indicator_set):
            raise Conflict("该指标体系已用于评分，不能再修改；请复制后修改新版本。", code=EvaluationErrorCode.INDICATOR_SET_IN_USE)
    rows = _check_indicators(indicators)
    before = _set_snapshot(indicator_set) if indicator_set is not None else None
    indicator_set = indicator_set or IndicatorSet(created_by=_user(actor))
    indicator_set.name = name.strip()[:100]
    indicator_set.scoring_days = scoring_days
    _clean(indicator_set)
    indicator_set.save()
    indicator_set.indicators.all().delete()
    Indicator.objects.bulk_create([Indicator(indicator_set=indicator_set, name=r.name, weight=r.weight, description=r.description, sort_order=n)
                                   for n, r in enumerate(rows, start=1)])
    audit_record(actor=actor, action="expert_evaluation.indicator_set.save", target=indicator_set, before=before, after=_set_snapshot(indicator_set),
                 only_changes=before is not None)
    return indicator_set


@transaction.atomic
def indicator_set_activate(*, actor, indicator_set: IndicatorSet) -> IndicatorSet:
    """Put a scheme in force for rounds opened from now on (open rounds keep theirs)."""
    indicator_set = IndicatorSet.objects.select_for_update().get(pk=indicator_set.pk)
    if selectors.total_weight(indicator_set) != TOTAL_POINTS:
        raise ApplicationError("各项指标分值合计须为 100 分才能启用。", code=EvaluationErrorCode.WEIGHTS_NOT_100)
    IndicatorSet.objects.filter(is_active=True).exclude(pk=indicator_set.pk).update(is_active=False)
    indicator_set.is_active = True
    indicator_set.save(update_fields=["is_active", "updated_at"])
    audit_record(actor=actor, action="expert_evaluation.indicator_set.activate", target=indicator_set, after={"is_active": True}, only_changes=False)
    return indicator_set


@transaction.atomic
def indicator_set_copy(*, actor, indicator_set: IndicatorSet) -> IndicatorSet:
    copy = IndicatorSet.objects.create(name=f"{indicator_set.name}（新版本）"[:100], scoring_days=indicator_set.scoring_days, created_by=_user(actor))
    Indicator.objects.bulk_create([Indicator(indicator_set=copy, name=i.name, weight=i.weight, description=i.description, sort_order=i.sort_order)
                                   for i in indicator_set.indicators.all()])
    audit_record(actor=actor, action="expert_evaluation.indicator_set.copy", target=copy, after={"from": indicator_set.pk, **_set_snapshot(copy)}, only_changes=False)
    return copy


@transaction.atomic
def indicator_set_delete(*, actor, indicator_set: IndicatorSet) -> None:
    if indicator_set.is_active:
        raise Conflict("当前启用的指标体系不能删除。", code=EvaluationErrorCode.INDICATOR_SET_ACTIVE)
    if selectors.indicator_set_in_use(indicator_set):
        raise Conflict("该指标体系已用于评分，不能删除。", code=EvaluationErrorCode.INDICATOR_SET_IN_USE)
    audit_record(actor=actor, action="expert_evaluation.indicator_set.delete", target=indicator_set, before=_set_snapshot(indicator_set), after=None, only_changes=False)
    indicator_set.delete()


# --- rounds and scores ----------------------------------------------------------------------


def _audit_project(actor, action: str, project: Project, **after) -> None:
    """Scoring is part of the project's record: it shows in the project panorama's log."""
    audit_record(actor=actor, action=f"expert_evaluation.{action}", target=project, after=after or None, only_changes=False)


def _check_open(project: Project, now: datetime.datetime) -> None:
    ensure_writable(project)
    if now < selectors.scoring_opens_at(project):
        raise Conflict("评审开始后才能评分。", code=EvaluationErrorCode.SCORING_NOT_OPEN)


def _open_round(*, actor, draw: Draw, deadline: datetime.datetime | None = None) -> EvaluationRound:
    indicator_set = selectors.active_indicator_set()
    if indicator_set is None:
        raise Conflict("请先设置并启用评价指标体系。", code=EvaluationErrorCode.NO_ACTIVE_INDICATOR_SET)
    evaluation_round = EvaluationRound(draw=draw, indicator_set=indicator_set, deadline=deadline or selectors.default_deadline(draw.project, indicator_set),
                                       opened_by=_user(actor))
    _clean(evaluation_round)
    evaluation_round.save()
    _audit_project(actor, "round.open", draw.project, draw=draw.pk, indicator_set=indicator_set.pk, deadline=evaluation_round.deadline)
    return evaluation_round


@transaction.atomic
def round_set_deadline(*, actor, draw: Draw, deadline: datetime.datetime) -> EvaluationRound:
    """Open the scoring of a panel with a chosen deadline, or move the deadline of an open one.
    A round whose deadline has passed stays locked."""
    draw = Draw.objects.select_for_update().select_related("project").get(pk=draw.pk)
    now = timezone.now()
    _check_open(draw.project, now)
    if deadline <= now:
        raise ApplicationError("截止时间须晚于当前时间。", fields={"deadline": ["须晚于当前时间。"]})
    evaluation_round = selectors.round_for(draw)
    if evaluation_round is None:
        return _open_round(actor=actor, draw=draw, deadline=deadline)
    if selectors.round_is_locked(evaluation_round, now):
        raise Conflict("评分已截止并锁定，不能再修改截止时间。", code=EvaluationErrorCode.SCORING_CLOSED)
    before = evaluation_round.deadline
    evaluation_round.deadline = deadline
    evaluation_round.save(update_fields=["deadline"])
    _audit_project(actor, "round.deadline", draw.project, draw=draw.pk, before=before, deadline=deadline)
    return evaluation_round


def _parse_scores(indicators: list[Indicator], scores: dict[int, object]) -> dict[int, Decimal]:
    parsed: dict[int, Decimal] = {}
    errors: dict[str, list[str]] = {}
    for indicator in indicators:
        raw = scores.get(indicator.pk)
        try:
            value = Decimal(str(raw).strip())
        except (InvalidOperation, ValueError):
            errors[f"score_{indicator.pk}"] = [f"请填写“{indicator.name}”的得分。"]
            continue
        if not value.is_finite() or value < 0 or value > indicator.weight or value != value.quantize(selectors.ONE_PLACE):
            errors[f"score_{indicator.pk}"] = [f"“{indicator.name}”得分应在 0 到 {indicator.weight} 之间，最多一位小数。"]
            continue
        parsed[indicator.pk] = value
    unknown = set(scores) - {i.pk for i in indicators}
    if unknown:
        errors["scores"] = ["含有不属于本次评分指标体系的指标。"]
    if errors:
        raise ApplicationError("请检查各项指标得分。", code=EvaluationErrorCode.INVALID_SCORES, fields=errors)
    return parsed


@transaction.atomic
def evaluation_submit(*, actor, member: PanelMember, scores: dict[int, object], participation: str = "", comment: str = "") -> Evaluation:
    """Score an attending panel member on each indicator of the round (total out of 100). Until
    the round's deadline the score may be changed; after it, it is locked."""
    member = PanelMember.objects.select_for_update(of=("self",)).select_related("draw", "draw__project", "expert").get(pk=member.pk)
    project = member.draw.project
    now = timezone.now()
    _check_open(project, now)
    if not is_attending(member):
        raise Conflict("只能为确认参加或实际参评的专家评分。", code=EvaluationErrorCode.MEMBER_NOT_ATTENDING)
    evaluation = Evaluation.objects.select_for_update().filter(member=member).first()
    needed = "expert_evaluation.change_evaluation" if evaluation else "expert_evaluation.add_evaluation"
    if not actor.has_perm(needed):
        raise PermissionDenied("您无权修改该评分。" if evaluation else "您无权评分。")
    evaluation_round = selectors.round_for(member.draw) or _open_round(actor=actor, draw=member.draw)
    if selectors.round_is_locked(evaluation_round, now):
        raise Conflict("已超过评分截止时间，评分已锁定。", code=EvaluationErrorCode.SCORING_CLOSED)
    if participation and participation not in ParticipationGrade.values:
        raise ApplicationError("参与度无效。", fields={"participation": ["选项无效。"]})
    indicators = list(evaluation_round.indicator_set.indicators.all())
    parsed = _parse_scores(indicators, {int(k): v for k, v in scores.items()})
    before = {"total": str(evaluation.total), "scores": {str(s.indicator_id): str(s.score) for s in evaluation.scores.all()}} if evaluation else None
    evaluation = evaluation or Evaluation(evaluation_round=evaluation_round, member=member, expert=member.expert)
    evaluation.total = sum(parsed.values(), Decimal("0"))
    evaluation.participation = participation
    evaluation.comment = comment.strip()[:2000]
    evaluation.scored_by = _user(actor)
    evaluation.scored_at = now
    _clean(evaluation)
    evaluation.save()
    evaluation.scores.all().delete()
    IndicatorScore.objects.bulk_create([IndicatorScore(evaluation=evaluation, indicator_id=pk, score=value) for pk, value in parsed.items()])
    _audit_project(actor, "evaluation.update" if before else "evaluation.create", project, draw=member.draw_id, row=member.row, expert=member.expert_id,
                   total=evaluation.total, scores={str(k): v for k, v in parsed.items()}, before=before)
    flags_refresh(expert_ids=[member.expert_id])
    return evaluation


# --- rules and flags ------------------------------------------------------------------------


@dataclass
class RuleInput:
    name: str
    outcome: str
    condition: str
    threshold: Decimal
    min_reviews: int = 1
    recent_count: int | None = None
    is_active: bool = True


@transaction.atomic
def rule_save(*, actor, rule: FlagRule | None = None, data: RuleInput) -> FlagRule:
    """Create or change a rule, then re-check every scored expert against the rules."""
    before = snapshot(rule, fields=RULE_FIELDS) if rule is not None else None
    rule = rule or FlagRule(created_by=_user(actor))
    rule.name = data.name.strip()[:100]
    rule.outcome, rule.condition = data.outcome, data.condition
    rule.threshold, rule.min_reviews, rule.recent_count, rule.is_active = data.threshold, data.min_reviews, data.recent_count or None, data.is_active
    _clean(rule)
    rule.save()
    audit_record(actor=actor, action="expert_evaluation.rule.save", target=rule, before=before, after=snapshot(rule, fields=RULE_FIELDS),
                 only_changes=before is not None)
    flags_refresh()
    return rule


@transaction.atomic
def flags_refresh(*, expert_ids: list[int] | None = None) -> int:
    """Raise a flag for each expert an active rule now holds for (once per rule while open, and
    again after a closed flag only when new scores came in); withdraw open flags that no longer
    hold or whose rule was switched off. Returns the number of new flags."""
    active_rules = list(FlagRule.objects.filter(is_active=True))
    history = selectors.score_history(expert_ids)
    open_flags = ExpertFlag.objects.select_for_update().filter(status=FlagStatus.OPEN)
    if expert_ids is not None:
        open_flags = open_flags.filter(expert_id__in=expert_ids)
    open_by_key = {(f.expert_id, f.rule_id): f for f in open_flags}
    # Only a staff decision blocks raising the same flag again for the same number of scores.
    closed = ExpertFlag.objects.filter(status__in=[FlagStatus.ACCEPTED, FlagStatus.DISMISSED])
    if expert_ids is not None:
        closed = closed.filter(expert_id__in=expert_ids)
    last_closed_count: dict[tuple[int, int], int] = {}
    for expert_id, rule_id, count in closed.order_by("id").values_list("expert_id", "rule_id", "review_count"):
        last_closed_count[(expert_id, rule_id)] = count
    raised = 0
    still_open: set[tuple[int, int]] = set()
    for expert_id, totals in history.items():
        for rule in active_rules:
            result = selectors.rule_applies(rule, totals)
            key = (expert_id, rule.pk)
            if not result.holds:
                continue
            if key in open_by_key:
                still_open.add(key)
                continue
            if last_closed_count.get(key, -1) >= result.review_count:
                continue  # already handled by staff for these scores
            flag = ExpertFlag.objects.create(expert_id=expert_id, rule=rule, outcome=rule.outcome, review_count=result.review_count, average=result.average,
                                             lowest=result.lowest, reason=result.reason(rule))
            audit_record(actor=None, action="expert_evaluation.flag.raise", target=flag, after={"expert": expert_id, "rule": rule.pk, "reason": flag.reason},
                         only_changes=False)
            raised += 1
    for key, flag in open_by_key.items():
        if key not in still_open:
            flag.status, flag.reviewed_at, flag.review_note = FlagStatus.WITHDRAWN, timezone.now(), "条件不再满足或规则已停用"
            flag.save(update_fields=["status", "reviewed_at", "review_note"])
            audit_record(actor=None, action="expert_evaluation.flag.withdraw", target=flag, after={"expert": flag.expert_id, "rule": flag.rule_id}, only_changes=False)
    return raised


@transaction.atomic
def flags_recheck(*, actor) -> int:
    """Staff asked to re-check every scored expert (e.g. after experts were restored)."""
    raised = flags_refresh()
    audit_record(actor=actor, action="expert_evaluation.flags.recheck", object_type="expert_evaluation.expertflag", object_label="全部专家",
                 after={"raised": raised}, only_changes=False)
    return raised


def _promote_tag(actor) -> Tag:
    return Tag.objects.filter(name=PROMOTE_TAG).first() or tag_save(actor=actor, name=PROMOTE_TAG, color="#2e7d32")


@transaction.atomic
def flag_review(*, actor, flag: ExpertFlag, accept: bool, note: str = "") -> ExpertFlag:
    """Staff decide on a flag. Accepting acts on it: a promotion tags the expert "评价优秀"
    (usable as a draw condition); a removal moves the expert to the deleted list (restorable)."""
    flag = ExpertFlag.objects.select_for_update().select_related("expert", "rule").get(pk=flag.pk)
    if flag.status != FlagStatus.OPEN:
        raise Conflict("该提示已处理。", code=EvaluationErrorCode.FLAG_CLOSED)
    note = note.strip()[:300]
    if accept:
        expert = Expert.objects.get(pk=flag.expert_id)
        if flag.outcome == FlagOutcome.PROMOTE:
            experts_tag(actor=actor, experts=[expert], tag=_promote_tag(actor))
        else:
            experts_delete(actor=actor, experts=[expert], reason=f"评价清退：{note or flag.reason}")
    flag.status = FlagStatus.ACCEPTED if accept else FlagStatus.DISMISSED
    flag.reviewed_by, flag.reviewed_at, flag.review_note = _user(actor), timezone.now(), note
    flag.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_note"])
    audit_record(actor=actor, action=f"expert_evaluation.flag.{'accept' if accept else 'dismiss'}", target=flag,
                 after={"expert": flag.expert_id, "outcome": flag.outcome, "note": note}, only_changes=False)
    return flag
