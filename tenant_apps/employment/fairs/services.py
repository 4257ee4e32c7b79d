"""Writes of job fairs: the fair and its halls, the booth map drawn in the browser, employers'
applications and their review, booth assignment (automatic under constraints, or by hand on
the map), students' e-tickets and employers' staff tickets (signed by core.tickets), door
scans uploaded and reconciled, following employers, the reminder 24 h before and the record of
employers who booked and did not come."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from core.audit import audit_record, snapshot
from core.errors import ApplicationError, Conflict, PermissionDenied
from core.tickets import services as tickets
from tenant_apps.employment.employers.enums import ListKind
from tenant_apps.employment.employers.models import Employer, EmployerListEntry
from tenant_apps.employment.fairs import assignment
from tenant_apps.employment.fairs.enums import (
    ApplicationStatus,
    BoothKind,
    FairStatus,
    TicketHolder,
)
from tenant_apps.employment.fairs.errors import FairErrorCode
from tenant_apps.employment.fairs.models import (
    Booth,
    Fair,
    FairApplication,
    FairFollow,
    FairHall,
    FairTicket,
)
from tenant_apps.employment.fairs.wall import wall_bump

FAIR_FIELDS = ["title", "location", "starts_at", "ends_at", "applications_close_at", "student_capacity", "status"]
APPLICATION_FIELDS = ["status", "decline_reason", "booth", "wants_premium", "needs_accessible", "staff_count", "is_no_show"]
REMINDER_HOURS = 24


def _bump_on_commit(fair_id: int) -> None:
    transaction.on_commit(lambda: wall_bump(fair_id))


# --- the fair and its halls -----------------------------------------------------------------


def _check_times(starts_at, ends_at, close_at) -> None:
    if starts_at is None or ends_at is None or ends_at <= starts_at:
        raise ApplicationError("结束时间应晚于开始时间。", fields={"ends_at": ["时间无效。"]})
    if ends_at - starts_at > datetime.timedelta(days=7):
        raise ApplicationError("一场双选会不超过 7 天。", fields={"ends_at": ["时间过长。"]})
    if close_at and close_at > starts_at:
        raise ApplicationError("单位报名截止时间不能晚于开始时间。", fields={"applications_close_at": ["时间无效。"]})


@transaction.atomic
def fair_save(*, actor, title: str, location: str, starts_at: datetime.datetime, ends_at: datetime.datetime, description: str = "",
              applications_close_at: datetime.datetime | None = None, student_capacity: int = 0, fair: Fair | None = None) -> Fair:
    fair = fair or Fair(created_by=actor)
    before = snapshot(fair, FAIR_FIELDS) if fair.pk else None
    _check_times(starts_at, ends_at, applications_close_at)
    fair.title, fair.location, fair.description = (title or "").strip(), (location or "").strip(), (description or "").strip()
    fair.starts_at, fair.ends_at, fair.applications_close_at = starts_at, ends_at, applications_close_at
    fair.student_capacity = max(0, int(student_capacity or 0))
    try:
        fair.full_clean(exclude=["created_by"])
    except ValidationError as exc:
        raise ApplicationError("双选会信息不完整：名称和地点必填。", fields=exc.message_dict) from exc
    fair.save()
    audit_record(actor=actor, action="fair.save", target=fair, before=before, after=snapshot(fair, FAIR_FIELDS), only_changes=before is not None)
    return fair


@transaction.atomic
def fair_publish(*, actor, fair: Fair) -> Fair:
    fair = Fair.objects.select_for_update().get(pk=fair.pk)
    if fair.status != FairStatus.DRAFT:
        raise Conflict("只有未发布的双选会可以发布。", code=FairErrorCode.INVALID_STATE)
    if not fair.booths.exists():
        raise ApplicationError("请先绘制展位图再发布。", code=FairErrorCode.INVALID_LAYOUT)
    before = snapshot(fair, FAIR_FIELDS)
    fair.status, fair.published_at = FairStatus.PUBLISHED, timezone.now()
    fair.save(update_fields=["status", "published_at", "updated_at"])
    audit_record(actor=actor, action="fair.publish", target=fair, before=before, after=snapshot(fair, FAIR_FIELDS))
    return fair


@transaction.atomic
def fair_cancel(*, actor, fair: Fair, reason: str) -> Fair:
    """Cancel the fair: every ticket is revoked (a door refuses them) and holders are told."""
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError("请填写取消原因，学生和单位会看到。", code=FairErrorCode.REASON_REQUIRED, fields={"reason": ["必填。"]})
    fair = Fair.objects.select_for_update().get(pk=fair.pk)
    if fair.status == FairStatus.CANCELLED:
        return fair
    before = snapshot(fair, FAIR_FIELDS)
    fair.status = FairStatus.CANCELLED
    fair.save(update_fields=["status", "updated_at"])
    live = list(fair.tickets.filter(is_revoked=False).values_list("pk", "serial", "student_id"))
    for _, serial, _ in live:
        tickets.ticket_revoke(serial=serial, scope=fair.ticket_scope, reason="双选会取消")
    fair.tickets.filter(is_revoked=False).update(is_revoked=True)
    audit_record(actor=actor, action="fair.cancel", target=fair, before=before, after=snapshot(fair, FAIR_FIELDS) | {"revoked": len(live)})
    user_ids = {student for _, _, student in live if student}
    user_ids |= set(FairApplication.objects.filter(fair=fair).values_list("employer__accounts__user_id", flat=True)) - {None}
    if user_ids:
        from tenant_apps.messaging.services import letter_send

        text = f"双选会“{fair.title}”已取消：{reason[:200]}"
        ids = sorted(user_ids)
        transaction.on_commit(lambda: letter_send(recipient_user_ids=ids, title="双选会取消通知", body=text))
    _bump_on_commit(fair.pk)
    return fair


@transaction.atomic
def hall_save(*, actor, fair: Fair, name: str, code: str, rows: int, columns: int, hall: FairHall | None = None) -> FairHall:
    hall = hall or FairHall(fair=fair, position=fair.halls.count())
    before = snapshot(hall) if hall.pk else None
    hall.name, hall.code, hall.rows, hall.columns = (name or "").strip(), (code or "").strip().upper(), rows, columns
    try:
        hall.full_clean(exclude=["fair"])
    except ValidationError as exc:
        raise ApplicationError("展厅信息有误：名称、前缀必填，行列数 1-40，前缀在本场不重复。", fields=exc.message_dict) from exc
    if hall.pk and hall.booths.filter(row__gt=rows).exists() or hall.pk and hall.booths.filter(column__gt=columns).exists():
        raise Conflict("缩小后的网格会去掉已有展位，请先在展位图中移除它们。", code=FairErrorCode.BOOTH_IN_USE)
    try:
        with transaction.atomic():
            hall.save()
    except IntegrityError:
        raise ApplicationError("展位号前缀在本场双选会中已被使用。", fields={"code": ["前缀重复。"]}) from None
    audit_record(actor=actor, action="fair.hall_save", target=hall, before=before, after=snapshot(hall), only_changes=before is not None)
    return hall


def _unsuitable(application: FairApplication, kind: str) -> str:
    """Why a booth of `kind` does not fit the application ("" when it fits)."""
    if application.needs_accessible and kind != BoothKind.ACCESSIBLE:
        return f"{application.employer.name}需要无障碍展位。"
    if kind == BoothKind.PREMIUM and not application.wants_premium:
        return f"{application.employer.name}未申请特装展位。"
    return ""


@transaction.atomic
def hall_layout_save(*, actor, hall: FairHall, cells: list[dict]) -> list[Booth]:
    """Replace the booth map of a hall with `cells` ([{row, column, kind}], 1-based). Booths that
    stay keep their assignment; removing or re-typing a booth its employer cannot use is refused.
    Booth numbers follow walking order: prefix + 01, 02, ..."""
    hall = FairHall.objects.select_for_update().select_related("fair").get(pk=hall.pk)
    wanted: dict[tuple[int, int], str] = {}
    for cell in cells:
        try:
            row, column, kind = int(cell["row"]), int(cell["column"]), str(cell.get("kind") or BoothKind.STANDARD)
        except (KeyError, TypeError, ValueError):
            raise ApplicationError("展位图数据无效。", code=FairErrorCode.INVALID_LAYOUT) from None
        if not (1 <= row <= hall.rows and 1 <= column <= hall.columns) or kind not in BoothKind.values:
            raise ApplicationError("展位超出网格或类型无效。", code=FairErrorCode.INVALID_LAYOUT)
        wanted[(row, column)] = kind
    existing = {(b.row, b.column): b for b in hall.booths.select_related("application__employer")}
    for position, booth in existing.items():
        application = getattr(booth, "application", None)
        if application is None:
            continue
        if position not in wanted:
            raise Conflict(f"展位 {booth.code} 已分配给{application.employer.name}，请先移出再删除。", code=FairErrorCode.BOOTH_IN_USE)
        problem = _unsuitable(application, wanted[position])
        if problem:
            raise Conflict(f"展位 {booth.code} 不能改为该类型：{problem}", code=FairErrorCode.BOOTH_UNSUITABLE)
    before = {"booths": len(existing)}
    hall.booths.exclude(pk__in=[b.pk for pos, b in existing.items() if pos in wanted]).delete()
    kept = [b for pos, b in existing.items() if pos in wanted]
    for booth in kept:  # temporary unique codes so that renumbering never collides
        Booth.objects.filter(pk=booth.pk).update(code=f"~{booth.pk}"[:10], kind=wanted[(booth.row, booth.column)])
    Booth.objects.bulk_create([Booth(fair=hall.fair, hall=hall, row=r, column=c, kind=k, code=f"~n{r}-{c}"[:10])
                               for (r, c), k in wanted.items() if (r, c) not in existing])
    booths = list(hall.booths.order_by("row", "column"))
    for number, booth in enumerate(booths, start=1):
        booth.code = f"{hall.code}{number:02d}"
    Booth.objects.bulk_update(booths, ["code"])
    audit_record(actor=actor, action="fair.layout_save", target=hall, before=before, after={"booths": len(booths)})
    _bump_on_commit(hall.fair_id)
    return booths


# --- employers' applications ----------------------------------------------------------------


def _check_employer(employer: Employer) -> None:
    if EmployerListEntry.objects.filter(kind=ListKind.BLACK, credit_code=employer.credit_code).exists() or not (
            employer.is_approved and employer.can_join_fairs):
        raise PermissionDenied("单位通过审核并开通“报名双选会”权限后才能报名。", code=FairErrorCode.EMPLOYER_NOT_PERMITTED)


def applications_open(fair: Fair, now: datetime.datetime | None = None) -> bool:
    now = now or timezone.now()
    close = fair.applications_close_at or fair.starts_at
    return fair.status == FairStatus.PUBLISHED and now < close


@transaction.atomic
def application_apply(*, actor, fair: Fair, employer: Employer, job_ids: list[int], wants_premium: bool = False, needs_accessible: bool = False,
                      staff_count: int = 2, note: str = "") -> FairApplication:
    """An employer applies with the (approved) jobs it brings and what booth it needs; a
    declined or withdrawn application may be sent again."""
    _check_employer(employer)
    fair = Fair.objects.select_for_update().get(pk=fair.pk)
    if not applications_open(fair):
        raise Conflict("该双选会不在单位报名时间内。", code=FairErrorCode.APPLICATIONS_CLOSED)
    jobs = list(employer.jobs.filter(pk__in=job_ids or [], status="approved"))
    if not jobs:
        raise ApplicationError("请至少选择一个已发布的职位带到双选会。", fields={"jobs": ["必填。"]})
    application = FairApplication.objects.select_for_update().filter(fair=fair, employer=employer).first()
    if application is not None and application.status in (ApplicationStatus.PENDING, ApplicationStatus.APPROVED):
        raise Conflict("单位已报名该双选会。", code=FairErrorCode.ALREADY_APPLIED)
    application = application or FairApplication(fair=fair, employer=employer)
    before = snapshot(application, APPLICATION_FIELDS) if application.pk else None
    application.wants_premium, application.needs_accessible = bool(wants_premium), bool(needs_accessible)
    application.staff_count, application.note = max(1, min(6, int(staff_count or 1))), (note or "").strip()[:300]
    application.status, application.decline_reason, application.created_by = ApplicationStatus.PENDING, "", actor
    application.full_clean(exclude=["fair", "employer", "booth", "reviewed_by", "created_by"])
    application.save()
    application.jobs.set(jobs)
    audit_record(actor=actor, action="fair.apply", target=application, before=before, after=snapshot(application, APPLICATION_FIELDS) | {
        "jobs": [j.pk for j in jobs]}, only_changes=False)
    return application


def _revoke_tickets(queryset, scope: str, reason: str) -> int:
    rows = list(queryset.filter(is_revoked=False).values_list("pk", "serial"))
    for _, serial in rows:
        tickets.ticket_revoke(serial=serial, scope=scope, reason=reason)
    FairTicket.objects.filter(pk__in=[pk for pk, _ in rows]).update(is_revoked=True)
    return len(rows)


def _issue_staff_tickets(application: FairApplication) -> None:
    have = application.tickets.filter(is_revoked=False).count()
    for _ in range(max(0, application.staff_count - have)):
        _new_ticket(application.fair, holder_kind=TicketHolder.EMPLOYER_STAFF, application=application)


def _new_ticket(fair: Fair, **fields) -> FairTicket:
    """A ticket row, then its code signed with the row's id as the subject."""
    serial = tickets.new_serial()
    ticket = FairTicket.objects.create(fair=fair, serial=serial, code="", **fields)
    ticket.code = tickets.ticket_issue(scope=fair.ticket_scope, subject=ticket.pk, serial=serial).code
    FairTicket.objects.filter(pk=ticket.pk).update(code=ticket.code)
    return ticket


