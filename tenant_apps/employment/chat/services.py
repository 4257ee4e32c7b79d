"""Writes of the chat (E10): start a conversation about a job, post a message (the other side
is notified through the messaging gateway when its unread count leaves zero), mark read,
report a conversation, and the school's decision on the reports."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from core.audit import audit_record
from core.errors import ApplicationError, Conflict, NotFound, PermissionDenied
from tenant_apps.accounts.enums import UserKind
from tenant_apps.employment.chat.enums import ReportReason, ReportStatus, Side
from tenant_apps.employment.chat.errors import ChatErrorCode
from tenant_apps.employment.chat.models import (
    MESSAGE_MAX,
    ChatMessage,
    Conversation,
    ConversationReport,
)
from tenant_apps.employment.chat.selectors import side_of
from tenant_apps.employment.employers.models import EmployerAccount
from tenant_apps.employment.jobs.selectors import job_public_get

STUDENT_LINK = "/h5/employment/chat/{pk}/"
EMPLOYER_LINK = "/employer/chat/{pk}/"


@transaction.atomic
def conversation_start(*, student, job_id: int) -> Conversation:
    """The student's conversation about a live job (the existing one if already started)."""
    if getattr(student, "kind", "") != UserKind.STUDENT:
        raise PermissionDenied("只有学生可以发起职位咨询。", code=ChatErrorCode.NOT_A_STUDENT)
    job = job_public_get(pk=job_id)
    if job is None:
        raise NotFound("职位不存在或已停止招聘。", code=ChatErrorCode.JOB_NOT_AVAILABLE)
    conversation, created = Conversation.objects.get_or_create(job=job, student=student, defaults={"employer": job.employer, "started_by": Side.STUDENT})
    if created:
        audit_record(actor=student, action="employment_chat.start", target=conversation, after={"job": job.pk, "employer": job.employer_id}, only_changes=False)
    return conversation


def _recipients(conversation: Conversation, side: str) -> list[int]:
    if side == Side.STUDENT:
        return [conversation.student_id]
    return list(EmployerAccount.objects.filter(employer_id=conversation.employer_id, user__is_active=True).values_list("user_id", flat=True))


def _notify(conversation: Conversation, to_side: str) -> None:
    """In-app letter always; WeChat then SMS through the gateway, which skips channels the person refused."""
    from tenant_apps.messaging.services import letter_send, message_send

    user_ids = _recipients(conversation, to_side)
    if not user_ids:
        return
    job_title = conversation.job.title
    if to_side == Side.STUDENT:
        link, title = STUDENT_LINK.format(pk=conversation.pk), f"{conversation.employer.name} 回复了您的咨询"
    else:
        link, title = EMPLOYER_LINK.format(pk=conversation.pk), "有学生咨询您的职位"
    body = f"关于职位“{job_title}”有新消息，请登录查看。"
    letter_send(recipient_user_ids=user_ids, title=title, body=body, link=link)
    message_send(actor=None, subject=title[:100], body=body, channels=["wechat", "sms"], audience={"resolver": "accounts.users", "filters": {"user_ids": user_ids}},
                 purpose="notice", source="employment_chat", link=link)


@transaction.atomic
def message_post(*, actor, conversation: Conversation, body: str) -> ChatMessage:
    side = side_of(user=actor, conversation=conversation)
    if side is None:
        raise NotFound("会话不存在。")
    body = (body or "").strip()
    if not body:
        raise ApplicationError("请输入消息内容。", code=ChatErrorCode.EMPTY_MESSAGE, fields={"body": ["必填。"]})
    if len(body) > MESSAGE_MAX:
        raise ApplicationError(f"消息不能超过 {MESSAGE_MAX} 字。", fields={"body": [f"最多 {MESSAGE_MAX} 字。"]})
    conversation = Conversation.objects.select_for_update().select_related("job", "employer").get(pk=conversation.pk)
    message = ChatMessage(conversation=conversation, sender=actor, side=side, body=body)
    message.full_clean(exclude=["conversation", "sender"])
    message.save()
    other = Side.EMPLOYER if side == Side.STUDENT else Side.STUDENT
    unread_field = f"{other}_unread"
    first_unread = getattr(conversation, unread_field) == 0
    Conversation.objects.filter(pk=conversation.pk).update(**{unread_field: F(unread_field) + 1, f"{side}_unread": 0},
                                                           last_message_at=message.created_at, last_message=body[:80])
    audit_record(actor=actor, action="employment_chat.message", target=conversation, after={"side": side, "length": len(body)}, only_changes=False)
    if first_unread:  # one notification per burst: nothing more until the other side has read
        transaction.on_commit(lambda: _notify(conversation, other))
    return message


