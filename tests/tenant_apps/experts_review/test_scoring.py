"""The summary rules as pure functions: totals, trimming, weights, quorum, rounding, ranks."""

from __future__ import annotations

from decimal import Decimal as D

from tenant_apps.experts.review import scoring

A = scoring.IndicatorSpec(id=1, max_score=D(60), weight=D(70))
B = scoring.IndicatorSpec(id=2, max_score=D(40), weight=D(30))


def sheets(*totals):
    """Expert i scores (x, 0): the expert total under `sum` equals x."""
    return {expert: {1: D(x), 2: D(0)} for expert, x in enumerate(totals, start=1)}


def test_sum_and_mean():
    result = scoring.summarise_submission(scoring.Rules(), [A, B], 1, {1: {1: D(50), 2: D(30)}, 2: {1: D(40), 2: D(20)}})
    assert result.final == D("70.00")  # (80 + 60) / 2
    assert result.indicator_means == {1: D("45.00"), 2: D("25.00")}
    assert all(t.counted for t in result.experts)


def test_weighted_total_is_share_of_maximum_times_weight():
    rules = scoring.Rules(total_method=scoring.WEIGHTED)
    # 30/60*70 + 40/40*30 = 35 + 30 = 65
    assert scoring.expert_total(rules, [A, B], {1: D(30), 2: D(40)}) == D(65)
    assert scoring.max_total(rules, [A, B]) == D(100)
    assert scoring.max_total(scoring.Rules(), [A, B]) == D(100)
    result = scoring.summarise_submission(rules, [A, B], 1, {1: {1: D(30), 2: D(40)}, 2: {1: D(60), 2: D(20)}})
    assert result.final == D("75.00")  # (65 + 85) / 2


def test_trimmed_mean_drops_one_highest_and_one_lowest_from_five():
    rules = scoring.Rules(aggregation=scoring.TRIMMED_MEAN, trim_min_experts=5)
    result = scoring.summarise_submission(rules, [A, B], 1, sheets(90, 10, 50, 60, 70))
    assert result.final == D("60.00")  # (50 + 60 + 70) / 3
    dropped = {t.expert_id: t.dropped for t in result.experts if not t.counted}
    assert dropped == {1: "highest", 2: "lowest"}
    assert result.indicator_means[1] == D("60.00")


def test_no_trimming_below_the_threshold():
    rules = scoring.Rules(aggregation=scoring.TRIMMED_MEAN, trim_min_experts=5)
    result = scoring.summarise_submission(rules, [A, B], 1, sheets(90, 10, 50, 60))
    assert result.final == D("52.50")
    assert all(t.counted for t in result.experts)


def test_trimming_ties_are_reproducible():
    rules = scoring.Rules(aggregation=scoring.TRIMMED_MEAN, trim_min_experts=3)
    result = scoring.summarise_submission(rules, [A, B], 1, sheets(50, 50, 50))
    assert result.final == D("50.00")
    assert [(t.expert_id, t.dropped) for t in result.experts] == [(1, "lowest"), (2, ""), (3, "highest")]


def test_quorum_rounding_and_pass():
    rules = scoring.Rules(min_scorers=3, decimals=1, pass_score=D(60))
    assert scoring.summarise_submission(rules, [A, B], 1, sheets(70, 80)).final is None
    result = scoring.summarise_submission(rules, [A, B], 1, sheets(60, 60, D("60.15")))
    assert result.final == D("60.1")  # 60.05 half up
    assert result.passed is True
    assert scoring.summarise_submission(rules, [A, B], 1, sheets(59, 60, 60)).passed is False
    assert scoring.round_score(D("2.345"), 2) == D("2.35")


def test_competition_ranking_with_ties():
    results = scoring.summarise(scoring.Rules(), [A, B], {1: sheets(50), 2: sheets(70), 3: sheets(50), 4: {}, 5: sheets(40)})
    ranks = {r.submission_id: r.rank for r in results}
    assert ranks == {2: 1, 1: 2, 3: 2, 5: 4, 4: None}
