"""Writes of info sessions: the employer's application, the teacher's assignment of venue and
time (with written-test and interview rooms booked together), the employer's confirmation
that publishes it, cancellation of everything at once, students' sign-ups within capacity,
the reminder 24 h before, and attendance by the student's signed QR code."""

from __future__ import annotations

import datetime
import os
from dataclasses import dataclass

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.backends.postgresql.psycopg_any import DateTimeTZRange
from django.utils import timezone

from core.audit import audit_record, snapshot
from core.errors import ApplicationError, Conflict, PermissionDenied
from tenant_apps.employment.employers.enums import ListKind
from tenant_apps.employment.employers.models import Employer, EmployerListEntry
from tenant_apps.employment.sessions.enums import BookingPurpose, SessionStatus, VenueKind
from tenant_apps.employment.sessions.errors import SessionErrorCode
from tenant_apps.employment.sessions.models import InfoSession, SessionSignup, Venue, VenueBooking

AUDIT_FIELDS = ["title", "status", "venue", "starts_at", "ends_at", "capacity", "decline_reason"]
CHECK_IN_SALT = "employment_sessions.check_in"
RESUME_EXTENSIONS = {".pdf", ".doc", ".docx"}
REMINDER_HOURS = 24


@dataclass
class Slot:
    start: datetime.datetime
    end: datetime.datetime

    def check(self, label: str = "时段") -> None:
        if self.start is None or self.end is None or self.end <= self.start:
            raise ApplicationError(f"{label}的结束时间应晚于开始时间。", code=SessionErrorCode.INVALID_SLOT, fields={"slot": ["时间无效。"]})
        if self.end - self.start > datetime.timedelta(hours=12):
            raise ApplicationError(f"{label}不能超过 12 小时。", code=SessionErrorCode.INVALID_SLOT, fields={"slot": ["时间过长。"]})


# --- venues ---------------------------------------------------------------------------------


@transaction.atomic
def venue_save(*, actor, name: str, kind: str, capacity: int, location: str = "", equipment: list[str] | None = None,
               venue: Venue | None = None, is_active: bool = True) -> Venue:
    venue = venue or Venue()
    before = snapshot(venue) if venue.pk else None
    venue.name, venue.kind, venue.capacity, venue.location = (name or "").strip(), kind, capacity, (location or "").strip()
    venue.equipment = [item.strip()[:40] for item in (equipment or []) if item and item.strip()]
    venue.is_active = is_active
    try:
        venue.full_clean()
    except ValidationError as exc:
        raise ApplicationError("场地信息有误：名称必填且不能重复，容纳人数至少为 1。", fields=exc.message_dict) from exc
    venue.save()
    audit_record(actor=actor, action="venue.save", target=venue, before=before, after=snapshot(venue))
    return venue


# --- the employer's application -------------------------------------------------------------


def _check_employer(employer: Employer) -> None:
    if EmployerListEntry.objects.filter(kind=ListKind.BLACK, credit_code=employer.credit_code).exists() or not (
            employer.is_approved and employer.can_apply_sessions):
        raise PermissionDenied("单位通过审核并开通“申请宣讲会”权限后才能申请。", code=SessionErrorCode.EMPLOYER_NOT_PERMITTED)


@transaction.atomic
def session_apply(*, actor, employer: Employer, title: str, description: str, expected_audience: int, preferred_slots: list[Slot],
                  needs: str = "", wants_written_test: bool = False, wants_interview: bool = False, job_ids: list[int] | None = None) -> InfoSession:
    _check_employer(employer)
    if not preferred_slots:
        raise ApplicationError("请至少填写一个意向时段。", code=SessionErrorCode.INVALID_SLOT, fields={"preferred_slots": ["必填。"]})
    for slot in preferred_slots:
        slot.check("意向时段")
        if slot.start < timezone.now():
            raise ApplicationError("意向时段不能早于现在。", code=SessionErrorCode.INVALID_SLOT, fields={"preferred_slots": ["时间已过。"]})
    session = InfoSession(employer=employer, title=(title or "").strip(), description=(description or "").strip(),
                          expected_audience=max(1, int(expected_audience or 1)), needs=(needs or "").strip(),
                          preferred_slots=[{"start": s.start.isoformat(), "end": s.end.isoformat()} for s in preferred_slots[:3]],
                          wants_written_test=wants_written_test, wants_interview=wants_interview, created_by=actor)
    try:
        session.full_clean(exclude=["employer", "venue", "assigned_by", "created_by"])
    except ValidationError as exc:
        raise ApplicationError("宣讲会信息不完整。", fields=exc.message_dict) from exc
    session.save()
    if job_ids:
        session.jobs.set(employer.jobs.filter(pk__in=job_ids))
    audit_record(actor=actor, action="info_session.apply", target=session, after=snapshot(session, AUDIT_FIELDS), only_changes=False)
    return session


