"""Skip logic and quotas."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from core.errors import ApplicationError
from tests.tenant_apps.employment_surveys.conftest import build_survey, make_cohort

pytestmark = pytest.mark.django_db


def test_path_follows_jumps(in_alpha):
    from tenant_apps.employment.surveys.logic import path

    survey, (q1, q2, q3, q4, q5) = build_survey(in_alpha, publish=False)
    questions = [q1, q2, q3, q4, q5]
    assert path(questions, {}) == questions
    assert path(questions, {str(q1.pk): 0}) == questions
    assert path(questions, {str(q1.pk): 2}) == [q1, q4, q5]  # 未就业 jumps over 2 and 3
    assert path(questions, {str(q1.pk): 1}) == [q1]  # 升学 ends the survey


def test_skipped_required_questions_are_not_required_and_their_answers_are_dropped(in_alpha):
    from tenant_apps.employment.surveys.services import response_submit

    survey, (q1, q2, q3, q4, q5) = build_survey(in_alpha)
    record = make_cohort(in_alpha, 1)[0]
    response = response_submit(student=record.user, survey=survey, answers={str(q1.pk): "2", str(q2.pk): "5", str(q4.pk): ["0", "2"]})
    assert response.answers == {str(q1.pk): 2, str(q4.pk): [0, 2]}  # q2 was skipped: its answer is not kept


def test_required_question_on_the_path_is_refused_when_empty(in_alpha):
    from tenant_apps.employment.surveys.services import response_submit

    survey, (q1, q2, q3, q4, q5) = build_survey(in_alpha)
    record = make_cohort(in_alpha, 1)[0]
    with pytest.raises(ApplicationError) as error:
        response_submit(student=record.user, survey=survey, answers={str(q1.pk): "0", str(q2.pk): "4", str(q3.pk): ["5", ""], str(q4.pk): ["1"]})
    assert error.value.code == "required_question_unanswered"
    with pytest.raises(ApplicationError) as error:
        response_submit(student=record.user, survey=survey, answers={str(q1.pk): "0", str(q2.pk): "9"})
    assert error.value.code == "invalid_answer"
    answers = {str(q1.pk): "0", str(q2.pk): "4", str(q3.pk): ["5", "3"], str(q4.pk): ["1"], str(q5.pk): "  多办招聘会 "}
    assert response_submit(student=record.user, survey=survey, answers=answers).answers[str(q5.pk)] == "多办招聘会"


def test_jumps_only_forward_and_only_on_single_choice(in_alpha):
    from tenant_apps.employment.surveys.services import question_add, survey_publish, survey_save

    survey = survey_save(actor=in_alpha, title="t")
    question_add(actor=in_alpha, survey=survey, kind="single", title="a", options=["x", "y"])
    with pytest.raises(ApplicationError) as error:
        question_add(actor=in_alpha, survey=survey, kind="single", title="b", options=["x", "y"], jumps={"0": 1})
    assert error.value.code == "invalid_skip_logic"
    with pytest.raises(ApplicationError):
        question_add(actor=in_alpha, survey=survey, kind="multiple", title="c", options=["x", "y"], jumps={"0": 5})
    question_add(actor=in_alpha, survey=survey, kind="single", title="d", options=["x", "y"], jumps={"0": 9})
    with pytest.raises(ApplicationError):  # question 9 does not exist when publishing
        survey_publish(actor=in_alpha, survey=survey, notify=False)


def test_one_response_per_student_is_enforced_by_the_database(in_alpha):
    from tenant_apps.employment.surveys.models import SurveyResponse
    from tenant_apps.employment.surveys.services import response_submit

    survey, (q1, *_rest) = build_survey(in_alpha)
    record = make_cohort(in_alpha, 1)[0]
    response_submit(student=record.user, survey=survey, answers={str(q1.pk): "1"})
    with pytest.raises(ApplicationError) as error:
        response_submit(student=record.user, survey=survey, answers={str(q1.pk): "1"})
    assert error.value.code == "survey_already_answered"
    with pytest.raises(IntegrityError), transaction.atomic():
        SurveyResponse.objects.create(survey=survey, student=record.user, answers={})


def test_total_and_college_quotas(in_alpha):
    from tenant_apps.employment.surveys.services import quota_set, response_submit, survey_save

    survey, (q1, *_rest) = build_survey(in_alpha, max_responses=3)
    computing = make_cohort(in_alpha, 3, college="计算机学院", class_name="计科2301")
    languages = make_cohort(in_alpha, 2, college="外国语学院", class_name="英语2301", major="英语")
    college = computing[0].org_unit.parent.parent
    quota_set(actor=in_alpha, survey=survey, org_unit=college, limit=2)
    answer = {str(q1.pk): "1"}
    response_submit(student=computing[0].user, survey=survey, answers=answer)
    response_submit(student=computing[1].user, survey=survey, answers=answer)
    with pytest.raises(ApplicationError) as error:
        response_submit(student=computing[2].user, survey=survey, answers=answer)
    assert error.value.code == "survey_quota_full" and "计算机学院" in error.value.message
    response_submit(student=languages[0].user, survey=survey, answers=answer)  # the third and last place overall
    with pytest.raises(ApplicationError) as error:
        response_submit(student=languages[1].user, survey=survey, answers=answer)
    assert error.value.code == "survey_quota_full"
    survey_save(actor=in_alpha, survey=survey, title=survey.title, max_responses=None)
    response_submit(student=languages[1].user, survey=survey, answers=answer)


def test_audience_and_closing(in_alpha):
    from tenant_apps.employment.surveys.services import response_submit, survey_close

    inside = make_cohort(in_alpha, 1, college="计算机学院", class_name="计科2302")[0]
    outside = make_cohort(in_alpha, 1, college="外国语学院", class_name="英语2302", major="英语")[0]
    college = inside.org_unit.parent.parent
    survey, (q1, *_rest) = build_survey(in_alpha, audience={"org_unit_ids": [college.pk]})
    with pytest.raises(ApplicationError) as error:
        response_submit(student=outside.user, survey=survey, answers={str(q1.pk): "1"})
    assert error.value.code == "not_in_survey_audience"
    survey_close(actor=in_alpha, survey=survey)
    with pytest.raises(ApplicationError) as error:
        response_submit(student=inside.user, survey=survey, answers={str(q1.pk): "1"})
    assert error.value.code == "survey_closed"


def test_template_and_results_with_crosstab(in_alpha):
    from tenant_apps.employment.surveys import selectors
    from tenant_apps.employment.surveys.services import (
        response_submit,
        survey_create_from_template,
        survey_publish,
    )

    survey = survey_create_from_template(actor=in_alpha, code="employment_quality")
    questions = selectors.questions_of(survey)
    assert len(questions) == 10 and questions[0].jumps == {"2": 9, "3": 9, "4": 8}
    survey_publish(actor=in_alpha, survey=survey, notify=False)
    first, second = make_cohort(in_alpha, 1, college="计算机学院", class_name="计科2303")[0], make_cohort(in_alpha, 1, college="外国语学院",
                                                                                                      class_name="英语2303", major="英语")[0]
    q = {question.position: str(question.pk) for question in questions}
    response_submit(student=first.user, survey=survey, answers={q[1]: "4", q[8]: ["0", "1"], q[9]: "4"})  # 待就业: 1 -> 8 -> 9 -> 10
    response_submit(student=second.user, survey=survey, answers={q[1]: "2", q[9]: "5"})  # 升学: 1 -> 9
    total, items = selectors.results(survey=survey)
    assert total == 2 and items[0].counts == [0, 0, 1, 0, 1] and items[8].average == 4.5
    labels, rows = selectors.crosstab(survey=survey, question=questions[0])
    assert labels[4] == "待就业" and {(college, tuple(counts)) for college, counts, _ in rows} == {
        ("计算机学院", (0, 0, 0, 0, 1)), ("外国语学院", (0, 0, 1, 0, 0))}
    rows = list(selectors.export_rows(survey=survey))
    assert len(rows) == 3 and "待就业" in rows[1] + rows[2]