def conversation_mark_read(*, actor, conversation: Conversation) -> None:
    side = side_of(user=actor, conversation=conversation)
    if side is None:
        raise NotFound("会话不存在。")
    Conversation.objects.filter(pk=conversation.pk).update(**{f"{side}_unread": 0})


@transaction.atomic
def conversation_report(*, actor, conversation: Conversation, reason: str, details: str = "") -> ConversationReport:
    """Send the conversation to the school's queue; teachers then read it (and only then)."""
    side = side_of(user=actor, conversation=conversation)
    if side is None:
        raise NotFound("会话不存在。")
    if reason not in ReportReason.values:
        raise ApplicationError("请选择举报原因。", fields={"reason": ["必填。"]})
    if ConversationReport.objects.filter(conversation=conversation, reporter=actor, status=ReportStatus.OPEN).exists():
        raise Conflict("您已举报该会话，学校处理后会通知您。", code=ChatErrorCode.ALREADY_REPORTED)
    report = ConversationReport(conversation=conversation, reporter=actor, side=side, reason=reason, details=(details or "").strip()[:2000])
    report.full_clean(exclude=["conversation", "reporter"])
    report.save()
    audit_record(actor=actor, action="employment_chat.report", target=conversation, after={"reason": reason, "side": side}, only_changes=False)
    return report


@transaction.atomic
def reports_resolve(*, actor, conversation: Conversation, upheld: bool, resolution: str) -> int:
    """Decide every open report of a conversation; each reporter gets an in-app letter."""
    from tenant_apps.messaging.services import letter_send

    resolution = (resolution or "").strip()
    if not resolution:
        raise ApplicationError("请填写处理结果，举报人会看到。", fields={"resolution": ["必填。"]})
    reports = list(ConversationReport.objects.select_for_update().filter(conversation=conversation, status=ReportStatus.OPEN))
    if not reports:
        raise Conflict("该会话没有待处理的举报。", code=ChatErrorCode.REPORT_CLOSED)
    ConversationReport.objects.filter(pk__in=[r.pk for r in reports]).update(
        status=ReportStatus.UPHELD if upheld else ReportStatus.DISMISSED, resolution=resolution[:500], resolved_by=actor, resolved_at=timezone.now())
    audit_record(actor=actor, action="employment_chat.reports_resolve", target=conversation, after={"upheld": upheld, "reports": len(reports)},
                 only_changes=False)
    outcome = "经核实属实，学校将依规处理该单位" if upheld else "经核实未发现违规"
    user_ids = [r.reporter_id for r in reports]
    body = f"您对职位“{conversation.job.title}”咨询会话的举报已处理：{outcome}。{resolution}"
    transaction.on_commit(lambda: letter_send(recipient_user_ids=user_ids, title="会话举报处理结果", body=body))
    return len(reports)


@transaction.atomic
def conversation_start_by_employer(*, actor, application) -> Conversation:
    """HR starts (or reopens) the conversation with an applicant about the application."""
    from tenant_apps.employment.applications.enums import ApplicationStatus
    from tenant_apps.employment.employers.selectors import employer_for_user

    employer = employer_for_user(actor)
    if employer is None or employer.pk != application.employer_id:
        raise NotFound("申请不存在。")
    if application.status == ApplicationStatus.WITHDRAWN:
        raise Conflict("学生已撤回该申请。", code=ChatErrorCode.APPLICATION_WITHDRAWN)
    conversation, created = Conversation.objects.get_or_create(
        job_id=application.job_id, student_id=application.student_id,
        defaults={"employer_id": employer.pk, "started_by": Side.EMPLOYER, "application": application})
    if not created and conversation.application_id is None:
        Conversation.objects.filter(pk=conversation.pk).update(application=application)
        conversation.application = application
    if created:
        audit_record(actor=actor, action="employment_chat.start_by_employer", target=conversation,
                     after={"application": application.pk, "job": application.job_id}, only_changes=False)
    return conversation
