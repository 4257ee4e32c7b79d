"""Defaults for a bureau with the expert module: an active indicator set worth 100 points, the two
rules the bureau asked for as examples, and a group for the staff who score. The tenant's
系统管理员 group holds every permission already (accounts initializer). Nothing is created
twice: a bureau that has indicator sets, rules or the group keeps what it has."""

from __future__ import annotations

from decimal import Decimal

from core.hooks import TenantSeed

# A starting point drawn from the seed's 参评评价 dimensions; the bureau edits it freely.
DEFAULT_INDICATORS: list[tuple[str, int, str]] = [
    ("专业水平", 30, "评审意见的专业性与准确性"),
    ("认真负责程度", 25, "审阅材料是否细致、意见是否充分"),
    ("公正廉洁", 20, "遵守回避与保密要求，独立公正评审"),
    ("遵守纪律", 15, "按时到场，不中途离场"),
    ("沟通协作", 10, "与评审组其他成员的配合"),
]

# (name, outcome, condition, threshold, min_reviews)
DEFAULT_RULES = [
    ("十次以上评价均不低于 90 分", "promote", "all_at_least", Decimal("90"), 10),
    ("平均分低于 60 分", "remove", "average_below", Decimal("60"), 3),
]

DEFAULT_GROUPS: list[tuple[str, str, list[str]]] = [
    (
        "专家评价员",
        "评审结束后为参评专家逐项打分，查看历次评价与评价提示",
        [
            "expert_evaluation.view_evaluation", "expert_evaluation.add_evaluation", "expert_evaluation.change_evaluation",
            "expert_evaluation.view_evaluationround", "expert_evaluation.view_indicatorset", "expert_evaluation.view_flagrule",
            "expert_evaluation.view_expertflag", "expert_panels.view_project",
        ],
    ),
]


def seed_evaluation(seed: TenantSeed) -> None:
    if "experts" not in seed.modules:
        return
    from tenant_apps.accounts.initializers import default_groups_ensure
    from tenant_apps.experts.evaluation.models import FlagRule, IndicatorSet
    from tenant_apps.experts.evaluation.services import (
        IndicatorInput,
        RuleInput,
        indicator_set_activate,
        indicator_set_save,
        rule_save,
    )

    if not IndicatorSet.objects.exists():
        indicator_set = indicator_set_save(actor=None, name="专家评审表现评价", scoring_days=2,
                                           indicators=[IndicatorInput(name=n, weight=w, description=d) for n, w, d in DEFAULT_INDICATORS])
        indicator_set_activate(actor=None, indicator_set=indicator_set)
    if not FlagRule.objects.exists():
        for name, outcome, condition, threshold, min_reviews in DEFAULT_RULES:
            rule_save(actor=None, data=RuleInput(name=name, outcome=outcome, condition=condition, threshold=threshold, min_reviews=min_reviews))
    default_groups_ensure(DEFAULT_GROUPS)
