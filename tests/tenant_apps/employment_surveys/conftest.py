"""Fixtures for surveys: a published survey with skip logic, graduates of two colleges."""

from __future__ import annotations

from tests.tenant_apps.employment_employers.conftest import in_alpha, staff_with  # noqa: F401
from tests.tenant_apps.employment_students.conftest import make_cohort  # noqa: F401


def build_survey(actor, *, publish: bool = True, audience: dict | None = None, max_responses: int | None = None):
    """1 single (option 2 "未就业" jumps to 4), 2 scale, 3 matrix, 4 multiple, 5 text (optional)."""
    from tenant_apps.employment.surveys.services import question_add, survey_publish, survey_save

    survey = survey_save(actor=actor, title="跟踪调查", max_responses=max_responses)
    q1 = question_add(actor=actor, survey=survey, kind="single", title="现状", options=["已就业", "升学", "未就业"], jumps={"2": 4, "1": "end"})
    q2 = question_add(actor=actor, survey=survey, kind="scale", title="专业相关度", scale_max=5)
    q3 = question_add(actor=actor, survey=survey, kind="matrix", title="满意度", rows=["薪酬", "环境"], scale_max=5)
    q4 = question_add(actor=actor, survey=survey, kind="multiple", title="需要的帮助", options=["简历", "面试", "信息"])
    q5 = question_add(actor=actor, survey=survey, kind="text", title="建议", is_required=False)
    if publish:
        survey = survey_publish(actor=actor, survey=survey, audience=audience or {}, notify=False)
    return survey, [q1, q2, q3, q4, q5]