def _notify_employer(application: FairApplication, title: str, body: str) -> None:
    from tenant_apps.messaging.services import letter_send

    user_ids = list(application.employer.accounts.values_list("user_id", flat=True))
    if user_ids:
        transaction.on_commit(lambda: letter_send(recipient_user_ids=user_ids, title=title, body=body, link="/employer/fairs/"))


def _locked(application: FairApplication) -> FairApplication:
    return FairApplication.objects.select_for_update().select_related("fair", "employer").get(pk=application.pk)


@transaction.atomic
def application_approve(*, actor, application: FairApplication) -> FairApplication:
    """Approve: the employer's staff get their e-tickets."""
    application = _locked(application)
    if application.status not in (ApplicationStatus.PENDING, ApplicationStatus.DECLINED):
        raise Conflict("只有待审核或未通过的申请可以通过。", code=FairErrorCode.INVALID_STATE)
    before = snapshot(application, APPLICATION_FIELDS)
    application.status, application.decline_reason = ApplicationStatus.APPROVED, ""
    application.reviewed_by, application.reviewed_at = actor, timezone.now()
    application.save()
    _issue_staff_tickets(application)
    audit_record(actor=actor, action="fair.application_approve", target=application, before=before, after=snapshot(application, APPLICATION_FIELDS))
    _notify_employer(application, "双选会报名已通过", f"贵单位报名的“{application.fair.title}”已通过审核，展位号和工作人员电子票请在单位平台查看。")
    return application


