"""Writes of surveys: the builder (questions, skip logic, quotas), publishing to an audience
through the targeted push, responses (one per student, within quotas), closing."""

from __future__ import annotations

import datetime

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.audit import audit_record, snapshot
from core.errors import ApplicationError, Conflict
from tenant_apps.accounts.models import OrgUnit
from tenant_apps.employment.surveys import logic, selectors
from tenant_apps.employment.surveys.enums import CHOICE_KINDS, END, QuestionKind, SurveyStatus
from tenant_apps.employment.surveys.errors import SurveyErrorCode
from tenant_apps.employment.surveys.models import Question, Survey, SurveyQuota, SurveyResponse
from tenant_apps.employment.surveys.templates_data import TEMPLATES

SURVEY_FIELDS = ["title", "status", "audience", "max_responses", "closes_at"]


def _draft_only(survey: Survey) -> None:
    if not survey.is_draft:
        raise Conflict("问卷已发布，题目不能再修改（否则已收答卷的含义会变）。", code=SurveyErrorCode.INVALID_STATE)


@transaction.atomic
def survey_save(*, actor, title: str, description: str = "", max_responses: int | None = None, closes_at: datetime.datetime | None = None,
                survey: Survey | None = None) -> Survey:
    survey = survey or Survey(created_by=actor)
    before = snapshot(survey, SURVEY_FIELDS) if survey.pk else None
    survey.title, survey.description = (title or "").strip(), (description or "").strip()
    survey.max_responses, survey.closes_at = (max_responses or None), closes_at
    try:
        survey.full_clean(exclude=["created_by"])
    except ValidationError as exc:
        raise ApplicationError("问卷信息有误：标题必填。", fields=exc.message_dict) from exc
    survey.save()
    audit_record(actor=actor, action="survey.save", target=survey, before=before, after=snapshot(survey, SURVEY_FIELDS))
    return survey


def _check_jumps(kind: str, options: list[str], jumps: dict, position: int, last: int | None) -> dict:
    if not jumps:
        return {}
    if kind != QuestionKind.SINGLE:
        raise ApplicationError("只有单选题可以设置跳题。", code=SurveyErrorCode.INVALID_JUMP, fields={"jumps": ["只有单选题可以跳题。"]})
    cleaned = {}
    for option, target in jumps.items():
        index = int(option) if str(option).isdigit() else -1
        if not 0 <= index < len(options):
            raise ApplicationError(f"跳题设置中的选项 {int(index) + 1 if index >= 0 else option} 不存在。", code=SurveyErrorCode.INVALID_JUMP,
                                   fields={"jumps": ["选项不存在。"]})
        if target != END:
            target = int(target) if str(target).isdigit() else 0
            if target <= position:
                raise ApplicationError("只能跳到后面的题目或结束。", code=SurveyErrorCode.INVALID_JUMP, fields={"jumps": ["只能向后跳。"]})
            if last is not None and target > last:
                raise ApplicationError(f"第 {target} 题不存在。", code=SurveyErrorCode.INVALID_JUMP, fields={"jumps": ["目标题不存在。"]})
        cleaned[str(index)] = target
    return cleaned


@transaction.atomic
def question_add(*, actor, survey: Survey, kind: str, title: str, is_required: bool = True, options: list[str] | None = None,
                 rows: list[str] | None = None, scale_max: int = 5, scale_labels: str = "", jumps: dict | None = None) -> Question:
    """Add a question at the end. Jumps may point at questions not added yet; they are checked
    against the whole survey when it is published."""
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    _draft_only(survey)
    options = [o.strip()[:100] for o in options or [] if o and o.strip()]
    rows = [r.strip()[:100] for r in rows or [] if r and r.strip()]
    if kind in CHOICE_KINDS and len(options) < 2:
        raise ApplicationError("选择题至少需要 2 个选项。", code=SurveyErrorCode.INVALID_QUESTION, fields={"options": ["至少 2 个选项。"]})
    if kind == QuestionKind.MATRIX and not rows:
        raise ApplicationError("矩阵题至少需要 1 行。", code=SurveyErrorCode.INVALID_QUESTION, fields={"rows": ["至少 1 行。"]})
    position = (survey.questions.order_by("-position").values_list("position", flat=True).first() or 0) + 1
    question = Question(survey=survey, position=position, kind=kind, title=(title or "").strip(), is_required=is_required,
                        options=options if kind in CHOICE_KINDS else [], rows=rows if kind == QuestionKind.MATRIX else [],
                        scale_max=scale_max or 5, scale_labels=(scale_labels or "").strip(), jumps=_check_jumps(kind, options, jumps or {}, position, None))
    try:
        question.full_clean(exclude=["survey"])
    except ValidationError as exc:
        raise ApplicationError("题目信息有误：题型、题目必填，量表 2-10 分。", code=SurveyErrorCode.INVALID_QUESTION, fields=exc.message_dict) from exc
    question.save()
    audit_record(actor=actor, action="survey.question_add", target=survey, after={"position": position, "kind": kind, "title": question.title},
                 only_changes=False)
    return question


