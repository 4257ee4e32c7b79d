"""Writes of applications (E8): a student applies with a resume version; HR opens the resume
(each opening recorded), invites to interview, offers or rejects, one or many at a time; the
student may withdraw; the daily SLA sweep marks applications nobody answered. Every step is an
event of the student's tracker, and the student is told through the messaging gateway."""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from core.audit import audit_record, audit_record_many
from core.errors import ApplicationError, Conflict, NotFound, PermissionDenied
from core.hooks import publish
from tenant_apps.accounts.enums import UserKind
from tenant_apps.employment.applications.enums import (
    OPEN_STATUSES,
    WAITING_STATUSES,
    ApplicationStatus,
    Decision,
    EventKind,
)
from tenant_apps.employment.applications.errors import ApplicationErrorCode
from tenant_apps.employment.applications.models import (
    Application,
    ApplicationEvent,
    ApplicationSettings,
    ApplicationView,
)
from tenant_apps.employment.applications.selectors import live_application, settings_get
from tenant_apps.employment.employers.models import EmployerAccount
from tenant_apps.employment.jobs.selectors import job_public_get
from tenant_apps.employment.resumes.enums import ResumeStatus
from tenant_apps.employment.resumes.models import Resume, ResumeAttachment

STUDENT_LINK = "/h5/employment/applications/{pk}/"
EMPLOYER_LINK = "/employer/applications/{pk}/"
MAX_BULK = 200


def _changed(applications: list[Application]) -> None:
    for application in applications:
        publish("employment.application_changed", application_id=application.pk, fair_id=application.fair_id, status=application.status)


def _tell_students(groups: dict[tuple[str, str, str], list[int]]) -> None:
    """{(title, body, link): [student ids]}: an in-app letter and WeChat (else SMS) per group."""
    from tenant_apps.messaging.services import letter_send, message_send

    for (title, body, link), user_ids in groups.items():
        letter_send(recipient_user_ids=user_ids, title=title, body=body, link=link)
        message_send(actor=None, subject=title[:100], body=body, channels=["wechat", "sms"],
                     audience={"resolver": "accounts.users", "filters": {"user_ids": user_ids}},
                     purpose="notice", source="employment_applications", link=link)


def _tell_employer(application: Application) -> None:
    from tenant_apps.messaging.services import letter_send

    user_ids = list(EmployerAccount.objects.filter(employer_id=application.employer_id, user__is_active=True).values_list("user_id", flat=True))
    if user_ids:
        letter_send(recipient_user_ids=user_ids, title="收到新的职位申请", body=f"有学生投递了职位“{application.job.title}”，请及时处理。",
                    link=EMPLOYER_LINK.format(pk=application.pk))


@transaction.atomic
def application_submit(*, actor, job_id: int, resume_id: int | None = None, attachment_id: int | None = None, cover_note: str = "",
                       fair_id: int | None = None) -> Application:
    """Deliver the student's resume (its current version, frozen) to a live job."""
    if getattr(actor, "kind", "") != UserKind.STUDENT:
        raise PermissionDenied("只有学生可以投递简历。", code=ApplicationErrorCode.NOT_A_STUDENT)
    job = job_public_get(pk=job_id)
    if job is None:
        raise NotFound("职位不存在或已停止招聘。", code=ApplicationErrorCode.JOB_NOT_AVAILABLE)
    resumes = Resume.objects.select_related("current_version").filter(student_id=actor.pk)
    resume = resumes.filter(pk=resume_id).first() if resume_id else resumes.order_by("-is_default", "-updated_at").first()
    if resume is None or resume.current_version is None:
        raise ApplicationError("请先填写简历再投递。", code=ApplicationErrorCode.RESUME_REQUIRED, fields={"resume": ["必填。"]})
    if resume.status != ResumeStatus.COMPLETE:
        raise ApplicationError("简历尚未完善（教育经历、技能特长、自我评价为必填），请补充后再投递。", code=ApplicationErrorCode.RESUME_INCOMPLETE,
                               fields={"resume": ["简历未完善。"]})
    attachment = None
    if attachment_id:
        attachment = ResumeAttachment.objects.filter(pk=attachment_id, resume__student_id=actor.pk).first()
        if attachment is None:
            raise ApplicationError("附件不存在。", fields={"attachment": ["附件不存在。"]})
    if live_application(student=actor, job_id=job.pk) is not None:
        raise Conflict("您已投递过该职位。", code=ApplicationErrorCode.ALREADY_APPLIED)
    application = Application(student=actor, job=job, employer_id=job.employer_id, resume=resume, resume_version=resume.current_version,
                              attachment=attachment, cover_note=(cover_note or "").strip()[:300], fair_id=fair_id)
    application.full_clean(exclude=["student", "job", "employer", "resume", "resume_version", "attachment"], validate_constraints=False)
    try:
        with transaction.atomic():  # a double click that slipped past the check meets the unique constraint
            application.save()
    except IntegrityError:
        raise Conflict("您已投递过该职位。", code=ApplicationErrorCode.ALREADY_APPLIED) from None
    ApplicationEvent.objects.create(application=application, kind=EventKind.SUBMITTED, actor=actor,
                                    details={"job": job.title, "resume": resume.title, "version": resume.current_version.number})
    audit_record(actor=actor, action="employment_applications.submit", target=application,
                 after={"job": job.pk, "resume_version": resume.current_version_id, "fair_id": fair_id}, only_changes=False)
    transaction.on_commit(lambda: (_tell_employer(application), _changed([application])))
    return application