@transaction.atomic
def application_decline(*, actor, application: FairApplication, reason: str) -> FairApplication:
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError("请填写原因，单位会看到。", code=FairErrorCode.REASON_REQUIRED, fields={"reason": ["必填。"]})
    application = _locked(application)
    if application.status not in (ApplicationStatus.PENDING, ApplicationStatus.APPROVED):
        raise Conflict("该申请当前状态不能设为未通过。", code=FairErrorCode.INVALID_STATE)
    before = snapshot(application, APPLICATION_FIELDS)
    application.status, application.decline_reason = ApplicationStatus.DECLINED, reason[:300]
    application.booth, application.booth_pinned = None, False
    application.reviewed_by, application.reviewed_at = actor, timezone.now()
    application.save()
    revoked = _revoke_tickets(application.tickets.all(), application.fair.ticket_scope, "参会申请未通过")
    audit_record(actor=actor, action="fair.application_decline", target=application, before=before,
                 after=snapshot(application, APPLICATION_FIELDS) | {"revoked": revoked})
    _notify_employer(application, "双选会报名未通过", f"贵单位报名的“{application.fair.title}”未通过审核：{application.decline_reason}")
    return application


@transaction.atomic
def application_withdraw(*, actor, application: FairApplication) -> FairApplication:
    application = _locked(application)
    if application.status not in (ApplicationStatus.PENDING, ApplicationStatus.APPROVED):
        raise Conflict("该申请已结束，不能撤回。", code=FairErrorCode.INVALID_STATE)
    if application.checked_in_at:
        raise Conflict("单位已签到入场，不能撤回。", code=FairErrorCode.INVALID_STATE)
    before = snapshot(application, APPLICATION_FIELDS)
    application.status, application.booth, application.booth_pinned = ApplicationStatus.WITHDRAWN, None, False
    application.save()
    revoked = _revoke_tickets(application.tickets.all(), application.fair.ticket_scope, "单位撤回报名")
    audit_record(actor=actor, action="fair.application_withdraw", target=application, before=before,
                 after=snapshot(application, APPLICATION_FIELDS) | {"revoked": revoked})
    return application


