"""Skip logic and answer checking, on plain question objects (no database).

The path through a survey starts at the first question; after a single-choice question whose
chosen option has a jump, it continues at the jump's target (a later question, or the end);
otherwise at the next question. Only questions on the path are required or kept."""

from __future__ import annotations

from collections.abc import Sequence

from core.errors import ApplicationError
from tenant_apps.employment.surveys.enums import END, QuestionKind
from tenant_apps.employment.surveys.errors import SurveyErrorCode


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def path(questions: Sequence, answers: dict) -> list:
    """The questions the student sees, given their answers so far ({str(question id): value})."""
    ordered = sorted(questions, key=lambda q: q.position)
    by_position = {q.position: i for i, q in enumerate(ordered)}
    seen, i = [], 0
    while 0 <= i < len(ordered):
        question = ordered[i]
        seen.append(question)
        target = None
        if question.kind == QuestionKind.SINGLE:
            choice = _int(answers.get(str(question.pk)))
            if choice is not None:
                target = (question.jumps or {}).get(str(choice))
        if target == END:
            break
        i = by_position.get(_int(target), i + 1) if target is not None else i + 1
    return seen


def _check(question, value):
    """The value in its stored form, or None when unanswered; ApplicationError when invalid."""
    kind = question.kind
    invalid = ApplicationError(f"第 {question.position} 题的答案无效。", code=SurveyErrorCode.INVALID_ANSWER, fields={str(question.pk): ["答案无效。"]})
    if kind == QuestionKind.SINGLE:
        if value in (None, ""):
            return None
        choice = _int(value)
        if choice is None or not 0 <= choice < len(question.options):
            raise invalid
        return choice
    if kind == QuestionKind.MULTIPLE:
        values = value if isinstance(value, list) else ([value] if value not in (None, "") else [])
        choices = sorted({_int(v) for v in values})
        if any(c is None or not 0 <= c < len(question.options) for c in choices):
            raise invalid
        return choices or None
    if kind == QuestionKind.TEXT:
        text = str(value or "").strip()
        if len(text) > 2000:
            raise invalid
        return text or None
    if kind == QuestionKind.SCALE:
        if value in (None, ""):
            return None
        score = _int(value)
        if score is None or not question.scale_min <= score <= question.scale_max:
            raise invalid
        return score
    if kind == QuestionKind.MATRIX:
        values = value if isinstance(value, list) else []
        if not any(v not in (None, "") for v in values):
            return None
        if len(values) != len(question.rows):
            raise invalid
        scores = [_int(v) for v in values]
        if any(s is None or not question.scale_min <= s <= question.scale_max for s in scores):
            raise ApplicationError(f"第 {question.position} 题每一行都要选择。", code=SurveyErrorCode.REQUIRED, fields={str(question.pk): ["每行必选。"]})
        return scores
    raise invalid


def clean_answers(questions: Sequence, raw: dict) -> dict:
    """Answers on the path, checked and in stored form; a required question on the path left
    empty is refused; answers to skipped questions are dropped."""
    raw = {str(k): v for k, v in (raw or {}).items()}
    cleaned: dict[str, object] = {}
    for question in path(questions, raw):
        value = _check(question, raw.get(str(question.pk)))
        if value is None:
            if question.is_required:
                raise ApplicationError(f"请回答第 {question.position} 题：{question.title}", code=SurveyErrorCode.REQUIRED,
                                       fields={str(question.pk): ["必答题。"]})
            continue
        cleaned[str(question.pk)] = value
    return cleaned
