"""The summary rules of an online review, as pure functions over plain values (no database).

1. An expert's total for a submission: the indicator scores added up (`sum`), or each score
   converted to its share of the indicator's maximum times the indicator's weight in percent
   (`weighted`; weights add up to 100, so the total is out of 100).
2. A submission's final score: the mean of the counted experts' totals. With `trimmed_mean`
   and at least `trim_min_experts` valid sheets, one highest and one lowest total are dropped
   first (ties broken by the lower expert id, so the result is reproducible).
3. Indicator averages are taken over the same counted experts, so they add up (or weigh up)
   to the final score. Fewer than `min_scorers` valid sheets: no final score.
4. Rounding half up to `decimals`; rank by final score, equal scores share a rank (1, 2, 2, 4);
   pass when the final score reaches the pass score.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

SUM = "sum"
WEIGHTED = "weighted"
MEAN = "mean"
TRIMMED_MEAN = "trimmed_mean"

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Rules:
    total_method: str = SUM
    aggregation: str = MEAN
    trim_min_experts: int = 5
    min_scorers: int = 1
    decimals: int = 2
    pass_score: Decimal | None = None


@dataclass(frozen=True)
class IndicatorSpec:
    id: int
    max_score: Decimal
    weight: Decimal = Decimal(0)


@dataclass
class ExpertTotal:
    expert_id: int
    total: Decimal
    counted: bool = True
    dropped: str = ""  # "highest" / "lowest" when trimmed


@dataclass
class SubmissionScore:
    submission_id: int
    experts: list[ExpertTotal] = field(default_factory=list)
    indicator_means: dict[int, Decimal] = field(default_factory=dict)
    final: Decimal | None = None
    valid_count: int = 0
    passed: bool | None = None
    rank: int | None = None


def quantum(decimals: int) -> Decimal:
    return Decimal(1).scaleb(-max(0, min(decimals, 4)))


def round_score(value: Decimal, decimals: int) -> Decimal:
    return value.quantize(quantum(decimals), rounding=ROUND_HALF_UP)


def max_total(rules: Rules, indicators: list[IndicatorSpec]) -> Decimal:
    if rules.total_method == WEIGHTED:
        return sum((i.weight for i in indicators), Decimal(0))
    return sum((i.max_score for i in indicators), Decimal(0))


def expert_total(rules: Rules, indicators: list[IndicatorSpec], scores: dict[int, Decimal]) -> Decimal:
    """One expert's total (unrounded). Missing indicators count as 0 (submitted sheets have all)."""
    total = Decimal(0)
    for indicator in indicators:
        value = Decimal(scores.get(indicator.id, 0))
        if rules.total_method == WEIGHTED:
            total += value / indicator.max_score * indicator.weight
        else:
            total += value
    return total


def summarise_submission(rules: Rules, indicators: list[IndicatorSpec], submission_id: int, sheets: dict[int, dict[int, Decimal]]) -> SubmissionScore:
    """`sheets`: expert id -> {indicator id -> score}, valid (submitted, not recused) sheets only."""
    result = SubmissionScore(submission_id=submission_id, valid_count=len(sheets))
    totals = sorted((ExpertTotal(expert_id=e, total=expert_total(rules, indicators, s)) for e, s in sheets.items()),
                    key=lambda t: (t.total, t.expert_id))
    if rules.aggregation == TRIMMED_MEAN and len(totals) >= max(3, rules.trim_min_experts):
        totals[0].counted, totals[0].dropped = False, "lowest"
        totals[-1].counted, totals[-1].dropped = False, "highest"
    result.experts = sorted(totals, key=lambda t: t.expert_id)
    counted = [t for t in totals if t.counted]
    if not counted or len(totals) < max(1, rules.min_scorers):
        return result
    n = Decimal(len(counted))
    for indicator in indicators:
        result.indicator_means[indicator.id] = round_score(sum((Decimal(sheets[t.expert_id].get(indicator.id, 0)) for t in counted), Decimal(0)) / n, rules.decimals)
    result.final = round_score(sum((t.total for t in counted), Decimal(0)) / n, rules.decimals)
    if rules.pass_score is not None:
        result.passed = result.final >= rules.pass_score
    return result


def rank(results: list[SubmissionScore]) -> None:
    """Competition ranking by final score (1, 2, 2, 4); submissions without a score get none."""
    scored = sorted((r for r in results if r.final is not None), key=lambda r: r.final, reverse=True)
    previous, position = None, 0
    for index, result in enumerate(scored, start=1):
        if result.final != previous:
            position, previous = index, result.final
        result.rank = position


def summarise(rules: Rules, indicators: list[IndicatorSpec], sheets_by_submission: dict[int, dict[int, dict[int, Decimal]]]) -> list[SubmissionScore]:
    """Every submission's score and rank, in the order of `sheets_by_submission`."""
    results = [summarise_submission(rules, indicators, sid, sheets) for sid, sheets in sheets_by_submission.items()]
    rank(results)
    return results