# --- booths ---------------------------------------------------------------------------------


@transaction.atomic
def booths_auto_assign(*, actor, fair: Fair) -> assignment.Plan:
    """Assign booths to every approved application not placed by hand (see fairs.assignment for
    the constraints). Hand placements stay; the plan says who could not be placed and why."""
    fair = Fair.objects.select_for_update().get(pk=fair.pk)
    approved = list(FairApplication.objects.select_for_update().select_related("employer").filter(fair=fair, status=ApplicationStatus.APPROVED)
                    .order_by("created_at", "id"))
    pinned_booths = {a.booth_id for a in approved if a.booth_pinned and a.booth_id}
    movable = [a for a in approved if not (a.booth_pinned and a.booth_id)]
    free = [assignment.spot_of(b) for b in Booth.objects.filter(fair=fair).select_related("hall") if b.pk not in pinned_booths]
    plan = assignment.plan_booths(free, [assignment.candidate_of(a) for a in movable])
    FairApplication.objects.filter(pk__in=[a.pk for a in movable]).update(booth=None, booth_pinned=False)
    for application in movable:
        application.booth_id = plan.placements.get(application.pk)
    FairApplication.objects.bulk_update(movable, ["booth"])
    audit_record(actor=actor, action="fair.booths_auto_assign", target=fair, after={"placed": len(plan.placements), "unplaced": len(plan.unplaced)},
                 only_changes=False)
    _bump_on_commit(fair.pk)
    return plan