@transaction.atomic
def question_delete(*, actor, question: Question) -> None:
    """Delete a question; later ones move up, and jumps that pointed at it are removed."""
    survey = Survey.objects.select_for_update().get(pk=question.survey_id)
    _draft_only(survey)
    position = question.position
    question.delete()
    for later in survey.questions.filter(position__gt=position).order_by("position"):
        later.position -= 1
        later.save(update_fields=["position"])
    for other in survey.questions.exclude(jumps={}):
        jumps = {}
        for option, target in other.jumps.items():
            if target == END:
                jumps[option] = target
            elif target != position:
                jumps[option] = target - 1 if target > position else target
        other.jumps = jumps
        other.save(update_fields=["jumps"])
    audit_record(actor=actor, action="survey.question_delete", target=survey, after={"position": position}, only_changes=False)


@transaction.atomic
def quota_set(*, actor, survey: Survey, org_unit: OrgUnit, limit: int | None) -> SurveyQuota | None:
    """Set (or with no limit, remove) a college's quota."""
    if not limit:
        SurveyQuota.objects.filter(survey=survey, org_unit=org_unit).delete()
        quota = None
    else:
        quota, _ = SurveyQuota.objects.update_or_create(survey=survey, org_unit=org_unit, defaults={"limit": int(limit)})
    audit_record(actor=actor, action="survey.quota_set", target=survey, after={"org_unit": org_unit.pk, "limit": limit or None}, only_changes=False)
    return quota


def _audience(audience: dict) -> dict:
    years = [int(y) for y in audience.get("graduation_years") or [] if str(y).isdigit()]
    units = [int(u) for u in audience.get("org_unit_ids") or [] if str(u).isdigit()]
    return {key: value for key, value in (("graduation_years", years), ("org_unit_ids", units)) if value}


@transaction.atomic
def survey_publish(*, actor, survey: Survey, audience: dict | None = None, notify: bool = True) -> Survey:
    """Freeze the questions, open the survey to its audience and tell the audience: through the
    targeted push (tenant_apps.employment.push) when installed, else the messaging gateway."""
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    _draft_only(survey)
    questions = list(survey.questions.order_by("position"))
    if not questions:
        raise ApplicationError("问卷还没有题目。", code=SurveyErrorCode.INVALID_QUESTION)
    last = questions[-1].position
    for question in questions:
        _check_jumps(question.kind, question.options, question.jumps, question.position, last)
    before = snapshot(survey, SURVEY_FIELDS)
    survey.audience = _audience(audience or {})
    survey.status, survey.published_at = SurveyStatus.PUBLISHED, timezone.now()
    survey.save()
    audit_record(actor=actor, action="survey.publish", target=survey, before=before, after=snapshot(survey, SURVEY_FIELDS))
    if notify:
        survey.push_reference = _notify(actor=actor, survey=survey)
        survey.save(update_fields=["push_reference"])
    return survey