@transaction.atomic
def application_withdraw(*, actor, application: Application) -> Application:
    application = Application.objects.select_for_update().get(pk=application.pk, student_id=actor.pk)
    if application.status not in OPEN_STATUSES:
        raise Conflict("该申请已结束，不能撤回。", code=ApplicationErrorCode.WRONG_STATE)
    application.status = ApplicationStatus.WITHDRAWN
    application.save(update_fields=["status", "updated_at"])
    ApplicationEvent.objects.create(application=application, kind=EventKind.WITHDRAWN, actor=actor)
    audit_record(actor=actor, action="employment_applications.withdraw", target=application, only_changes=False)
    transaction.on_commit(lambda: _changed([application]))
    return application


@transaction.atomic
def application_open(*, actor, application: Application) -> ApplicationView:
    """HR opens the resume: every opening is recorded; the first one shows on the tracker."""
    ApplicationView.objects.create(application=application, viewer=actor)
    now = timezone.now()
    updated = Application.objects.filter(pk=application.pk, first_viewed_at__isnull=True).update(first_viewed_at=now)
    if updated:
        Application.objects.filter(pk=application.pk, status=ApplicationStatus.SUBMITTED).update(status=ApplicationStatus.VIEWED, updated_at=now)
        ApplicationEvent.objects.create(application=application, kind=EventKind.VIEWED, actor=actor)
        application.refresh_from_db()
        transaction.on_commit(lambda: _changed([application]))
    audit_record(actor=actor, action="employment_applications.open_resume", target=application, only_changes=False)
    return ApplicationView.objects.filter(application=application).order_by("-id").first()


def _interview_details(interview_at, place: str, link: str) -> dict:
    errors = {}
    if interview_at is None:
        errors["interview_at"] = ["请填写面试时间。"]
    elif interview_at < timezone.now():
        errors["interview_at"] = ["面试时间不能早于现在。"]
    if not (place or "").strip() and not (link or "").strip():
        errors["interview_place"] = ["请填写面试地点或线上面试链接。"]
    if link and not str(link).startswith(("https://", "http://")):
        errors["interview_link"] = ["请填写以 https:// 开头的链接。"]
    if errors:
        raise ApplicationError("请完整填写面试安排。", code=ApplicationErrorCode.INTERVIEW_DETAILS, fields=errors)
    return {"interview_at": interview_at.isoformat(), "place": (place or "").strip()[:200], "link": (link or "").strip()[:200]}


DECISION_STATUS = {Decision.INTERVIEW: ApplicationStatus.INTERVIEW, Decision.OFFER: ApplicationStatus.OFFERED, Decision.REJECT: ApplicationStatus.REJECTED}
DECISION_EVENT = {Decision.INTERVIEW: EventKind.INTERVIEW, Decision.OFFER: EventKind.OFFERED, Decision.REJECT: EventKind.REJECTED}


def _message(decision: str, application: Application, details: dict, note: str) -> tuple[str, str, str]:
    employer, job = application.employer.name, application.job.title
    link = STUDENT_LINK.format(pk=application.pk)
    if decision == Decision.INTERVIEW:
        when = timezone.localtime(datetime.datetime.fromisoformat(details["interview_at"])).strftime("%m月%d日 %H:%M")
        where = "；".join(p for p in (details["place"], f"线上：{details['link']}" if details["link"] else "") if p)
        body = f"{employer}邀请您参加“{job}”面试：{when}，{where}。{note}"
        return f"{employer}邀请您面试", body, link
    if decision == Decision.OFFER:
        return f"{employer}向您发出录用通知", f"恭喜！您申请的“{job}”已被录用。{note}", link
    return "职位申请结果通知", f"很遗憾，您申请的“{job}”未通过筛选。{note}", link