@transaction.atomic
def booth_assign(*, actor, application: FairApplication, booth: Booth | None) -> FairApplication:
    """Place an application on a booth by hand (drag and drop on the map), or take it off
    (`booth=None`). The booth must be free and suit the employer's needs; the placement is kept
    by later automatic runs."""
    application = _locked(application)
    if application.status != ApplicationStatus.APPROVED:
        raise Conflict("只有已通过的申请可以安排展位。", code=FairErrorCode.INVALID_STATE)
    before = snapshot(application, APPLICATION_FIELDS)
    if booth is not None:
        booth = Booth.objects.select_for_update().get(pk=booth.pk)
        if booth.fair_id != application.fair_id:
            raise ApplicationError("展位不属于这场双选会。", code=FairErrorCode.BOOTH_UNSUITABLE)
        problem = _unsuitable(application, booth.kind)
        if problem:
            raise Conflict(problem, code=FairErrorCode.BOOTH_UNSUITABLE, fields={"booth": [problem]})
        holder = FairApplication.objects.filter(booth=booth).exclude(pk=application.pk).select_related("employer").first()
        if holder is not None:
            raise Conflict(f"展位 {booth.code} 已分配给{holder.employer.name}。", code=FairErrorCode.BOOTH_TAKEN, fields={"booth": ["已被占用。"]})
    application.booth, application.booth_pinned = booth, booth is not None
    application.save(update_fields=["booth", "booth_pinned"])
    audit_record(actor=actor, action="fair.booth_assign", target=application, before=before, after=snapshot(application, APPLICATION_FIELDS))
    _bump_on_commit(application.fair_id)
    return application


