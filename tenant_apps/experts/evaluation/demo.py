"""Demo scores for bureau tenants (scripts/run): staff score each attending member of the demo
projects whose review has taken place, through `evaluation_submit`, with the indicator set in
force, while their scoring is open. Runs after the panels seeder; archived projects are
read-only and keep no scores."""

from __future__ import annotations

import random
from decimal import ROUND_FLOOR, Decimal

from django.utils import timezone

from tenant_apps.experts.evaluation.enums import ParticipationGrade

COMMENTS = {
    ParticipationGrade.VERY_HIGH: "审阅材料细致，评审意见专业、具体，能提出可操作的整改建议。",
    ParticipationGrade.HIGH: "按时到场，评审意见较为充分，与其他专家配合良好。",
    ParticipationGrade.AVERAGE: "能完成评审任务，意见较简略。",
}
HALF = Decimal("0.5")


def _points(weight: int, share: float) -> Decimal:
    """`share` of the indicator's points, rounded down to half a point."""
    return (Decimal(weight) * Decimal(str(share)) / HALF).to_integral_value(rounding=ROUND_FLOOR) * HALF


def _draws_to_score():
    from tenant_apps.experts.panels.models import Draw

    return (Draw.objects.filter(project__archived_at__isnull=True, project__opens_at__lte=timezone.now(), members__attended=True,
                                evaluation_round__isnull=True)
            .select_related("project").distinct().order_by("pk"))


def seed_demo_evaluations(schema_name: str, tenant_type: str) -> None:
    """Demo seeder for bureau tenants (skipped when any score exists, or without an indicator
    set in force or an administrator to act)."""
    if tenant_type != "bureau":
        return
    from tenant_apps.experts.evaluation.models import Evaluation
    from tenant_apps.experts.evaluation.selectors import active_indicator_set, default_deadline
    from tenant_apps.experts.evaluation.services import evaluation_submit
    from tenant_apps.experts.panels.demo import demo_actor
    from tenant_apps.experts.panels.selectors import attending_q

    if Evaluation.objects.exists():
        return
    indicator_set = active_indicator_set()
    actor = demo_actor()
    if indicator_set is None or actor is None:
        return
    indicators = list(indicator_set.indicators.order_by("sort_order", "id"))
    rng = random.Random(f"{schema_name}-evaluation")
    grades = [ParticipationGrade.VERY_HIGH, ParticipationGrade.HIGH, ParticipationGrade.HIGH, ParticipationGrade.AVERAGE]
    now = timezone.now()
    for draw in _draws_to_score():
        if default_deadline(draw.project, indicator_set) < now:
            continue  # scoring of that review has closed (a run days after the projects were made)
        for member in draw.members.filter(attending_q()).order_by("row"):
            grade = rng.choice(grades)
            low = {ParticipationGrade.VERY_HIGH: 0.9, ParticipationGrade.HIGH: 0.8}.get(grade, 0.65)
            scores = {i.pk: _points(i.weight, rng.uniform(low, 1.0)) for i in indicators}
            evaluation_submit(actor=actor, member=member, scores=scores, participation=grade, comment=COMMENTS[grade])