# --- the teacher's assignment ---------------------------------------------------------------


def _book(session: InfoSession, venue: Venue, purpose: str, slot: Slot) -> VenueBooking:
    booking = VenueBooking(venue=venue, session=session, purpose=purpose, during=DateTimeTZRange(slot.start, slot.end, "[)"))
    try:
        with transaction.atomic():  # a savepoint: the constraint's refusal leaves the outer transaction usable
            booking.save()
    except IntegrityError:
        raise Conflict(f"{venue.name}在 {timezone.localtime(slot.start):%m-%d %H:%M}-{timezone.localtime(slot.end):%H:%M} 已被占用，请换时间或场地。",
                       code=SessionErrorCode.VENUE_TAKEN, fields={"venue": ["该时段已被占用。"]}) from None
    return booking


@transaction.atomic
def session_assign(*, actor, session: InfoSession, venue: Venue, slot: Slot, written_test: tuple[Venue, Slot] | None = None,
                   interview: tuple[Venue, Slot] | None = None, capacity: int | None = None) -> InfoSession:
    """Book the hall (and the written-test / interview rooms, together or not at all) and ask
    the employer to confirm. The exclusion constraint refuses any overlap, also between two
    teachers assigning at the same moment."""
    session = InfoSession.objects.select_for_update().get(pk=session.pk)
    if session.status not in (SessionStatus.APPLIED, SessionStatus.ASSIGNED):
        raise Conflict("只有待安排或待确认的宣讲会可以安排场地。", code=SessionErrorCode.INVALID_STATE)
    slot.check("宣讲时段")
    if venue.kind != VenueKind.HALL or not venue.is_active:
        raise ApplicationError("请选择可用的宣讲场地。", fields={"venue": ["场地无效。"]})
    before = snapshot(session, AUDIT_FIELDS)
    session.bookings.filter(is_active=True).update(is_active=False)  # re-assignment frees the old slot
    _book(session, venue, BookingPurpose.SESSION, slot)
    for pair, purpose, kind, label in ((written_test, BookingPurpose.WRITTEN_TEST, VenueKind.WRITTEN_TEST, "笔试"),
                                       (interview, BookingPurpose.INTERVIEW, VenueKind.INTERVIEW, "面试")):
        if pair is None:
            continue
        room, room_slot = pair
        room_slot.check(f"{label}时段")
        if room.kind != kind or not room.is_active:
            raise ApplicationError(f"请选择可用的{label}室。", fields={purpose: ["场地类型不符。"]})
        _book(session, room, purpose, room_slot)
    session.venue, session.starts_at, session.ends_at = venue, slot.start, slot.end
    session.capacity = min(venue.capacity, capacity) if capacity else venue.capacity
    session.status, session.assigned_by = SessionStatus.ASSIGNED, actor
    session.save()
    audit_record(actor=actor, action="info_session.assign", target=session, before=before, after=snapshot(session, AUDIT_FIELDS))
    _notify_employer(session, "宣讲会场地已安排，请确认",
                     f"{session.title}：{venue.name}，{timezone.localtime(slot.start):%Y-%m-%d %H:%M}。请登录单位平台确认。")
    return session