# --- students -------------------------------------------------------------------------------


def tickets_open(fair: Fair, now: datetime.datetime | None = None) -> bool:
    return fair.status == FairStatus.PUBLISHED and (now or timezone.now()) < fair.ends_at


@transaction.atomic
def ticket_claim(*, student, fair: Fair) -> FairTicket:
    """A student takes an e-ticket (one live ticket each; within the fair's capacity)."""
    fair = Fair.objects.select_for_update().get(pk=fair.pk)
    if not tickets_open(fair):
        raise Conflict("该双选会现在不能领取门票。", code=FairErrorCode.TICKETS_CLOSED)
    ticket = FairTicket.objects.filter(fair=fair, student=student, is_revoked=False).first()
    if ticket is not None:
        return ticket
    if fair.student_capacity and fair.tickets.filter(holder_kind=TicketHolder.STUDENT, is_revoked=False).count() >= fair.student_capacity:
        raise Conflict("门票已领完。", code=FairErrorCode.FAIR_FULL)
    ticket = _new_ticket(fair, holder_kind=TicketHolder.STUDENT, student=student)
    audit_record(actor=student, action="fair.ticket_claim", target=fair, after={"ticket": ticket.pk}, only_changes=False)
    return ticket


@transaction.atomic
def ticket_cancel(*, student, ticket: FairTicket) -> None:
    if ticket.student_id != student.pk:
        raise PermissionDenied("只能退回自己的门票。")
    ticket = FairTicket.objects.select_for_update().select_related("fair").get(pk=ticket.pk)
    if ticket.checked_in_at:
        raise Conflict("已入场，门票不能退回。", code=FairErrorCode.INVALID_STATE)
    _revoke_tickets(FairTicket.objects.filter(pk=ticket.pk), ticket.fair.ticket_scope, "学生退票")
    audit_record(actor=student, action="fair.ticket_cancel", target=ticket.fair, after={"ticket": ticket.pk}, only_changes=False)


@transaction.atomic
def follow_set(*, student, fair: Fair, employer_id: int, following: bool) -> bool:
    """Follow (or stop following) an employer that takes part in the fair."""
    if not FairApplication.objects.filter(fair=fair, employer_id=employer_id, status=ApplicationStatus.APPROVED).exists():
        raise ApplicationError("该单位未参加本场双选会。", fields={"employer": ["无效。"]})
    if following:
        FairFollow.objects.get_or_create(fair=fair, student=student, employer_id=employer_id)
    else:
        FairFollow.objects.filter(fair=fair, student=student, employer_id=employer_id).delete()
    return following


# --- the door -------------------------------------------------------------------------------


def checkin_upload(*, actor, fair: Fair, scans: list[dict], device: str = "") -> list[tickets.ScanOutcome]:
    """Door scans (online, or queued offline and uploaded later): the ticket kernel records and
    reconciles them (earliest scan admits, repeats are duplicates, revoked refused); admitted
    tickets get their entry time, and an employer counts as arrived with its first staff ticket."""
    outcomes = tickets.scans_upload(scope=fair.ticket_scope, scans=scans, device=device, actor=actor)
    admitted = {int(o.subject): o.first_scanned_at for o in outcomes if o.status == tickets.Status.ADMITTED and o.subject.isdigit()}
    if admitted:
        with transaction.atomic():
            # a late upload of an earlier scan moves the entry time back to the first scan
            rows = [t for t in FairTicket.objects.select_for_update().filter(fair=fair, pk__in=admitted).order_by("pk")
                    if t.checked_in_at is None or admitted[t.pk] < t.checked_in_at]
            for ticket in rows:
                ticket.checked_in_at = admitted[ticket.pk]
            FairTicket.objects.bulk_update(rows, ["checked_in_at"])
            arrived: dict[int, datetime.datetime] = {}
            for ticket in rows:
                if ticket.application_id:
                    arrived[ticket.application_id] = min(arrived.get(ticket.application_id, ticket.checked_in_at), ticket.checked_in_at)
            for application_id, when in arrived.items():
                FairApplication.objects.filter(pk=application_id).filter(Q(checked_in_at__isnull=True) | Q(checked_in_at__gt=when)).update(
                    checked_in_at=when, is_no_show=False)
            if rows:
                audit_record(actor=actor, action="fair.checkin", target=fair, after={"admitted": len(rows), "device": device[:64]}, only_changes=False)
    transaction.on_commit(lambda: wall_bump(fair.pk))  # runs at once when no transaction is open
    return outcomes