@transaction.atomic
def applications_decide(*, actor, employer, application_ids: list[int], decision: str, interview_at=None, interview_place: str = "",
                        interview_link: str = "", note: str = "") -> int:
    """HR's step on one or many of its applications. Applications already finished or not the
    employer's are skipped; the number changed is returned."""
    if decision not in Decision.values:
        raise ApplicationError("请选择操作。", fields={"decision": ["必填。"]})
    ids = sorted({int(i) for i in application_ids})[:MAX_BULK]
    if not ids:
        raise ApplicationError("请至少选择一份申请。", code=ApplicationErrorCode.NOTHING_SELECTED)
    details = _interview_details(interview_at, interview_place, interview_link) if decision == Decision.INTERVIEW else {}
    note = (note or "").strip()[:500]
    rows = list(Application.objects.select_for_update(of=("self",)).select_related("job", "employer")
                .filter(pk__in=ids, employer_id=employer.pk, status__in=OPEN_STATUSES).order_by("pk"))
    if not rows:
        raise Conflict("所选申请已处理或已撤回。", code=ApplicationErrorCode.WRONG_STATE)
    now = timezone.now()
    status = DECISION_STATUS[decision]
    events, messages = [], {}
    for application in rows:
        application.status = status
        application.updated_at = now
        application.employer_note = note
        application.first_action_at = application.first_action_at or now
        if decision == Decision.INTERVIEW:
            application.interview_at, application.interview_place, application.interview_link = interview_at, details["place"], details["link"]
            application.interview_invited = True
        events.append(ApplicationEvent(application=application, kind=DECISION_EVENT[decision], actor=actor, details={**details, "note": note}))
        messages.setdefault(_message(decision, application, details, note), []).append(application.student_id)
    Application.objects.bulk_update(rows, ["status", "employer_note", "first_action_at", "interview_at", "interview_place", "interview_link",
                                           "interview_invited", "updated_at"])
    ApplicationEvent.objects.bulk_create(events)
    audit_record_many(actor=actor, action=f"employment_applications.{decision}", targets=rows, after={"status": status, **details})
    transaction.on_commit(lambda: (_tell_students(messages), _changed(rows)))
    return len(rows)


@transaction.atomic
def applications_mark_no_response(*, now: datetime.datetime | None = None) -> int:
    """The SLA sweep: applications still waiting N days (the school's setting) after delivery
    become "no response" and their students are told. Running it twice changes nothing twice."""
    now = now or timezone.now()
    days = settings_get().no_response_days
    rows = list(Application.objects.select_for_update(skip_locked=True, of=("self",)).select_related("job", "employer")
                .filter(status__in=WAITING_STATUSES, submitted_at__lte=now - datetime.timedelta(days=days)).order_by("pk")[:5000])
    if not rows:
        return 0
    Application.objects.filter(pk__in=[a.pk for a in rows]).update(status=ApplicationStatus.NO_RESPONSE, updated_at=now)
    ApplicationEvent.objects.bulk_create([ApplicationEvent(application=a, kind=EventKind.NO_RESPONSE, details={"days": days}) for a in rows])
    audit_record_many(actor=None, action="employment_applications.no_response", targets=rows, after={"days": days})
    messages: dict[tuple[str, str, str], list[int]] = {}
    for application in rows:
        application.status = ApplicationStatus.NO_RESPONSE
        key = ("职位申请暂未获回复", f"您投递的“{application.job.title}”（{application.employer.name}）已 {days} 天未获处理，建议同时关注其他职位。",
               STUDENT_LINK.format(pk=application.pk))
        messages.setdefault(key, []).append(application.student_id)
    transaction.on_commit(lambda: (_tell_students(messages), _changed(rows)))
    return len(rows)


@transaction.atomic
def settings_save(*, actor, no_response_days: int) -> ApplicationSettings:
    settings = ApplicationSettings.objects.select_for_update().order_by("pk").first() or ApplicationSettings()
    before = {"no_response_days": settings.no_response_days}
    settings.no_response_days = no_response_days
    settings.full_clean()
    settings.save()
    audit_record(actor=actor, action="employment_applications.settings", target=settings, before=before, after={"no_response_days": no_response_days})
    return settings
