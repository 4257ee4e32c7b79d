"""Two demo surveys with responses: the employment-quality follow-up (from the template) and a
short job-seeking needs survey. Answers are random but follow the skip logic. Idempotent,
bulk inserts."""

from __future__ import annotations

import random

from django.db import transaction
from django.utils import timezone

DEMO_SCHEMA = "demo"
RESPONSES = (160, 90)
NEEDS = [
    ("single", "你目前最需要哪方面的就业帮助？", True, ["简历修改", "面试技巧", "岗位信息", "政策咨询", "心理疏导"], {}, ""),
    ("multiple", "你希望通过哪些渠道获得招聘信息？", True, ["微信公众号", "就业网", "双选会", "宣讲会", "辅导员通知"], {}, ""),
    ("scale", "你对自己找到满意工作的信心", True, [], {}, "没有信心/非常有信心"),
    ("text", "其他想说的", False, [], {}, ""),
]


def _random_answers(questions, rng: random.Random) -> dict:
    from tenant_apps.employment.surveys import logic
    from tenant_apps.employment.surveys.enums import QuestionKind

    raw: dict[str, object] = {}
    for q in questions:
        if q.kind == QuestionKind.SINGLE:
            raw[str(q.pk)] = rng.choices(range(len(q.options)), weights=[6, 1, 2, 1, 1, 1][: len(q.options)])[0]
        elif q.kind == QuestionKind.MULTIPLE:
            raw[str(q.pk)] = rng.sample(range(len(q.options)), rng.randint(1, min(3, len(q.options))))
        elif q.kind == QuestionKind.SCALE:
            raw[str(q.pk)] = rng.choice([3, 4, 4, 5, 5, 2])
        elif q.kind == QuestionKind.MATRIX:
            raw[str(q.pk)] = [rng.choice([2, 3, 4, 4, 5]) for _ in q.rows]
        elif rng.random() < 0.3:
            raw[str(q.pk)] = rng.choice(["希望多举办行业专场招聘会。", "简历指导很有帮助。", "希望提供更多实习机会。"])
    return logic.clean_answers(questions, raw)


def seed_demo_surveys(schema_name: str, tenant_type: str) -> None:
    if schema_name != DEMO_SCHEMA or tenant_type != "university":
        return
    from tenant_apps.employment.students.models import GraduateRecord
    from tenant_apps.employment.surveys import selectors
    from tenant_apps.employment.surveys.enums import CHOICE_KINDS, QuestionKind, SurveyStatus
    from tenant_apps.employment.surveys.models import Question, Survey, SurveyResponse
    from tenant_apps.employment.surveys.services import survey_create_from_template, survey_save

    if Survey.objects.exists():
        return
    records = list(GraduateRecord.objects.filter(user__isnull=False).select_related("org_unit__parent__parent").order_by("student_number")[1:400])
    if not records:
        return
    rng = random.Random(12)
    now = timezone.now()
    with transaction.atomic():
        quality = survey_create_from_template(actor=None, code="employment_quality")
        needs = survey_save(actor=None, title="毕业生求职需求调查", description="帮助学校了解你最需要的就业服务。")
        Question.objects.bulk_create([Question(survey=needs, position=i, kind=kind, title=title, is_required=required,
                                               options=items if kind in CHOICE_KINDS else [], rows=items if kind == QuestionKind.MATRIX else [],
                                               jumps=jumps, scale_labels=labels)
                                      for i, (kind, title, required, items, jumps, labels) in enumerate(NEEDS, start=1)])
        Survey.objects.filter(pk__in=[quality.pk, needs.pk]).update(status=SurveyStatus.PUBLISHED, published_at=now)
        rows = []
        for survey, count in zip((quality, needs), RESPONSES, strict=True):
            questions = selectors.questions_of(survey)
            for record in rng.sample(records, min(count, len(records))):
                rows.append(SurveyResponse(survey=survey, student_id=record.user_id, org_unit=record.org_unit, college_name=selectors.college_name(record),
                                           answers=_random_answers(questions, rng)))
        SurveyResponse.objects.bulk_create(rows, ignore_conflicts=True)