# --- periodic work --------------------------------------------------------------------------


def reminders_send_due(*, now: datetime.datetime | None = None) -> int:
    """Remind ticket holders (students) of fairs starting within 24 h, once each, through the
    messaging gateway (WeChat first, then SMS, then an in-app letter)."""
    from tenant_apps.messaging.services import Recipient, message_send

    now = now or timezone.now()
    sent = 0
    for fair in Fair.objects.filter(status=FairStatus.PUBLISHED, starts_at__gt=now, starts_at__lte=now + datetime.timedelta(hours=REMINDER_HOURS)):
        with transaction.atomic():
            due = list(FairTicket.objects.select_for_update(skip_locked=True, of=("self",)).select_related("student")
                       .filter(fair=fair, holder_kind=TicketHolder.STUDENT, is_revoked=False, reminded_at__isnull=True)[:2000])
            if not due:
                continue
            recipients = [Recipient(user_id=t.student_id, name=t.student.display_name, phone=t.student.phone, openid=t.student.wechat_openid) for t in due]
            when = timezone.localtime(fair.starts_at)
            message_send(actor=None, subject="双选会提醒", body=f"您领取门票的双选会“{fair.title}”将于 {when:%m月%d日 %H:%M} 在{fair.location}举行，请携带电子门票入场。",
                         channels=["wechat", "sms", "letter"], recipients=recipients, purpose="notice", source="employment_fairs.reminder",
                         link=f"/h5/employment/fairs/{fair.pk}/")
            FairTicket.objects.filter(pk__in=[t.pk for t in due]).update(reminded_at=now)
            sent += len(due)
    return sent


@transaction.atomic
def no_shows_record(*, actor, fair: Fair) -> int:
    """After the fair: approved employers none of whose staff came in are recorded as no-shows
    (E21; the school may weigh this in later reviews). Running again recomputes the same set."""
    fair = Fair.objects.select_for_update().get(pk=fair.pk)
    if timezone.now() < fair.ends_at:
        raise Conflict("双选会结束后才能登记缺席单位。", code=FairErrorCode.INVALID_STATE)
    approved = FairApplication.objects.filter(fair=fair, status=ApplicationStatus.APPROVED)
    count = approved.filter(checked_in_at__isnull=True).update(is_no_show=True)
    approved.filter(checked_in_at__isnull=False).update(is_no_show=False)
    fair.no_shows_recorded_at = timezone.now()
    fair.save(update_fields=["no_shows_recorded_at", "updated_at"])
    audit_record(actor=actor, action="fair.no_shows_record", target=fair, after={"no_shows": count}, only_changes=False)
    return count


def fairs_close_due(*, now: datetime.datetime | None = None) -> int:
    """The periodic task: record no-shows of fairs that ended and were not closed yet."""
    now = now or timezone.now()
    closed = 0
    for fair in Fair.objects.filter(status=FairStatus.PUBLISHED, ends_at__lte=now, no_shows_recorded_at__isnull=True):
        no_shows_record(actor=None, fair=fair)
        closed += 1
    return closed


def parse_local(value: str) -> datetime.datetime | None:
    """A datetime-local form value in the school's time zone, or None."""
    from django.utils.dateparse import parse_datetime

    parsed = parse_datetime((value or "").strip())
    if parsed is None:
        return None
    return timezone.make_aware(parsed) if timezone.is_naive(parsed) else parsed