def _notify(*, actor, survey: Survey) -> str:
    link = f"/h5/employment/surveys/{survey.pk}/"
    if apps.is_installed("tenant_apps.employment.push"):
        from tenant_apps.employment.push.services import push_create

        try:
            push = push_create(actor=actor, item_kind="survey", object_id=survey.pk, filters=dict(survey.audience))
        except ApplicationError:
            return ""  # nobody reachable now; students still find it under 问卷 in the H5
        return f"push:{push.pk}"
    from tenant_apps.messaging.services import Recipient, message_send

    users = selectors.audience_users(audience=survey.audience)
    if not users:
        return ""
    message = message_send(actor=actor, subject="问卷邀请", body=f"请填写问卷“{survey.title}”，感谢你的参与。", channels=["wechat", "sms", "letter"],
                           recipients=[Recipient(user_id=u.pk, name=u.display_name, phone=u.phone, openid=u.wechat_openid) for u in users],
                           purpose="notice", source="employment_surveys.publish", link=link)
    return f"message:{message.pk}"


@transaction.atomic
def survey_close(*, actor, survey: Survey) -> Survey:
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if survey.status != SurveyStatus.PUBLISHED:
        raise Conflict("只有收集中的问卷可以结束。", code=SurveyErrorCode.INVALID_STATE)
    survey.status = SurveyStatus.CLOSED
    survey.save(update_fields=["status", "updated_at"])
    audit_record(actor=actor, action="survey.close", target=survey, after={"status": survey.status}, only_changes=False)
    return survey


@transaction.atomic
def survey_create_from_template(*, actor, code: str) -> Survey:
    """A draft copy of a ready survey (e.g. the employment-quality follow-up)."""
    template = TEMPLATES.get(code)
    if template is None:
        raise ApplicationError("问卷模板不存在。", code=SurveyErrorCode.INVALID_QUESTION)
    survey = survey_save(actor=actor, title=template["title"], description=template["description"])
    survey.template_code = code
    survey.save(update_fields=["template_code"])
    Question.objects.bulk_create([
        Question(survey=survey, position=i, kind=kind, title=title, is_required=required, options=items if kind in CHOICE_KINDS else [],
                 rows=items if kind == QuestionKind.MATRIX else [], jumps=jumps, scale_labels=labels)
        for i, (kind, title, required, items, jumps, labels) in enumerate(template["questions"], start=1)])
    return survey


# --- answering ------------------------------------------------------------------------------


@transaction.atomic
def response_submit(*, student, survey: Survey, answers: dict) -> SurveyResponse:
    """Check the answers against the skip logic, then record them, once per student and within
    the total and the college quotas. The survey row is locked so that two students cannot both
    take the last place of a quota."""
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if survey.status != SurveyStatus.PUBLISHED or (survey.closes_at and survey.closes_at <= timezone.now()):
        raise Conflict("问卷已结束。", code=SurveyErrorCode.CLOSED)
    record = selectors.student_record(student=student)
    if getattr(student, "kind", "") != "student" or not selectors.in_audience(survey=survey, record=record):
        raise ApplicationError("你不在本问卷的调查范围内。", code=SurveyErrorCode.NOT_IN_AUDIENCE, status=403)
    if SurveyResponse.objects.filter(survey=survey, student=student).exists():
        raise Conflict("你已经提交过本问卷。", code=SurveyErrorCode.ALREADY_ANSWERED)
    cleaned = logic.clean_answers(list(survey.questions.all()), answers)
    if survey.max_responses and survey.responses.count() >= survey.max_responses:
        raise Conflict("本问卷已收满，感谢你的关注。", code=SurveyErrorCode.QUOTA_FULL)
    if record is not None:
        for quota in survey.quotas.select_related("org_unit"):
            if record.org_unit.path.startswith(quota.org_unit.path):
                taken = survey.responses.filter(org_unit__path__startswith=quota.org_unit.path).count()
                if taken >= quota.limit:
                    raise Conflict(f"{quota.org_unit.name}的名额已满，感谢你的关注。", code=SurveyErrorCode.QUOTA_FULL)
    response = SurveyResponse(survey=survey, student=student, org_unit=record.org_unit if record else None,
                              college_name=selectors.college_name(record), answers=cleaned)
    try:
        with transaction.atomic():
            response.save()
    except IntegrityError:
        raise Conflict("你已经提交过本问卷。", code=SurveyErrorCode.ALREADY_ANSWERED) from None
    audit_record(actor=student, action="survey.respond", target=survey, after={"response": response.pk}, only_changes=False)
    return response
