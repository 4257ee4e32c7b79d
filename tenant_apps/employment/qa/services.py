"""Writes of Q&A and advising: asking, answering as a chat (student, teacher or the asked
employer's HR), closing, promoting an answer to the FAQ; publishing advising slots, booking
and cancelling within capacity (the database holds it), recording attendance with private
notes, and the reminder before each appointment."""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from core.audit import audit_record, snapshot
from core.errors import ApplicationError, Conflict, PermissionDenied
from tenant_apps.employment.employers.selectors import employer_for_user, employer_public_get
from tenant_apps.employment.qa.enums import (
    AdvisingKind,
    BookingStatus,
    MessageSide,
    QuestionCategory,
    QuestionStatus,
)
from tenant_apps.employment.qa.errors import QAErrorCode
from tenant_apps.employment.qa.models import (
    AdvisingBooking,
    AdvisingSlot,
    FaqEntry,
    Question,
    QuestionMessage,
)

ASKERS = ("student", "alumnus")
ANSWER_PERMISSION = "employment_qa.answer_question"
REMINDER_HOURS = 24
MAX_SLOTS_AT_ONCE = 20


def _body(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ApplicationError("请输入内容。", fields={"body": ["必填。"]})
    if len(text) > 2000:
        raise ApplicationError("内容不能超过 2000 字。", fields={"body": ["过长。"]})
    return text


def side_of(*, user, question: Question) -> str | None:
    """How `user` takes part in `question`: the asking student, a teacher who may answer, the
    asked employer's HR; None for anybody else."""
    if user.pk == question.student_id:
        return MessageSide.STUDENT
    if getattr(user, "kind", "") == "employer":
        employer = employer_for_user(user)
        return MessageSide.EMPLOYER if employer is not None and employer.pk == question.employer_id else None
    if user.has_perm(ANSWER_PERMISSION):
        return MessageSide.TEACHER
    return None


def _notify_student(question: Question, text: str) -> None:
    from tenant_apps.messaging.services import Recipient, message_send

    student = question.student
    recipient = Recipient(user_id=student.pk, name=student.display_name, phone=student.phone, openid=student.wechat_openid)
    link = f"/h5/employment/qa/{question.pk}/"
    transaction.on_commit(lambda: message_send(actor=None, subject="您的提问有了新回复", body=text, channels=["wechat", "letter"], recipients=[recipient],
                                               purpose="notice", source="employment_qa.answer", link=link))


@transaction.atomic
def question_ask(*, student, title: str, body: str, category: str = QuestionCategory.JOB_SEARCH, employer_id: int | None = None) -> Question:
    """Ask the school's teachers, or (with `employer_id`) one approved employer's HR."""
    if getattr(student, "kind", "") not in ASKERS:
        raise PermissionDenied("只有学生可以提问。")
    title = (title or "").strip()
    if not title or len(title) > 200:
        raise ApplicationError("请用一句话概括问题（不超过 200 字）。", fields={"title": ["必填。"]})
    if category not in QuestionCategory.values:
        raise ApplicationError("请选择问题分类。", fields={"category": ["无效。"]})
    employer = employer_public_get(pk=employer_id) if employer_id else None
    if employer_id and employer is None:
        raise ApplicationError("该单位暂不接受提问。", fields={"employer": ["无效。"]})
    text = _body(body)
    now = timezone.now()
    question = Question.objects.create(student=student, employer=employer, category=category, title=title, last_message_at=now)
    QuestionMessage.objects.create(question=question, author=student, side=MessageSide.STUDENT, body=text)
    audit_record(actor=student, action="qa.ask", target=question, after={"category": category, "employer": getattr(employer, "pk", None)}, only_changes=False)
    return question


@transaction.atomic
def message_post(*, actor, question: Question, body: str) -> QuestionMessage:
    question = Question.objects.select_for_update().select_related("student").get(pk=question.pk)
    side = side_of(user=actor, question=question)
    if side is None:
        raise PermissionDenied("您不能回复这个问题。", code=QAErrorCode.NOT_PARTICIPANT)
    if question.status == QuestionStatus.CLOSED:
        raise Conflict("问题已关闭。如有新问题请重新提问。", code=QAErrorCode.CLOSED)
    message = QuestionMessage.objects.create(question=question, author=actor, side=side, body=_body(body))
    question.last_message_at = message.created_at
    if side == MessageSide.STUDENT:
        question.status = QuestionStatus.OPEN
    else:
        question.status, question.student_unread = QuestionStatus.ANSWERED, True
        who = question.employer.name if side == MessageSide.EMPLOYER and question.employer else "就业指导老师"
        _notify_student(question, f"{who}回复了您的问题“{question.title[:40]}”：{message.body[:60]}")
    question.save(update_fields=["last_message_at", "status", "student_unread"])
    audit_record(actor=actor, action="qa.message", target=question, after={"side": side, "message": message.pk}, only_changes=False)
    return message


def question_mark_read(*, student, question: Question) -> None:
    if question.student_id == student.pk and question.student_unread:
        Question.objects.filter(pk=question.pk).update(student_unread=False)


@transaction.atomic
def question_close(*, actor, question: Question) -> Question:
    if side_of(user=actor, question=question) not in (MessageSide.STUDENT, MessageSide.TEACHER):
        raise PermissionDenied("只有提问学生或老师可以关闭问题。", code=QAErrorCode.NOT_PARTICIPANT)
    Question.objects.filter(pk=question.pk).update(status=QuestionStatus.CLOSED)
    question.status = QuestionStatus.CLOSED
    audit_record(actor=actor, action="qa.close", target=question, after={"status": question.status}, only_changes=False)
    return question


# --- FAQ ------------------------------------------------------------------------------------


def _faq_check(question: str, answer: str, category: str) -> tuple[str, str]:
    question, answer = (question or "").strip(), (answer or "").strip()
    if not question or len(question) > 300 or not answer or len(answer) > 5000:
        raise ApplicationError("问题（300 字内）和回答（5000 字内）都必填。", fields={"question": ["必填。"], "answer": ["必填。"]})
    if category not in QuestionCategory.values:
        raise ApplicationError("请选择分类。", fields={"category": ["无效。"]})
    return question, answer


@transaction.atomic
def faq_promote(*, actor, message: QuestionMessage, question_text: str = "", answer_text: str = "", category: str = "") -> FaqEntry:
    """Make an answer a public FAQ entry. The texts are copied (and may be edited to remove
    anything personal); the student's name never goes with them."""
    if message.side == MessageSide.STUDENT:
        raise ApplicationError("只能把老师或单位的回答设为常见问题。")
    category = category or message.question.category
    question, answer = _faq_check(question_text or message.question.title, answer_text or message.body, category)
    entry = FaqEntry.objects.create(category=category, question=question, answer=answer, source_message=message, created_by=actor)
    audit_record(actor=actor, action="qa.faq_promote", target=entry, after={"message": message.pk}, only_changes=False)
    return entry


@transaction.atomic
def faq_save(*, actor, question: str, answer: str, category: str, is_published: bool = True, sort_order: int = 100,
             entry: FaqEntry | None = None) -> FaqEntry:
    entry = entry or FaqEntry(created_by=actor)
    before = snapshot(entry, ["question", "category", "is_published"]) if entry.pk else None
    entry.question, entry.answer = _faq_check(question, answer, category)
    entry.category, entry.is_published, entry.sort_order = category, is_published, max(0, int(sort_order))
    entry.save()
    audit_record(actor=actor, action="qa.faq_save", target=entry, before=before, after=snapshot(entry, ["question", "category", "is_published"]))
    return entry


@transaction.atomic
def faq_delete(*, actor, entry: FaqEntry) -> None:
    audit_record(actor=actor, action="qa.faq_delete", target=entry, before=snapshot(entry, ["question", "category"]), only_changes=False)
    entry.delete()


# --- advising -------------------------------------------------------------------------------


@transaction.atomic
def slots_publish(*, actor, advisor, kind: str, start: datetime.datetime, minutes: int, count: int = 1, capacity: int = 1,
                  location: str = "", online_link: str = "", note: str = "") -> list[AdvisingSlot]:
    """Publish `count` consecutive slots of `minutes` from `start`. An advisor's slots never
    overlap (the database refuses it, also for two requests at once)."""
    if kind not in AdvisingKind.values:
        raise ApplicationError("请选择咨询类型。", fields={"kind": ["无效。"]})
    if start is None or start <= timezone.now():
        raise ApplicationError("开始时间应晚于现在。", code=QAErrorCode.SLOT_PAST, fields={"start": ["时间已过。"]})
    if not 10 <= minutes <= 240 or not 1 <= count <= MAX_SLOTS_AT_ONCE or not 1 <= capacity <= 50:
        raise ApplicationError(f"每段 10–240 分钟，一次最多 {MAX_SLOTS_AT_ONCE} 段，每段 1–50 人。", fields={"minutes": ["超出范围。"]})
    if not (location or "").strip() and not (online_link or "").strip():
        raise ApplicationError("请填写地点或线上链接。", fields={"location": ["必填其一。"]})
    slots = []
    for index in range(count):
        begin = start + datetime.timedelta(minutes=minutes * index)
        slot = AdvisingSlot(advisor=advisor, kind=kind, starts_at=begin, ends_at=begin + datetime.timedelta(minutes=minutes), capacity=capacity,
                            location=(location or "").strip()[:200], online_link=(online_link or "").strip(), note=(note or "").strip()[:300])
        slot.full_clean(exclude=["advisor"], validate_constraints=False)
        try:
            with transaction.atomic():
                slot.save()
        except IntegrityError:
            raise Conflict(f"{timezone.localtime(begin):%m-%d %H:%M} 与该老师已发布的时段重叠。", code=QAErrorCode.SLOT_OVERLAP,
                           fields={"start": ["时段重叠。"]}) from None
        slots.append(slot)
    audit_record(actor=actor, action="advising.publish", target=slots[0], after={"kind": kind, "count": count, "advisor": advisor.pk}, only_changes=False)
    return slots


@transaction.atomic
def slot_cancel(*, actor, slot: AdvisingSlot, reason: str = "") -> AdvisingSlot:
    slot = AdvisingSlot.objects.select_for_update().get(pk=slot.pk)
    if slot.is_cancelled:
        return slot
    student_ids = list(slot.bookings.filter(status=BookingStatus.BOOKED).values_list("student_id", flat=True))
    slot.bookings.filter(status=BookingStatus.BOOKED).update(status=BookingStatus.CANCELLED, cancelled_at=timezone.now())
    slot.is_cancelled, slot.booked_count = True, 0
    slot.save(update_fields=["is_cancelled", "booked_count"])
    audit_record(actor=actor, action="advising.slot_cancel", target=slot, after={"bookings": len(student_ids), "reason": reason[:200]}, only_changes=False)
    if student_ids:
        from tenant_apps.messaging.services import letter_send

        text = f"您预约的{slot.get_kind_display()}（{timezone.localtime(slot.starts_at):%m月%d日 %H:%M}）已取消。{reason}".strip()
        transaction.on_commit(lambda: letter_send(recipient_user_ids=student_ids, title="咨询预约取消", body=text, link="/h5/employment/qa/advising/"))
    return slot


@transaction.atomic
def booking_create(*, student, slot: AdvisingSlot, topic: str = "") -> AdvisingBooking:
    """Take a seat: one conditional UPDATE of the slot's count (refused when full, cancelled or
    started), with the database's check constraint behind it."""
    if getattr(student, "kind", "") not in ASKERS:
        raise PermissionDenied("只有学生可以预约。")
    taken = AdvisingSlot.objects.filter(pk=slot.pk, is_cancelled=False, starts_at__gt=timezone.now(), booked_count__lt=F("capacity")).update(
        booked_count=F("booked_count") + 1)
    if not taken:
        slot.refresh_from_db()
        if slot.is_cancelled or slot.starts_at <= timezone.now():
            raise Conflict("该时段已不可预约。", code=QAErrorCode.SLOT_PAST)
        raise Conflict("该时段已约满，请选择其他时段。", code=QAErrorCode.SLOT_FULL)
    try:
        with transaction.atomic():
            booking = AdvisingBooking.objects.create(slot=slot, student=student, topic=(topic or "").strip()[:500])
    except IntegrityError:
        raise Conflict("您已预约该时段。", code=QAErrorCode.ALREADY_BOOKED) from None
    audit_record(actor=student, action="advising.book", target=booking, after={"slot": slot.pk}, only_changes=False)
    return booking


@transaction.atomic
def booking_cancel(*, student, booking: AdvisingBooking) -> AdvisingBooking:
    booking = AdvisingBooking.objects.select_for_update().select_related("slot").get(pk=booking.pk)
    if booking.student_id != student.pk:
        raise PermissionDenied("只能取消自己的预约。")
    if booking.status != BookingStatus.BOOKED:
        raise Conflict("该预约当前不能取消。", code=QAErrorCode.INVALID_STATE)
    if booking.slot.starts_at <= timezone.now():
        raise Conflict("咨询已开始，不能取消。", code=QAErrorCode.TOO_LATE)
    booking.status, booking.cancelled_at = BookingStatus.CANCELLED, timezone.now()
    booking.save(update_fields=["status", "cancelled_at"])
    AdvisingSlot.objects.filter(pk=booking.slot_id, booked_count__gt=0).update(booked_count=F("booked_count") - 1)
    audit_record(actor=student, action="advising.cancel", target=booking, after={"slot": booking.slot_id}, only_changes=False)
    return booking


@transaction.atomic
def booking_record(*, actor, booking: AdvisingBooking, attended: bool, note: str = "") -> AdvisingBooking:
    """After the meeting: attended or no-show, and a private note only staff can read."""
    booking = AdvisingBooking.objects.select_for_update().select_related("slot").get(pk=booking.pk)
    if booking.status == BookingStatus.CANCELLED:
        raise Conflict("已取消的预约不能记录。", code=QAErrorCode.INVALID_STATE)
    if booking.slot.starts_at > timezone.now():
        raise Conflict("咨询开始后才能记录到场情况。", code=QAErrorCode.INVALID_STATE)
    before = {"status": booking.status}
    booking.status = BookingStatus.ATTENDED if attended else BookingStatus.NO_SHOW
    booking.private_note, booking.recorded_by = (note or "").strip()[:5000], actor
    booking.save(update_fields=["status", "private_note", "recorded_by"])
    audit_record(actor=actor, action="advising.record", target=booking, before=before, after={"status": booking.status, "note": bool(booking.private_note)})
    return booking


def reminders_send_due(*, now: datetime.datetime | None = None) -> int:
    """Remind students of appointments starting within 24 h, once each (the periodic task),
    through the messaging gateway: WeChat first, then SMS, then an in-app letter."""
    from tenant_apps.messaging.services import Recipient, message_send

    now = now or timezone.now()
    sent = 0
    with transaction.atomic():
        due = list(AdvisingBooking.objects.select_for_update(skip_locked=True, of=("self",)).select_related("student", "slot")
                   .filter(status=BookingStatus.BOOKED, reminded_at__isnull=True, slot__is_cancelled=False, slot__starts_at__gt=now,
                           slot__starts_at__lte=now + datetime.timedelta(hours=REMINDER_HOURS)))
        for booking in due:
            slot, student = booking.slot, booking.student
            where = slot.location or "线上：" + slot.online_link
            message_send(actor=None, subject="咨询预约提醒",
                         body=f"您预约的{slot.get_kind_display()}将于 {timezone.localtime(slot.starts_at):%m月%d日 %H:%M} 开始，地点：{where}。如不能参加请提前取消。",
                         channels=["wechat", "sms", "letter"], recipients=[Recipient(user_id=student.pk, name=student.display_name, phone=student.phone,
                                                                                   openid=student.wechat_openid)],
                         purpose="notice", source="employment_qa.advising_reminder", link="/h5/employment/qa/advising/")
            sent += 1
        AdvisingBooking.objects.filter(pk__in=[b.pk for b in due]).update(reminded_at=now)
    return sent
