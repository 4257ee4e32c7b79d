"""Evaluation services: indicator weights, scoring window and lock, rules and flags."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from core.audit import AuditEvent
from core.errors import ApplicationError, Conflict, PermissionDenied
from tenant_apps.experts.evaluation import selectors, services
from tenant_apps.experts.evaluation.models import EvaluationRound, ExpertFlag
from tenant_apps.experts.evaluation.services import IndicatorInput, RuleInput

from .conftest import make_indicator_set, make_pool, make_staff, reviewed_panel, scores_for

pytestmark = pytest.mark.django_db


def _members(draw):
    return list(draw.members.order_by("row"))


# --- weights --------------------------------------------------------------------------------


@pytest.mark.parametrize("weights", [[40, 30, 20], [50, 30, 30], [100, 0]])
def test_weights_must_total_100(in_bureau, bureau_admin, weights):
    with pytest.raises(ApplicationError) as exc:
        services.indicator_set_save(actor=bureau_admin, name="方案", scoring_days=2,
                                    indicators=[IndicatorInput(name=f"指标{n}", weight=w) for n, w in enumerate(weights)])
    assert exc.value.code == "weights_must_total_100"


def test_indicator_names_unique_and_at_least_one(in_bureau, bureau_admin):
    with pytest.raises(ApplicationError):
        services.indicator_set_save(actor=bureau_admin, name="方案", scoring_days=2, indicators=[IndicatorInput(name="同名", weight=50)] * 2)
    with pytest.raises(ApplicationError):
        services.indicator_set_save(actor=bureau_admin, name="方案", scoring_days=2, indicators=[])


def test_saving_a_set_keeps_order_and_is_audited(in_bureau, bureau_admin):
    indicator_set = make_indicator_set(bureau_admin)
    assert [(i.name, i.weight) for i in indicator_set.indicators.all()] == [("专业水平", 40), ("认真负责", 30), ("公正廉洁", 20), ("遵守纪律", 10)]
    assert AuditEvent.objects.filter(action="expert_evaluation.indicator_set.save", object_id=str(indicator_set.pk)).exists()
    assert selectors.active_indicator_set() == indicator_set


def test_only_one_set_is_active(in_bureau, bureau_admin):
    first = make_indicator_set(bureau_admin, name="一")
    second = make_indicator_set(bureau_admin, name="二")
    first.refresh_from_db()
    assert not first.is_active and second.is_active


def test_used_set_is_frozen_but_can_be_copied(in_bureau, bureau_admin, indicator_set, panel):
    member = _members(panel)[0]
    services.evaluation_submit(actor=bureau_admin, member=member, scores=scores_for(indicator_set, [30, 20, 20, 10]))
    with pytest.raises(Conflict) as exc:
        services.indicator_set_save(actor=bureau_admin, indicator_set=indicator_set, name="改", scoring_days=2, indicators=[IndicatorInput(name="全部", weight=100)])
    assert exc.value.code == "indicator_set_in_use"
    with pytest.raises(Conflict):
        services.indicator_set_delete(actor=bureau_admin, indicator_set=indicator_set)
    copy = services.indicator_set_copy(actor=bureau_admin, indicator_set=indicator_set)
    services.indicator_set_save(actor=bureau_admin, indicator_set=copy, name="新版", scoring_days=3, indicators=[IndicatorInput(name="全部", weight=100)])
    services.indicator_set_activate(actor=bureau_admin, indicator_set=copy)
    # The open round keeps the indicators it started with.
    sheet = selectors.project_sheets(actor=bureau_admin, project=panel.project)[0]
    assert [i.name for i in sheet.indicators] == ["专业水平", "认真负责", "公正廉洁", "遵守纪律"]


# --- scoring window -------------------------------------------------------------------------


def test_scoring_within_deadline_sums_points_and_audits(in_bureau, bureau_admin, indicator_set, panel):
    member = _members(panel)[0]
    evaluation = services.evaluation_submit(actor=bureau_admin, member=member, scores=scores_for(indicator_set, ["35.5", 28, 20, 9]),
                                            participation="very_high", comment="意见充分")
    assert evaluation.total == Decimal("92.5") and evaluation.expert_id == member.expert_id
    evaluation_round = EvaluationRound.objects.get(draw=panel)
    local_end = timezone.localtime(panel.project.opens_at).date() + datetime.timedelta(days=2)
    assert timezone.localtime(evaluation_round.deadline).date() == local_end
    assert AuditEvent.objects.filter(action="expert_evaluation.evaluation.create", object_type="expert_panels.project", object_id=str(panel.project_id)).exists()
    # Before the deadline the score can still change.
    evaluation = services.evaluation_submit(actor=bureau_admin, member=member, scores=scores_for(indicator_set, [40, 30, 20, 10]))
    assert evaluation.total == Decimal("100.0") and evaluation.scores.count() == 4
    assert AuditEvent.objects.filter(action="expert_evaluation.evaluation.update").exists()


def test_scoring_locks_after_deadline(in_bureau, bureau_admin, indicator_set, panel):
    first, second = _members(panel)[:2]
    services.evaluation_submit(actor=bureau_admin, member=first, scores=scores_for(indicator_set, [30, 20, 20, 10]))
    EvaluationRound.objects.filter(draw=panel).update(deadline=timezone.now() - datetime.timedelta(minutes=1))
    for member in (first, second):
        with pytest.raises(Conflict) as exc:
            services.evaluation_submit(actor=bureau_admin, member=member, scores=scores_for(indicator_set, [40, 30, 20, 10]))
        assert exc.value.code == "scoring_closed"
    with pytest.raises(Conflict):
        services.round_set_deadline(actor=bureau_admin, draw=panel, deadline=timezone.now() + datetime.timedelta(days=1))
    assert selectors.project_sheets(actor=bureau_admin, project=panel.project)[0].is_locked


def test_deadline_can_be_moved_before_it_passes(in_bureau, bureau_admin, indicator_set, panel):
    later = timezone.now() + datetime.timedelta(days=7)
    evaluation_round = services.round_set_deadline(actor=bureau_admin, draw=panel, deadline=later)
    assert evaluation_round.deadline == later and evaluation_round.indicator_set == indicator_set
    with pytest.raises(ApplicationError):
        services.round_set_deadline(actor=bureau_admin, draw=panel, deadline=timezone.now() - datetime.timedelta(hours=1))


def test_no_scoring_before_the_review(in_bureau, bureau_admin, indicator_set):
    draw = reviewed_panel(bureau_admin, size=1, hours_ago=-5)
    with pytest.raises(Conflict) as exc:
        services.evaluation_submit(actor=bureau_admin, member=_members(draw)[0], scores=scores_for(indicator_set, [40, 30, 20, 10]))
    assert exc.value.code == "scoring_not_open"


def test_no_scoring_without_active_set(in_bureau, bureau_admin, panel):
    with pytest.raises(Conflict) as exc:
        services.evaluation_submit(actor=bureau_admin, member=_members(panel)[0], scores={})
    assert exc.value.code == "no_active_indicator_set"


def test_only_attending_members_are_scored(in_bureau, bureau_admin, indicator_set):
    from tenant_apps.experts.panels.models import PanelMember

    draw = reviewed_panel(bureau_admin, size=2)
    absent = _members(draw)[1]
    PanelMember.objects.filter(pk=absent.pk).update(status="declined")
    with pytest.raises(Conflict) as exc:
        services.evaluation_submit(actor=bureau_admin, member=absent, scores=scores_for(indicator_set, [40, 30, 20, 10]))
    assert exc.value.code == "member_not_attending"
    assert [r.member.pk for r in selectors.project_sheets(actor=bureau_admin, project=draw.project)[0].rows] == [_members(draw)[0].pk]


@pytest.mark.parametrize("points", [[41, 30, 20, 10], [-1, 30, 20, 10], ["1.25", 30, 20, 10], ["x", 30, 20, 10]])
def test_each_score_within_its_weight(in_bureau, bureau_admin, indicator_set, panel, points):
    with pytest.raises(ApplicationError) as exc:
        services.evaluation_submit(actor=bureau_admin, member=_members(panel)[0], scores=scores_for(indicator_set, points))
    assert exc.value.code == "invalid_scores"


def test_every_indicator_needs_a_score(in_bureau, bureau_admin, indicator_set, panel):
    scores = scores_for(indicator_set, [40, 30, 20, 10])
    scores.pop(next(iter(scores)))
    with pytest.raises(ApplicationError) as exc:
        services.evaluation_submit(actor=bureau_admin, member=_members(panel)[0], scores=scores)
    assert exc.value.code == "invalid_scores"


def test_archived_project_is_read_only(in_bureau, bureau_admin, indicator_set, panel):
    from tenant_apps.experts.panels.services import project_archive

    project_archive(actor=bureau_admin, project=panel.project)
    with pytest.raises(Conflict) as exc:
        services.evaluation_submit(actor=bureau_admin, member=_members(panel)[0], scores=scores_for(indicator_set, [40, 30, 20, 10]))
    assert exc.value.code == "project_archived"


def test_rescoring_needs_change_permission(in_bureau, bureau_admin, indicator_set, panel):
    scorer = make_staff(username="scorer", perms=["expert_evaluation.view_evaluation", "expert_evaluation.add_evaluation"])
    member = _members(panel)[0]
    services.evaluation_submit(actor=scorer, member=member, scores=scores_for(indicator_set, [30, 30, 20, 10]))
    with pytest.raises(PermissionDenied):
        services.evaluation_submit(actor=scorer, member=member, scores=scores_for(indicator_set, [40, 30, 20, 10]))


def test_expert_summary_counts_acceptance_attendance_and_scores(in_bureau, bureau_admin, indicator_set):
    expert = make_pool(1)[0]
    for points in ([40, 30, 20, 10], [20, 20, 10, 10]):
        draw = reviewed_panel(bureau_admin, experts=[expert])
        services.evaluation_submit(actor=bureau_admin, member=_members(draw)[0], scores=scores_for(indicator_set, points))
    summary = selectors.expert_summary(expert)
    assert (summary.invited, summary.accepted, summary.attended, summary.evaluated) == (2, 2, 2, 2)
    assert summary.average == Decimal("80.0") and summary.lowest == Decimal("60.0") and summary.highest == Decimal("100.0")
    assert [e.total for e in selectors.expert_evaluations(expert)] == [Decimal("60.0"), Decimal("100.0")]


# --- rules and flags ------------------------------------------------------------------------


def _score_reviews(actor, indicator_set, expert, totals):
    """One reviewed project per total; points spread over the indicators."""
    for total in totals:
        draw = reviewed_panel(actor, experts=[expert])
        weights = [40, 30, 20, 10]
        points = [Decimal(w) * Decimal(total) / 100 for w in weights]
        services.evaluation_submit(actor=actor, member=_members(draw)[0], scores=scores_for(indicator_set, [p.quantize(Decimal("0.1")) for p in points]))


def promote_rule(actor):
    return services.rule_save(actor=actor, data=RuleInput(name="连续优秀", outcome="promote", condition="all_at_least", threshold=Decimal("90"), min_reviews=10))


def remove_rule(actor):
    return services.rule_save(actor=actor, data=RuleInput(name="平均不及格", outcome="remove", condition="average_below", threshold=Decimal("60"), min_reviews=3))


def test_ten_reviews_all_at_least_90_flags_promotion(in_bureau, bureau_admin, indicator_set):
    rule = promote_rule(bureau_admin)
    expert = make_pool(1)[0]
    _score_reviews(bureau_admin, indicator_set, expert, [95, 90, 92, 98, 91, 90, 99, 93, 94])
    assert not ExpertFlag.objects.filter(expert=expert).exists()  # 9 reviews: not yet
    _score_reviews(bureau_admin, indicator_set, expert, [96])
    flag = ExpertFlag.objects.get(expert=expert)
    assert (flag.rule, flag.outcome, flag.status, flag.review_count, flag.lowest) == (rule, "promote", "open", 10, Decimal("90.0"))
    assert "共 10 次评价" in flag.reason
    # Accepting tags the expert.
    services.flag_review(actor=bureau_admin, flag=flag, accept=True)
    assert list(expert.tags.values_list("name", flat=True)) == [services.PROMOTE_TAG]
    assert AuditEvent.objects.filter(action="expert_evaluation.flag.accept", object_id=str(flag.pk)).exists()


def test_one_score_below_90_blocks_promotion(in_bureau, bureau_admin, indicator_set):
    promote_rule(bureau_admin)
    expert = make_pool(1)[0]
    _score_reviews(bureau_admin, indicator_set, expert, [95] * 9 + [89])
    assert not ExpertFlag.objects.filter(expert=expert).exists()


def test_average_below_60_flags_removal_and_accepting_removes(in_bureau, bureau_admin, indicator_set):
    remove_rule(bureau_admin)
    weak, fine = make_pool(2)
    _score_reviews(bureau_admin, indicator_set, weak, [50, 70, 55])  # average 58.3
    _score_reviews(bureau_admin, indicator_set, fine, [50, 70, 60])  # average 60
    flag = ExpertFlag.objects.get()
    assert flag.expert == weak and flag.outcome == "remove" and flag.average == Decimal("58.3")
    services.flag_review(actor=bureau_admin, flag=flag, accept=True, note="屡次不达标")
    weak.refresh_from_db()
    assert weak.deleted_at is not None and "屡次不达标" in weak.delete_reason
    with pytest.raises(Conflict) as exc:
        services.flag_review(actor=bureau_admin, flag=flag, accept=False)
    assert exc.value.code == "flag_closed"


def test_dismissed_flag_comes_back_only_with_new_scores(in_bureau, bureau_admin, indicator_set):
    remove_rule(bureau_admin)
    expert = make_pool(1)[0]
    _score_reviews(bureau_admin, indicator_set, expert, [50, 50, 50])
    flag = ExpertFlag.objects.get(expert=expert)
    services.flag_review(actor=bureau_admin, flag=flag, accept=False, note="客观原因")
    assert services.flags_recheck(actor=bureau_admin) == 0
    _score_reviews(bureau_admin, indicator_set, expert, [40])
    assert ExpertFlag.objects.filter(expert=expert, status="open").count() == 1


def test_open_flag_is_withdrawn_when_rule_no_longer_holds(in_bureau, bureau_admin, indicator_set):
    rule = remove_rule(bureau_admin)
    expert = make_pool(1)[0]
    _score_reviews(bureau_admin, indicator_set, expert, [50, 50, 50])
    assert ExpertFlag.objects.get(expert=expert).status == "open"
    services.rule_save(actor=bureau_admin, rule=rule, data=RuleInput(name=rule.name, outcome="remove", condition="average_below", threshold=Decimal("40"), min_reviews=3))
    assert ExpertFlag.objects.get(expert=expert).status == "withdrawn"


def test_recent_count_limits_the_rule_to_latest_scores(in_bureau, bureau_admin, indicator_set):
    services.rule_save(actor=bureau_admin, data=RuleInput(name="近期偏低", outcome="remove", condition="average_below", threshold=Decimal("60"),
                                                          min_reviews=2, recent_count=2))
    expert = make_pool(1)[0]
    _score_reviews(bureau_admin, indicator_set, expert, [50, 50])
    assert ExpertFlag.objects.get(expert=expert).status == "open"
    _score_reviews(bureau_admin, indicator_set, expert, [90, 90])  # latest two: 90 and 90
    assert not ExpertFlag.objects.filter(expert=expert, status="open").exists()
    _score_reviews(bureau_admin, indicator_set, expert, [20])  # latest two: 20 and 90 -> 55
    assert ExpertFlag.objects.get(expert=expert, status="open").average == Decimal("55.0")


def test_new_bureau_gets_default_scheme_rules_and_group(in_bureau):
    from django.contrib.auth.models import Group

    from core.hooks import TenantSeed
    from tenant_apps.experts.evaluation.initializers import seed_evaluation
    from tenant_apps.experts.evaluation.models import FlagRule, IndicatorSet

    seed = TenantSeed(schema_name="bureau", name="局", type="bureau", modules=("experts",), admin_username="admin")
    seed_evaluation(seed)
    seed_evaluation(seed)  # running again changes nothing
    active = selectors.active_indicator_set()
    assert IndicatorSet.objects.count() == 1 and selectors.total_weight(active) == 100
    assert sorted(FlagRule.objects.values_list("outcome", "condition", "threshold", "min_reviews")) == [
        ("promote", "all_at_least", Decimal("90.0"), 10), ("remove", "average_below", Decimal("60.0"), 3)]
    assert Group.objects.get(name="专家评价员").permissions.filter(codename="add_evaluation").exists()
