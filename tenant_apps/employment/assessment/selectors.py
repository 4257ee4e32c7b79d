"""Reads of career assessment: the instruments a student can take, results (scoped to the
teacher's data), the readable outcome of a stored result, and statistics by college and major."""

from __future__ import annotations

from collections import Counter, defaultdict

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from tenant_apps.accounts.selectors import scoped
from tenant_apps.employment.assessment.banks import LicensedInstrument
from tenant_apps.employment.assessment.enums import InstrumentCode
from tenant_apps.employment.assessment.instruments import (
    BIGFIVE_FACTORS,
    MBTI,
    OPEN_INSTRUMENTS,
    RIASEC,
    RIASEC_AREAS,
    Outcome,
)
from tenant_apps.employment.assessment.models import AssessmentResult, LicensedBank


def active_bank(*, instrument: str = MBTI) -> LicensedBank | None:
    return LicensedBank.objects.filter(instrument=instrument, is_active=True, valid_until__gte=timezone.localdate()).first()


def instrument_get(*, code: str):
    """An open instrument, or the licensed one built from the school's active bank; None when
    the school has none (or its licence expired)."""
    if code in OPEN_INSTRUMENTS:
        return OPEN_INSTRUMENTS[code]
    if code == MBTI:
        bank = active_bank()
        return LicensedInstrument(content=bank.content, bank_id=bank.pk) if bank else None
    return None


def instruments_available() -> list:
    found = [OPEN_INSTRUMENTS[RIASEC], OPEN_INSTRUMENTS["bigfive"]]
    licensed = instrument_get(code=MBTI)
    return [*found, licensed] if licensed else found


def outcome_of(result: AssessmentResult) -> Outcome | None:
    """The readable result, recomputed from the stored answers with the same rules."""
    if result.instrument == MBTI:
        if result.bank is None:
            return None
        instrument = LicensedInstrument(content=result.bank.content, bank_id=result.bank_id)
    else:
        instrument = OPEN_INSTRUMENTS.get(result.instrument)
    return instrument.score(result.answers) if instrument else None


def student_results(*, student) -> QuerySet[AssessmentResult]:
    return AssessmentResult.objects.filter(student=student).select_related("bank").order_by("-created_at", "-id")


def student_result_get(*, student, pk: int) -> AssessmentResult | None:
    return student_results(student=student).filter(pk=pk).first()


def results_for(*, actor, instrument: str = "", college: str = "", major: str = "", q: str = "", latest_only: bool = True) -> QuerySet[AssessmentResult]:
    queryset = scoped(AssessmentResult.objects.select_related("student", "bank"), actor, org_field="org_unit")
    if latest_only:
        queryset = queryset.filter(is_latest=True)
    if instrument in InstrumentCode.values:
        queryset = queryset.filter(instrument=instrument)
    if college:
        queryset = queryset.filter(college_name=college)
    if major:
        queryset = queryset.filter(major_name=major)
    if q:
        queryset = queryset.filter(Q(student__display_name__icontains=q) | Q(student__username__icontains=q) | Q(code__iexact=q))
    return queryset.order_by("-created_at", "-id")


def result_get(*, actor, pk: int) -> AssessmentResult | None:
    return results_for(actor=actor, latest_only=False).filter(pk=pk).first()


def primary_label(instrument: str, code: str) -> str:
    """What a result is grouped by in statistics: the first RIASEC letter, the strongest Big-Five
    factor, or the whole type."""
    if instrument == RIASEC:
        return RIASEC_AREAS.get(code[:1], ("—",))[0]
    if instrument == "bigfive":
        return BIGFIVE_FACTORS.get(code, ("—",))[0]
    return code


def statistics(*, actor, instrument: str, college: str = "") -> dict:
    """Latest results of one instrument within the teacher's data: takers and the spread of
    primary types by college (or, for one college, by major), and the average dimension
    scores per group. One grouped query for counts, one pass over scores."""
    base = results_for(actor=actor, instrument=instrument, college=college)
    group_field = "major_name" if college else "college_name"
    counts = base.values(group_field, "code").annotate(n=Count("id")).order_by()
    by_group: dict[str, Counter] = defaultdict(Counter)
    labels: Counter = Counter()
    for row in counts:
        group = row[group_field] or "未分配"
        label = primary_label(instrument, row["code"])
        by_group[group][label] += row["n"]
        labels[label] += row["n"]
    sums: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    takers: Counter = Counter()
    for group, scores in base.values_list(group_field, "scores").iterator(chunk_size=2000):
        group = group or "未分配"
        takers[group] += 1
        for key, value in (scores or {}).items():
            sums[group][key] += float(value)
    averages = {group: {key: round(total / takers[group], 1) for key, total in keys.items()} for group, keys in sums.items()}
    groups = sorted(by_group, key=lambda g: (-sum(by_group[g].values()), g))
    return {"group_label": "专业" if college else "学院", "groups": groups, "labels": [label for label, _ in labels.most_common()],
            "by_group": {g: dict(by_group[g]) for g in groups}, "takers": {g: takers[g] for g in groups}, "total": sum(takers.values()),
            "averages": averages}


def filter_choices(*, actor) -> dict[str, list[str]]:
    scoped_results = scoped(AssessmentResult.objects.filter(is_latest=True), actor, org_field="org_unit")
    colleges = sorted(filter(None, scoped_results.values_list("college_name", flat=True).distinct()))
    majors = sorted(filter(None, scoped_results.values_list("major_name", flat=True).distinct()))
    return {"colleges": colleges, "majors": majors}


def banks() -> QuerySet[LicensedBank]:
    return LicensedBank.objects.select_related("uploaded_by").order_by("-created_at", "-id")