@transaction.atomic
def session_confirm(*, actor, session: InfoSession) -> InfoSession:
    """The employer accepts the assigned venue and time: the session is published."""
    session = InfoSession.objects.select_for_update().get(pk=session.pk)
    if session.status != SessionStatus.ASSIGNED:
        raise Conflict("只有待确认的宣讲会可以确认。", code=SessionErrorCode.INVALID_STATE)
    before = snapshot(session, AUDIT_FIELDS)
    session.status, session.published_at = SessionStatus.PUBLISHED, timezone.now()
    session.save(update_fields=["status", "published_at", "updated_at"])
    audit_record(actor=actor, action="info_session.confirm", target=session, before=before, after=snapshot(session, AUDIT_FIELDS))
    return session


@transaction.atomic
def session_decline(*, actor, session: InfoSession, reason: str) -> InfoSession:
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError("请填写原因，单位会看到。", code=SessionErrorCode.REASON_REQUIRED, fields={"reason": ["必填。"]})
    session = InfoSession.objects.select_for_update().get(pk=session.pk)
    if session.status not in (SessionStatus.APPLIED, SessionStatus.ASSIGNED):
        raise Conflict("该宣讲会当前状态不能设为未通过。", code=SessionErrorCode.INVALID_STATE)
    before = snapshot(session, AUDIT_FIELDS)
    session.bookings.filter(is_active=True).update(is_active=False)
    session.status, session.decline_reason = SessionStatus.DECLINED, reason[:300]
    session.save()
    audit_record(actor=actor, action="info_session.decline", target=session, before=before, after=snapshot(session, AUDIT_FIELDS))
    return session


@transaction.atomic
def session_cancel(*, actor, session: InfoSession, reason: str) -> InfoSession:
    """Cancel the session and with it every room booked for it (written test, interview);
    students who signed up are told."""
    session = InfoSession.objects.select_for_update().get(pk=session.pk)
    if session.status in (SessionStatus.CANCELLED, SessionStatus.DECLINED):
        return session
    before = snapshot(session, AUDIT_FIELDS)
    freed = session.bookings.filter(is_active=True).update(is_active=False)
    session.status, session.decline_reason = SessionStatus.CANCELLED, (reason or "").strip()[:300] or "已取消"
    session.save()
    audit_record(actor=actor, action="info_session.cancel", target=session, before=before, after=snapshot(session, AUDIT_FIELDS) | {"freed": freed})
    student_ids = list(session.signups.values_list("student_id", flat=True))
    if student_ids:
        from tenant_apps.messaging.services import letter_send

        text = f"您报名的宣讲会“{session.title}”已取消。{session.decline_reason}"
        transaction.on_commit(lambda: letter_send(recipient_user_ids=student_ids, title="宣讲会取消通知", body=text))
    return session


def booking_cancel(*, actor, booking: VenueBooking, reason: str = "") -> InfoSession:
    """Cancelling any one room of a session cancels all of them (and the session)."""
    return session_cancel(actor=actor, session=booking.session, reason=reason or f"{booking.get_purpose_display()}场地取消")


def _notify_employer(session: InfoSession, title: str, body: str) -> None:
    from tenant_apps.messaging.services import letter_send

    user_ids = list(session.employer.accounts.values_list("user_id", flat=True))
    if user_ids:
        transaction.on_commit(lambda: letter_send(recipient_user_ids=user_ids, title=title, body=body, link="/employer/sessions/"))


# --- students -------------------------------------------------------------------------------


@transaction.atomic
def signup_create(*, student, session: InfoSession, resume=None) -> SessionSignup:
    """Sign up within capacity (the session row is locked, so two last-seat requests cannot
    both get in); a resume (PDF/Word, 5 MB) may be attached."""
    session = InfoSession.objects.select_for_update().get(pk=session.pk)
    if session.status != SessionStatus.PUBLISHED or (session.starts_at and session.starts_at <= timezone.now()):
        raise Conflict("该宣讲会不在报名时间内。", code=SessionErrorCode.INVALID_STATE)
    if SessionSignup.objects.filter(session=session, student=student).exists():
        raise Conflict("您已报名该宣讲会。", code=SessionErrorCode.ALREADY_SIGNED_UP)
    if session.signups.count() >= session.capacity:
        raise Conflict("报名人数已满。", code=SessionErrorCode.FULL)
    signup = SessionSignup(session=session, student=student)
    if resume is not None:
        if os.path.splitext(resume.name)[1].lower() not in RESUME_EXTENSIONS or resume.size > 5 * 1024 * 1024:
            raise ApplicationError("简历请上传 PDF 或 Word 文件，不超过 5 MB。", fields={"resume": ["文件无效。"]})
        signup.resume.save(resume.name, resume, save=False)
    signup.save()
    audit_record(actor=student, action="info_session.signup", target=session, after={"signup": signup.pk}, only_changes=False)
    return signup


