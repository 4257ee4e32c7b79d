"""Reads of surveys: the builder's lists, who may answer, results per question and the
cross-tab by college."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from tenant_apps.employment.students.models import GraduateRecord
from tenant_apps.employment.surveys.enums import QuestionKind, SurveyStatus
from tenant_apps.employment.surveys.models import Question, Survey, SurveyResponse


def survey_list(*, status: str = "", q: str = "") -> QuerySet[Survey]:
    queryset = Survey.objects.annotate(response_count=Count("responses", distinct=True), question_count=Count("questions", distinct=True))
    if status in SurveyStatus.values:
        queryset = queryset.filter(status=status)
    if q:
        queryset = queryset.filter(title__icontains=q)
    return queryset.order_by("-created_at", "-id")


def survey_get(*, pk: int) -> Survey | None:
    return Survey.objects.filter(pk=pk).first()


def questions_of(survey: Survey) -> list[Question]:
    return list(survey.questions.order_by("position"))


def student_record(*, student) -> GraduateRecord | None:
    return GraduateRecord.objects.filter(user=student).select_related("org_unit", "org_unit__parent__parent").order_by("-graduation_year").first()


def college_name(record: GraduateRecord | None) -> str:
    if record is None:
        return ""
    unit = record.org_unit
    college = unit.parent.parent if unit.parent_id and unit.parent.parent_id else None
    return college.name if college else unit.name


def _audience_filter(audience: dict) -> Q:
    condition = Q()
    if audience.get("graduation_years"):
        condition &= Q(graduation_year__in=audience["graduation_years"])
    if audience.get("org_unit_ids"):
        from tenant_apps.accounts.models import OrgUnit

        paths = list(OrgUnit.objects.filter(pk__in=audience["org_unit_ids"]).values_list("path", flat=True))
        unit_condition = Q(pk__in=[])
        for path in paths:
            unit_condition |= Q(org_unit__path__startswith=path)
        condition &= unit_condition
    return condition


def in_audience(*, survey: Survey, record: GraduateRecord | None) -> bool:
    """Everyone with an account when the audience is empty; else graduates the filters select."""
    if not survey.audience:
        return True
    if record is None:
        return False
    return GraduateRecord.objects.filter(_audience_filter(survey.audience), pk=record.pk).exists()


def audience_users(*, audience: dict) -> list:
    from tenant_apps.accounts.models import User

    records = GraduateRecord.objects.filter(_audience_filter(audience or {}), user__isnull=False, user__is_active=True)
    return list(User.objects.filter(pk__in=records.values("user_id")))


def audience_count(*, audience: dict) -> int:
    return GraduateRecord.objects.filter(_audience_filter(audience or {}), user__isnull=False).count()


def surveys_for_student(*, student) -> list[tuple[Survey, bool]]:
    """Open surveys the student may answer, with whether they already did (two queries)."""
    record = student_record(student=student)
    now = timezone.now()
    open_surveys = Survey.objects.filter(status=SurveyStatus.PUBLISHED).filter(Q(closes_at__isnull=True) | Q(closes_at__gt=now)).order_by("-published_at")
    answered = set(SurveyResponse.objects.filter(student=student).values_list("survey_id", flat=True))
    result = []
    for survey in open_surveys[:50]:
        if not survey.audience or (record is not None and in_audience(survey=survey, record=record)):
            result.append((survey, survey.pk in answered))
    return result


def response_of(*, survey: Survey, student) -> SurveyResponse | None:
    return SurveyResponse.objects.filter(survey=survey, student=student).first()


# --- results ----------------------------------------------------------------------------------


@dataclass
class QuestionResult:
    question: Question
    answered: int = 0
    counts: list[int] = field(default_factory=list)  # per option (choice) or per scale value (scale)
    average: float | None = None
    matrix: list[list[int]] = field(default_factory=list)  # rows x scale values
    matrix_averages: list[float] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)

    @property
    def labels(self) -> list[str]:
        q = self.question
        return list(q.options) if q.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE) else [str(v) for v in q.scale_values]


def results(*, survey: Survey, texts_per_question: int = 50) -> tuple[int, list[QuestionResult]]:
    """(number of responses, one result per question), reading each response once."""
    questions = questions_of(survey)
    out = {q.pk: QuestionResult(question=q, counts=[0] * (len(q.options) if q.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE) else len(q.scale_values)),
                                matrix=[[0] * len(q.scale_values) for _ in q.rows]) for q in questions}
    total = 0
    for answers in SurveyResponse.objects.filter(survey=survey).values_list("answers", flat=True).iterator(chunk_size=2000):
        total += 1
        for key, value in answers.items():
            result = out.get(int(key)) if key.isdigit() else None
            if result is None:
                continue
            q = result.question
            result.answered += 1
            if q.kind == QuestionKind.SINGLE and 0 <= value < len(result.counts):
                result.counts[value] += 1
            elif q.kind == QuestionKind.MULTIPLE:
                for v in value:
                    if 0 <= v < len(result.counts):
                        result.counts[v] += 1
            elif q.kind == QuestionKind.SCALE and q.scale_min <= value <= q.scale_max:
                result.counts[value - q.scale_min] += 1
            elif q.kind == QuestionKind.MATRIX:
                for row, v in enumerate(value[: len(q.rows)]):
                    if q.scale_min <= v <= q.scale_max:
                        result.matrix[row][v - q.scale_min] += 1
            elif q.kind == QuestionKind.TEXT and len(result.texts) < texts_per_question:
                result.texts.append(value)
    for result in out.values():
        q = result.question
        if q.kind == QuestionKind.SCALE and result.answered:
            result.average = round(sum(c * v for c, v in zip(result.counts, q.scale_values, strict=True)) / result.answered, 2)
        if q.kind == QuestionKind.MATRIX:
            result.matrix_averages = [round(sum(c * v for c, v in zip(row, q.scale_values, strict=True)) / sum(row), 2) if sum(row) else 0.0
                                      for row in result.matrix]
    return total, list(out.values())


def crosstab(*, survey: Survey, question: Question) -> tuple[list[str], list[tuple[str, list[int], int]]]:
    """Answers to one choice or scale question by college: (column labels, [(college, counts, total)])."""
    labels = list(question.options) if question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE) else [str(v) for v in question.scale_values]
    table: dict[str, Counter] = {}
    totals: Counter = Counter()
    key = str(question.pk)
    for college, answers in SurveyResponse.objects.filter(survey=survey).values_list("college_name", "answers").iterator(chunk_size=2000):
        college = college or "（未知学院）"
        value = answers.get(key)
        if value is None:
            continue
        totals[college] += 1
        values = value if isinstance(value, list) else [value]
        for v in values:
            index = v - question.scale_min if question.kind == QuestionKind.SCALE else v
            if 0 <= index < len(labels):
                table.setdefault(college, Counter())[index] += 1
    rows = [(college, [table.get(college, Counter())[i] for i in range(len(labels))], totals[college]) for college in sorted(totals)]
    return labels, rows


def export_rows(*, survey: Survey):
    """Header, then one row per response: student number, name, college, then each answer as text."""
    questions = questions_of(survey)
    yield ["学号", "姓名", "学院", "提交时间", *[f"{q.position}. {q.title}" for q in questions]]
    numbers = dict(GraduateRecord.objects.filter(user_id__in=survey.responses.values("student_id")).values_list("user_id", "student_number"))
    for response in survey.responses.select_related("student").order_by("submitted_at", "id").iterator(chunk_size=1000):
        row = [numbers.get(response.student_id, ""), response.student.display_name, response.college_name,
               timezone.localtime(response.submitted_at).strftime("%Y-%m-%d %H:%M")]
        for q in questions:
            row.append(answer_text(q, response.answers.get(str(q.pk))))
        yield row


def answer_text(question: Question, value) -> str:
    if value is None:
        return ""
    if question.kind == QuestionKind.SINGLE:
        return question.options[value] if 0 <= value < len(question.options) else ""
    if question.kind == QuestionKind.MULTIPLE:
        return "、".join(question.options[v] for v in value if 0 <= v < len(question.options))
    if question.kind == QuestionKind.MATRIX:
        return "；".join(f"{row}:{v}" for row, v in zip(question.rows, value, strict=False))
    return str(value)