@transaction.atomic
def signup_cancel(*, student, signup: SessionSignup) -> None:
    if signup.student_id != student.pk:
        raise PermissionDenied("只能取消自己的报名。")
    if signup.checked_in_at:
        raise Conflict("已签到，不能取消。", code=SessionErrorCode.INVALID_STATE)
    audit_record(actor=student, action="info_session.signup_cancel", target=signup.session, after={"signup": signup.pk}, only_changes=False)
    signup.delete()


def check_in_code(signup: SessionSignup) -> str:
    """What the student's QR code holds: the sign-up id, signed with the site key."""
    return signing.dumps({"s": signup.pk, "i": signup.session_id}, salt=CHECK_IN_SALT, compress=True)


@transaction.atomic
def signup_check_in(*, actor, session: InfoSession, code: str) -> tuple[SessionSignup, bool]:
    """Scan at the door: returns (sign-up, True) the first time, (sign-up, False) for a repeat.
    A code for another session or a tampered code is refused."""
    try:
        data = signing.loads((code or "").strip(), salt=CHECK_IN_SALT)
    except signing.BadSignature:
        raise ApplicationError("二维码无效。", code=SessionErrorCode.INVALID_TICKET) from None
    if data.get("i") != session.pk:
        raise ApplicationError("这不是本场宣讲会的报名码。", code=SessionErrorCode.INVALID_TICKET)
    signup = SessionSignup.objects.select_for_update().select_related("student").filter(pk=data.get("s"), session=session).first()
    if signup is None:
        raise ApplicationError("报名已取消或不存在。", code=SessionErrorCode.INVALID_TICKET)
    if signup.checked_in_at:
        return signup, False
    signup.checked_in_at = timezone.now()
    signup.save(update_fields=["checked_in_at"])
    audit_record(actor=actor, action="info_session.check_in", target=session, after={"signup": signup.pk}, only_changes=False)
    return signup, True


def reminders_send_due(*, now: datetime.datetime | None = None) -> int:
    """Remind students of sessions starting within 24 h, once (the periodic task). Through the
    messaging gateway: WeChat first, then SMS, then an in-app letter."""
    from tenant_apps.messaging.services import Recipient, message_send

    now = now or timezone.now()
    sent = 0
    sessions = InfoSession.objects.filter(status=SessionStatus.PUBLISHED, starts_at__gt=now, starts_at__lte=now + datetime.timedelta(hours=REMINDER_HOURS))
    for session in sessions.select_related("venue"):
        with transaction.atomic():
            due = list(SessionSignup.objects.select_for_update(skip_locked=True).select_related("student")
                       .filter(session=session, reminded_at__isnull=True))
            if not due:
                continue
            recipients = [Recipient(user_id=s.student_id, name=s.student.display_name, phone=s.student.phone, openid=s.student.wechat_openid)
                          for s in due]
            when = timezone.localtime(session.starts_at)
            message_send(actor=None, subject="宣讲会提醒", body=f"您报名的宣讲会“{session.title}”将于 {when:%m月%d日 %H:%M} 在{session.venue.name}举行，请携带报名二维码准时入场。",
                         channels=["wechat", "sms", "letter"], recipients=recipients, purpose="notice", source="employment_sessions.reminder",
                         link="/h5/employment/sessions/mine/")
            SessionSignup.objects.filter(pk__in=[s.pk for s in due]).update(reminded_at=now)
            sent += len(due)
    return sent


def parse_local(value: str) -> datetime.datetime | None:
    """A datetime-local form value ("2026-12-20T14:00") in the school's time zone, or None."""
    from django.utils.dateparse import parse_datetime

    parsed = parse_datetime((value or "").strip())
    if parsed is None:
        return None
    return timezone.make_aware(parsed) if timezone.is_naive(parsed) else parsed
