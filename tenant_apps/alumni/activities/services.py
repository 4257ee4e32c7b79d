"""Activity writes: create and review activities, register with capacity that holds, the waiting
list with time-limited offers, payment and refunds through tenant_apps.payments, e-tickets
through core.tickets, check-in, invitations, the black list and comments.

Capacity: a place is taken by `UPDATE ... SET places_taken = places_taken + 1 WHERE
places_taken < capacity` on the ticket type, then on the activity, in that order in every
transaction (no deadlocks); CHECK constraints back it up. Whoever gets the row second waits for
the first to commit and then sees the new count: no oversold activity, whatever the page showed.
"""

from __future__ import annotations

import datetime
import re
import secrets
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from core import hooks
from core.audit import audit_record, snapshot
from core.crypto import blind_index
from core.errors import ApplicationError, Conflict, PermissionDenied
from core.tickets import services as tickets
from tenant_apps.alumni.activities import selectors
from tenant_apps.alumni.activities.enums import (
    FINISHED,
    HOLDING,
    ActivityStatus,
    CommentStatus,
    FieldType,
    OrganiserKind,
    PhotoSource,
    PhotoStatus,
    RegistrationStatus,
)
from tenant_apps.alumni.activities.errors import ActivityErrorCode
from tenant_apps.alumni.activities.models import (
    Activity,
    ActivityPhoto,
    BlacklistEntry,
    Comment,
    Invitation,
    Registration,
    TicketType,
)

RS = RegistrationStatus
PAYMENT_PURPOSE = "alumni_activity"
PHONE_RE = re.compile(r"^1\d{10}$")


# --- activities -----------------------------------------------------------------------------


@dataclass
class ActivityInput:
    title: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    place: str = ""
    city: str = ""
    summary: str = ""
    description: str = ""
    is_online: bool = False
    registration_closes_at: datetime.datetime | None = None
    tags: list[str] = field(default_factory=list)
    organiser_kind: str = OrganiserKind.ASSOCIATION
    organiser_name: str = ""
    chapter_id: int | None = None
    capacity: int = 100
    requires_review: bool = False
    waitlist_enabled: bool = True
    offer_hours: int = 24
    payment_minutes: int = 15
    blacklist_enabled: bool = True
    assign_seats: bool = False
    form_fields: list[dict] = field(default_factory=list)
    # [{"name": "校友票", "price_fen": 0, "capacity": 100}], only when creating
    ticket_types: list[dict] = field(default_factory=list)


def _clean_form_fields(fields: list[dict]) -> list[dict]:
    cleaned, keys = [], set()
    for index, item in enumerate(fields or []):
        label = str(item.get("label", "")).strip()
        kind = item.get("type", FieldType.TEXT)
        if not label:
            raise ApplicationError(f"报名表第 {index + 1} 项缺少名称。", code=ActivityErrorCode.INVALID_FORM, fields={"form_fields": ["字段名称不能为空。"]})
        if kind not in FieldType.values:
            raise ApplicationError(f"报名表字段“{label}”类型无效。", code=ActivityErrorCode.INVALID_FORM, fields={"form_fields": ["字段类型无效。"]})
        options = [str(o).strip() for o in item.get("options", []) if str(o).strip()]
        if kind in (FieldType.CHOICE, FieldType.MULTI) and len(options) < 2:
            raise ApplicationError(f"选择题“{label}”至少需要两个选项。", code=ActivityErrorCode.INVALID_FORM, fields={"form_fields": ["选择题至少两个选项。"]})
        key = str(item.get("key") or f"f{index + 1}")
        if key in keys:
            key = f"f{index + 1}"
        keys.add(key)
        cleaned.append({"key": key, "label": label[:50], "type": kind, "required": bool(item.get("required")), "options": options})
    return cleaned


def form_fields_from_text(text: str) -> list[dict]:
    """The organiser's registration form written one field a line, as the back office and the
    H5 offer it: `名称 | 类型 | 选项1,选项2 | 必填` (类型: 单行文本/多行文本/单选/多选/数字)."""
    kinds = {label: value for value, label in FieldType.choices} | {value: value for value in FieldType.values}
    fields = []
    for line in (text or "").splitlines():
        parts = [p.strip() for p in line.split("|")]
        if not parts[0]:
            continue
        kind = kinds.get(parts[1] if len(parts) > 1 and parts[1] else "单行文本", parts[1] if len(parts) > 1 else "text")
        options = [o.strip() for o in (parts[2] if len(parts) > 2 else "").replace("，", ",").split(",") if o.strip()]
        fields.append({"label": parts[0], "type": kind, "options": options, "required": len(parts) > 3 and parts[3] in ("必填", "是", "required")})
    return fields


def form_fields_to_text(fields: list[dict]) -> str:
    labels = dict(FieldType.choices)
    return "\n".join(f"{f['label']} | {labels.get(f['type'], f['type'])} | {','.join(f.get('options', []))} | {'必填' if f.get('required') else ''}" for f in fields)


def _may_publish(actor) -> bool:
    return bool(actor and actor.has_perm("alumni_activities.review_activity"))


def _check_chapter(actor, data: ActivityInput) -> bool:
    """The chapter picker's rule: an activity of a chapter names one the actor may organise for
    (selectors.chapter_choices). True when the actor runs that chapter as its admin (the
    activity is then the chapter's own and needs no review)."""
    if data.organiser_kind != OrganiserKind.CHAPTER and not data.chapter_id:
        return False
    if not data.chapter_id:
        raise ApplicationError("请选择主办分会。", fields={"chapter_id": ["请选择主办分会。"]})
    if actor is None:
        return False
    allowed = {org.pk: org for org in selectors.chapter_choices(actor)}
    if data.chapter_id not in allowed:
        raise PermissionDenied("只能以您管理的分会名义发起活动。", code=ActivityErrorCode.NOT_CHAPTER_ADMIN)
    data.organiser_kind = OrganiserKind.CHAPTER
    data.organiser_name = data.organiser_name or allowed[data.chapter_id].name
    return data.chapter_id in selectors.org_selectors.admin_org_ids(actor)


@transaction.atomic
def activity_create(*, actor, data: ActivityInput, publish: bool = True) -> Activity:
    """Staff with review permission publish directly; everyone else's activity waits for review."""
    activity = Activity(created_by=actor if getattr(actor, "pk", None) else None)
    runs_chapter = _check_chapter(actor, data)
    _assign(activity, data)
    if runs_chapter and not _may_publish(actor):
        activity.status = ActivityStatus.PUBLISHED if publish else ActivityStatus.DRAFT
        activity.published_at = timezone.now() if publish else None
    elif not _may_publish(actor):
        activity.organiser_kind = OrganiserKind.ALUMNUS if data.organiser_kind == OrganiserKind.ASSOCIATION else data.organiser_kind
        activity.status = ActivityStatus.PENDING
    elif publish:
        activity.status, activity.published_at = ActivityStatus.PUBLISHED, timezone.now()
    activity.full_clean()
    activity.save()
    types = data.ticket_types or [{"name": "普通票", "price_fen": 0, "capacity": activity.capacity}]
    for order, item in enumerate(types):
        ticket_type = TicketType(activity=activity, name=str(item.get("name") or "普通票")[:50], price_fen=int(item.get("price_fen") or 0),
                                 capacity=int(item.get("capacity") or activity.capacity), sort_order=order)
        ticket_type.full_clean()
        ticket_type.save()
    audit_record(actor=actor, action="alumni_activities.activity_create", target=activity, after=snapshot(activity, ["title", "status", "capacity", "starts_at"]))
    return activity


def _assign(activity: Activity, data: ActivityInput) -> None:
    if data.ends_at <= data.starts_at:
        raise ApplicationError("结束时间须晚于开始时间。", fields={"ends_at": ["结束时间须晚于开始时间。"]})
    if data.capacity < activity.places_taken:
        raise ApplicationError(f"总名额不能少于已占名额（{activity.places_taken}）。", fields={"capacity": ["总名额不能少于已占名额。"]})
    for name in ("title", "starts_at", "ends_at", "place", "city", "summary", "description", "is_online", "registration_closes_at", "organiser_kind",
                 "organiser_name", "chapter_id", "capacity", "requires_review", "waitlist_enabled", "offer_hours", "payment_minutes", "blacklist_enabled",
                 "assign_seats"):
        setattr(activity, name, getattr(data, name))
    activity.tags = [t.strip()[:20] for t in data.tags if t.strip()][:10]
    activity.form_fields = _clean_form_fields(data.form_fields)


@transaction.atomic
def activity_update(*, actor, activity: Activity, data: ActivityInput) -> Activity:
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    before = snapshot(activity)
    if data.chapter_id != activity.chapter_id or data.organiser_kind != activity.organiser_kind:
        _check_chapter(actor, data)
    grew = data.capacity > activity.capacity
    _assign(activity, data)
    activity.full_clean()
    activity.save()
    audit_record(actor=actor, action="alumni_activities.activity_update", target=activity, before=before, after=snapshot(activity))
    if grew:  # new places go to the waiting list first, in order
        waitlist_advance(activity_id=activity.pk)
    return activity


@transaction.atomic
def activity_review(*, actor, activity: Activity, approve: bool, note: str = "") -> Activity:
    if activity.status != ActivityStatus.PENDING:
        raise Conflict("只有待审核的活动可以审核。", code=ActivityErrorCode.ACTIVITY_STATE)
    if not approve and not note.strip():
        raise ApplicationError("请填写不通过的原因。", fields={"note": ["请填写原因。"]})
    activity.status = ActivityStatus.PUBLISHED if approve else ActivityStatus.REJECTED
    activity.review_note = note.strip()[:200]
    activity.published_at = timezone.now() if approve else None
    activity.save(update_fields=["status", "review_note", "published_at", "updated_at"])
    audit_record(actor=actor, action="alumni_activities.activity_review", target=activity, after={"status": activity.status, "note": activity.review_note})
    return activity


@transaction.atomic
def activity_set_flags(*, actor, activity: Activity, is_pinned: bool | None = None, is_recommended: bool | None = None) -> Activity:
    before = snapshot(activity, ["is_pinned", "is_recommended"])
    if is_pinned is not None:
        activity.is_pinned = is_pinned
    if is_recommended is not None:
        activity.is_recommended = is_recommended
    activity.save(update_fields=["is_pinned", "is_recommended", "updated_at"])
    audit_record(actor=actor, action="alumni_activities.activity_flags", target=activity, before=before, after=snapshot(activity, ["is_pinned", "is_recommended"]))
    return activity


@transaction.atomic
def activity_delete(*, actor, activity: Activity, notify_url: str = "") -> Activity:
    """Soft delete: the activity disappears from lists; live registrations are cancelled,
    tickets revoked and payments refunded."""
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    activity.deleted_at = timezone.now()
    activity.status = ActivityStatus.CANCELLED
    activity.save(update_fields=["deleted_at", "status", "updated_at"])
    for registration in activity.registrations.exclude(status__in=FINISHED):
        _finish(registration, RS.CANCELLED, "活动已取消", notify_url=notify_url, advance=False, actor=actor)
    audit_record(actor=actor, action="alumni_activities.activity_delete", target=activity)
    return activity


# --- places ---------------------------------------------------------------------------------


def _take_place(ticket_type_id: int, activity_id: int) -> bool:
    """One place of the ticket type and of the activity, or nothing (same transaction)."""
    if not TicketType.objects.filter(pk=ticket_type_id, places_taken__lt=F("capacity")).update(places_taken=F("places_taken") + 1):
        return False
    if not Activity.objects.filter(pk=activity_id, places_taken__lt=F("capacity")).update(places_taken=F("places_taken") + 1):
        TicketType.objects.filter(pk=ticket_type_id).update(places_taken=F("places_taken") - 1)
        return False
    return True


def _release_place(ticket_type_id: int, activity_id: int) -> None:
    TicketType.objects.filter(pk=ticket_type_id).update(places_taken=F("places_taken") - 1)
    Activity.objects.filter(pk=activity_id).update(places_taken=F("places_taken") - 1)


def _ensure_ticket(registration: Registration) -> None:
    """A confirmed (saved) registration gets its signed e-ticket once."""
    if registration.status != RS.CONFIRMED or registration.ticket_code:
        return
    issued = tickets.ticket_issue(scope=registration.activity.ticket_scope, subject=registration.pk)
    registration.ticket_serial, registration.ticket_code = issued.serial, issued.code
    Registration.objects.filter(pk=registration.pk).update(ticket_serial=issued.serial, ticket_code=issued.code)


def _hold(registration: Registration, *, offer: bool = False) -> None:
    """Set the status of a registration that just got a place."""
    now = timezone.now()
    activity = registration.activity
    if offer:
        registration.status = RS.OFFERED
        registration.offer_expires_at = now + datetime.timedelta(hours=activity.offer_hours)
    elif registration.amount_fen:
        registration.status = RS.AWAITING_PAYMENT
        registration.payment_due_at = registration.offer_expires_at or now + datetime.timedelta(minutes=activity.payment_minutes)
    else:
        registration.status = RS.CONFIRMED


# --- registration ---------------------------------------------------------------------------


def registration_is_open(activity: Activity) -> bool:
    now = timezone.now()
    return (activity.status == ActivityStatus.PUBLISHED and activity.deleted_at is None and activity.ends_at > now
            and (activity.registration_closes_at is None or activity.registration_closes_at > now))


def blacklist_reason(user) -> str | None:
    entry = BlacklistEntry.objects.filter(user=user).first()
    return entry.reason if entry else None


def _clean_answers(activity: Activity, answers: dict) -> dict:
    cleaned, errors = {}, {}
    for item in activity.form_fields:
        value = answers.get(item["key"])
        if item["type"] == FieldType.MULTI:
            value = [str(v) for v in (value if isinstance(value, list) else [value] if value else []) if str(v)]
            if any(v not in item["options"] for v in value):
                errors[item["key"]] = ["选项无效。"]
        else:
            value = str(value or "").strip()[:500]
            if value and item["type"] == FieldType.CHOICE and value not in item["options"]:
                errors[item["key"]] = ["选项无效。"]
            if value and item["type"] == FieldType.NUMBER and not re.fullmatch(r"-?\d+(\.\d+)?", value):
                errors[item["key"]] = ["请填写数字。"]
        if item["required"] and not value:
            errors[item["key"]] = [f"请填写“{item['label']}”。"]
        cleaned[item["key"]] = value
    if errors:
        raise ApplicationError("报名表填写有误。", code=ActivityErrorCode.INVALID_FORM, fields=errors)
    return cleaned


@transaction.atomic
def registration_create(*, actor, activity: Activity, ticket_type: TicketType, attendee_name: str, attendee_phone: str,
                        answers: dict | None = None, invitation_code: str = "") -> Registration:
    """Register `attendee` (the actor or someone the actor pays for). The place is taken now or
    the person joins the waiting list; with review on, the place is taken at approval."""
    if ticket_type.activity_id != activity.pk or not ticket_type.is_active:
        raise ApplicationError("票种无效。", fields={"ticket_type": ["票种无效。"]})
    if not registration_is_open(activity):
        raise Conflict("活动不在报名期内。", code=ActivityErrorCode.NOT_OPEN)
    if activity.blacklist_enabled and (reason := blacklist_reason(actor)):
        raise PermissionDenied(f"您暂时不能报名本会活动：{reason}", code=ActivityErrorCode.BLACKLISTED)
    attendee_name, attendee_phone = attendee_name.strip(), re.sub(r"\s|-", "", attendee_phone or "")
    errors = {}
    if not attendee_name:
        errors["attendee_name"] = ["请填写参加人姓名。"]
    if not PHONE_RE.match(attendee_phone):
        errors["attendee_phone"] = ["请填写 11 位手机号。"]
    if errors:
        raise ApplicationError("报名信息填写有误。", fields=errors)
    invitation = None
    if invitation_code:
        invitation = Invitation.objects.select_for_update().filter(activity=activity, code=invitation_code.strip().upper()).first()
        if invitation is None or invitation.uses >= invitation.max_uses or (invitation.ticket_type_id and invitation.ticket_type_id != ticket_type.pk):
            raise ApplicationError("邀请码无效或已用完。", code=ActivityErrorCode.INVALID_INVITATION, fields={"invitation_code": ["邀请码无效或已用完。"]})
    registration = Registration(activity=activity, ticket_type=ticket_type, user=actor, attendee_name=attendee_name[:50], attendee_phone=attendee_phone,
                                attendee_phone_hash=blind_index(attendee_phone), answers=_clean_answers(activity, answers or {}),
                                invitation=invitation, amount_fen=ticket_type.price_fen)
    someone_waits = activity.registrations.filter(status=RS.WAITLISTED, ticket_type=ticket_type).exists()
    if activity.requires_review and invitation is None:
        registration.status = RS.PENDING_REVIEW
    elif not someone_waits and _take_place(ticket_type.pk, activity.pk):
        _hold(registration)
    elif activity.waitlist_enabled:
        registration.status, registration.waitlisted_at = RS.WAITLISTED, timezone.now()
    else:
        raise Conflict("名额已满。", code=ActivityErrorCode.FULL)
    try:
        with transaction.atomic():
            registration.save()
    except IntegrityError as exc:
        raise Conflict("该手机号已报名本活动。", code=ActivityErrorCode.ALREADY_REGISTERED, fields={"attendee_phone": ["该手机号已报名本活动。"]}) from exc
    _ensure_ticket(registration)
    if invitation is not None:
        Invitation.objects.filter(pk=invitation.pk).update(uses=F("uses") + 1)
    audit_record(actor=actor, action="alumni_activities.registration_create", target=registration,
                 after={"status": registration.status, "ticket_type": ticket_type.pk, "activity": activity.pk})
    _notify_on_commit(registration)
    return registration


def _locked(registration: Registration) -> Registration:
    return Registration.objects.select_for_update().select_related("activity", "ticket_type").get(pk=registration.pk)


@transaction.atomic
def registration_review(*, actor, registration: Registration, approve: bool, reason: str = "") -> Registration:
    registration = _locked(registration)
    if registration.status != RS.PENDING_REVIEW:
        raise Conflict("该报名不在待审核状态。", code=ActivityErrorCode.REGISTRATION_STATE)
    if not approve:
        if not reason.strip():
            raise ApplicationError("请填写拒绝原因，报名人会看到。", fields={"reason": ["请填写原因。"]})
        registration.status, registration.reason = RS.REFUSED, reason.strip()[:200]
    elif _take_place(registration.ticket_type_id, registration.activity_id):
        _hold(registration)
    elif registration.activity.waitlist_enabled:
        registration.status, registration.waitlisted_at = RS.WAITLISTED, timezone.now()
    else:
        raise Conflict("名额已满，无法通过。", code=ActivityErrorCode.FULL)
    registration.save()
    _ensure_ticket(registration)
    audit_record(actor=actor, action="alumni_activities.registration_review", target=registration, after={"status": registration.status, "reason": registration.reason})
    _notify_on_commit(registration)
    return registration


def _finish(registration: Registration, status: str, reason: str, *, notify_url: str, advance: bool = True, actor=None) -> Registration:
    """End a registration: free its place (offering it to the next in line), revoke the ticket,
    refund what was paid. Caller holds the registration row."""
    held = registration.status in HOLDING
    was_paid = registration.paid_at is not None
    registration.status, registration.reason = status, reason[:200]
    registration.save(update_fields=["status", "reason", "updated_at"])
    if registration.ticket_serial:
        tickets.ticket_revoke(serial=registration.ticket_serial, scope=registration.activity.ticket_scope, reason=registration.get_status_display())
    if held:
        _release_place(registration.ticket_type_id, registration.activity_id)
        if advance:
            waitlist_advance(activity_id=registration.activity_id)
    if was_paid and registration.order_no:
        _refund_on_commit(registration, reason, notify_url, actor)
    _notify_on_commit(registration)
    return registration


@transaction.atomic
def registration_remove(*, actor, registration: Registration, reason: str, notify_url: str = "") -> Registration:
    """请退: the organiser removes a registrant (reason told to the person; payment refunded)."""
    registration = _locked(registration)
    if registration.status in FINISHED:
        raise Conflict("该报名已结束。", code=ActivityErrorCode.REGISTRATION_STATE)
    if not reason.strip():
        raise ApplicationError("请填写请退原因，报名人会看到。", fields={"reason": ["请填写原因。"]})
    _finish(registration, RS.REMOVED, reason.strip(), notify_url=notify_url, actor=actor)
    audit_record(actor=actor, action="alumni_activities.registration_remove", target=registration, after={"reason": reason})
    return registration


@transaction.atomic
def registration_cancel(*, actor, registration: Registration, notify_url: str = "") -> Registration:
    """The registrant withdraws (before the activity starts); a paid place is refunded."""
    registration = _locked(registration)
    if registration.user_id != actor.pk:
        raise PermissionDenied("只能取消自己的报名。")
    if registration.status in FINISHED:
        raise Conflict("该报名已结束。", code=ActivityErrorCode.REGISTRATION_STATE)
    if registration.activity.starts_at <= timezone.now():
        raise Conflict("活动已开始，不能取消。", code=ActivityErrorCode.REGISTRATION_STATE)
    _finish(registration, RS.CANCELLED, "本人取消", notify_url=notify_url, actor=actor)
    audit_record(actor=actor, action="alumni_activities.registration_cancel", target=registration)
    return registration


# --- waiting list ---------------------------------------------------------------------------


def waitlist_advance(*, activity_id: int) -> list[Registration]:
    """Offer free places to the waiting list in order (created time), each for the activity's
    offer window. Runs in the caller's transaction; stops at the first entry that gets no place."""
    offered = []
    activity = Activity.objects.get(pk=activity_id)
    if not activity.waitlist_enabled or not registration_is_open(activity):
        return offered
    waiting = (Registration.objects.select_for_update(skip_locked=True).select_related("activity", "ticket_type")
               .filter(activity_id=activity_id, status=RS.WAITLISTED).order_by("waitlisted_at", "id"))
    blocked_types: set[int] = set()
    for registration in waiting[:50]:
        if registration.ticket_type_id in blocked_types:
            continue
        if not _take_place(registration.ticket_type_id, activity_id):
            blocked_types.add(registration.ticket_type_id)
            if Activity.objects.filter(pk=activity_id, places_taken__gte=F("capacity")).exists():
                break
            continue
        _hold(registration, offer=True)
        registration.save(update_fields=["status", "offer_expires_at", "updated_at"])
        audit_record(actor=None, action="alumni_activities.waitlist_offer", target=registration, after={"offer_expires_at": registration.offer_expires_at})
        _notify_on_commit(registration)
        offered.append(registration)
    return offered


@transaction.atomic
def offer_accept(*, actor, registration: Registration) -> Registration:
    registration = _locked(registration)
    if registration.user_id != actor.pk:
        raise PermissionDenied("只能确认自己的候补名额。")
    if registration.status != RS.OFFERED or registration.offer_expires_at <= timezone.now():
        raise Conflict("候补名额已过期或不存在。", code=ActivityErrorCode.REGISTRATION_STATE)
    _hold(registration)
    registration.save()
    _ensure_ticket(registration)
    audit_record(actor=actor, action="alumni_activities.offer_accept", target=registration, after={"status": registration.status})
    return registration


@transaction.atomic
def offer_decline(*, actor, registration: Registration) -> Registration:
    registration = _locked(registration)
    if registration.user_id != actor.pk or registration.status != RS.OFFERED:
        raise Conflict("没有可放弃的候补名额。", code=ActivityErrorCode.REGISTRATION_STATE)
    _finish(registration, RS.CANCELLED, "放弃候补名额", notify_url="", actor=actor)
    audit_record(actor=actor, action="alumni_activities.offer_decline", target=registration)
    return registration


def expire_due(*, now: datetime.datetime | None = None) -> int:
    """Offers and unpaid holds past their time end and the place moves on. An unpaid hold is
    first checked with WeChat Pay (the payer may have paid a second ago)."""
    now = now or timezone.now()
    due = list(Registration.objects.filter(status=RS.OFFERED, offer_expires_at__lte=now).values_list("pk", flat=True))
    unpaid = list(Registration.objects.filter(status=RS.AWAITING_PAYMENT, payment_due_at__lte=now).values_list("pk", "order_no"))
    for pk, order_no in unpaid:
        if order_no and not _payment_checked(order_no):
            continue  # WeChat Pay unreachable: do not take away a place that may be paid
        due.append(pk)
    expired = 0
    for pk in due:
        with transaction.atomic():
            registration = Registration.objects.select_for_update(skip_locked=True).select_related("activity").filter(pk=pk).first()
            if registration is None:
                continue
            if (registration.status == RS.OFFERED and registration.offer_expires_at <= now) or (
                    registration.status == RS.AWAITING_PAYMENT and registration.payment_due_at <= now):
                _finish(registration, RS.EXPIRED, "超时未确认" if registration.status == RS.OFFERED else "超时未支付", notify_url="")
                audit_record(actor=None, action="alumni_activities.registration_expire", target=registration)
                expired += 1
    return expired


def _payment_checked(order_no: str) -> bool:
    """Query the order back (applying a payment we missed); False when WeChat Pay cannot answer."""
    from tenant_apps.payments import services as payments
    from tenant_apps.payments.models import Order

    order = Order.objects.filter(out_trade_no=order_no).first()
    if order is None:
        return True
    try:
        payments.order_sync(order=order)
    except ApplicationError:
        return False
    return True


def registration_payment_sync(*, registration: Registration) -> Registration:
    """The payer says it is paid: ask WeChat Pay (the page's `ok` is no proof) and apply."""
    if registration.order_no and not _payment_checked(registration.order_no):
        raise ApplicationError("暂时无法确认支付结果，请稍后刷新。", status=503)
    registration.refresh_from_db()
    return registration


# --- payment --------------------------------------------------------------------------------


def registration_pay(*, actor, registration: Registration, openid: str, notify_url: str):
    """Start (or resume) the WeChat Pay JSAPI payment of a held place; the payer may be someone
    other than the attendee. Returns the payments Checkout."""
    from tenant_apps.payments import services as payments
    from tenant_apps.payments.enums import OrderStatus
    from tenant_apps.payments.models import Order

    registration = Registration.objects.select_related("activity", "ticket_type").get(pk=registration.pk)
    if registration.status != RS.AWAITING_PAYMENT or registration.payment_due_at <= timezone.now():
        raise Conflict("该报名当前无需支付或已超时。", code=ActivityErrorCode.REGISTRATION_STATE)
    if registration.order_no:
        order = Order.objects.get(out_trade_no=registration.order_no)
        if order.status == OrderStatus.CREATED and order.payer_user_id == actor.pk:
            return payments.Checkout(order=order, jsapi=payments.order_checkout(order=order))
    checkout = payments.order_create(purpose=PAYMENT_PURPOSE, reference=str(registration.pk), description=f"{registration.activity.title[:60]}·{registration.ticket_type.name}",
                                     amount_fen=registration.amount_fen, payer=actor, payer_openid=openid, expires_at=registration.payment_due_at,
                                     notify_url=notify_url, beneficiary_label=registration.attendee_name)
    Registration.objects.filter(pk=registration.pk).update(order_no=checkout.order.out_trade_no)
    return checkout


def on_order_paid(*, order) -> None:
    """payments.order_paid: confirm the place and issue the ticket. A payment that arrives after
    the hold expired takes a place again if one is free, else it is refunded in full; so is a
    payment for a registration that was cancelled or removed, and a second payment."""
    if order.purpose != PAYMENT_PURPOSE:
        return
    registration = Registration.objects.select_for_update().select_related("activity", "ticket_type").filter(pk=int(order.reference)).first()
    if registration is None:
        return
    if registration.paid_at is not None:
        if registration.order_no != order.out_trade_no:  # paid twice (two open orders, e.g. a friend paid too): the second goes back
            audit_record(actor=None, action="alumni_activities.payment_duplicate", target=registration, after={"order": order.out_trade_no})
            _refund_on_commit(registration, "重复支付，自动退款", "", None, order_no=order.out_trade_no)
        return
    registration.paid_at, registration.order_no = timezone.now(), order.out_trade_no
    # Only a hold that ran out may come back with a late payment; a place the person cancelled or
    # the organiser refused or removed (请退) stays ended, and the money goes back.
    if registration.status == RS.AWAITING_PAYMENT or (registration.status == RS.EXPIRED and _take_place(registration.ticket_type_id, registration.activity_id)):
        registration.status, registration.reason = RS.CONFIRMED, ""
        registration.save()
        _ensure_ticket(registration)
        audit_record(actor=None, action="alumni_activities.registration_paid", target=registration, after={"order": order.out_trade_no})
        _notify_on_commit(registration)
        return
    registration.save(update_fields=["paid_at", "order_no", "updated_at"])
    _refund_on_commit(registration, "名额已释放，自动退款", "", None)


def _refund_on_commit(registration: Registration, reason: str, notify_url: str, actor, *, order_no: str = "") -> None:
    """After commit, refund what is left of the registration's order (or of `order_no`) under a
    fixed refund number: running twice never refunds twice."""
    from tenant_apps.payments import services as payments
    from tenant_apps.payments.enums import RefundStatus
    from tenant_apps.payments.models import Order

    order_no, pk = order_no or registration.order_no, registration.pk

    def refund():
        order = Order.objects.filter(out_trade_no=order_no).first()
        if order is not None:
            remaining = order.amount_fen - sum(order.refunds.exclude(status=RefundStatus.CLOSED).values_list("amount_fen", flat=True))
            if remaining > 0:
                payments.refund_create(actor=actor, order=order, amount_fen=remaining, reason=reason[:80], notify_url=notify_url, out_refund_no=f"R{order_no}A{pk}")

    transaction.on_commit(refund)


# --- check-in -------------------------------------------------------------------------------


def checkin_upload(*, actor, activity: Activity, scans: list[dict], device: str = "") -> list[tickets.ScanOutcome]:
    """Door scans (online or uploaded later): the ticket kernel reconciles them; admitted
    registrations get their check-in time (the first scan) and, when the activity assigns seats,
    the next free seat number."""
    outcomes = tickets.scans_upload(scope=activity.ticket_scope, scans=scans, device=device, actor=actor)
    admitted = {int(o.subject): o.first_scanned_at for o in outcomes if o.status == tickets.Status.ADMITTED and o.subject.isdigit()}
    if admitted:
        with transaction.atomic():
            Activity.objects.select_for_update().filter(pk=activity.pk).first()  # one seat numbering at a time (doors upload in parallel)
            rows = Registration.objects.select_for_update().filter(activity=activity, pk__in=admitted, checked_in_at__isnull=True).order_by("pk")
            next_seat = activity.registrations.exclude(seat_label="").count() + 1
            for registration in rows:
                registration.checked_in_at = admitted[registration.pk]
                if activity.assign_seats and not registration.seat_label:
                    registration.seat_label, next_seat = f"{next_seat}号", next_seat + 1
                registration.save(update_fields=["checked_in_at", "seat_label", "updated_at"])
            audit_record(actor=actor, action="alumni_activities.checkin", target=activity, after={"admitted": len(admitted)})
    return outcomes


# --- invitations, black list, comments -------------------------------------------------------


@transaction.atomic
def invitation_create(*, actor, activity: Activity, guest_name: str = "", max_uses: int = 1, ticket_type: TicketType | None = None) -> Invitation:
    if max_uses < 1 or max_uses > 1000:
        raise ApplicationError("可用次数须在 1 到 1000 之间。", fields={"max_uses": ["可用次数须在 1 到 1000 之间。"]})
    alphabet = tickets.SERIAL_ALPHABET.upper()
    invitation = Invitation(activity=activity, code="".join(secrets.choice(alphabet) for _ in range(8)), guest_name=guest_name.strip()[:50], max_uses=max_uses,
                            ticket_type=ticket_type)
    invitation.full_clean()
    invitation.save()
    audit_record(actor=actor, action="alumni_activities.invitation_create", target=invitation, after={"activity": activity.pk, "max_uses": max_uses})
    return invitation


@transaction.atomic
def blacklist_add(*, actor, user, reason: str) -> BlacklistEntry:
    if not reason.strip():
        raise ApplicationError("请填写原因，本人报名时会看到。", fields={"reason": ["请填写原因。"]})
    entry, _ = BlacklistEntry.objects.update_or_create(user=user, defaults={"reason": reason.strip()[:200], "created_by": actor})
    audit_record(actor=actor, action="alumni_activities.blacklist_add", target=entry, after={"user": user.pk, "reason": entry.reason})
    return entry


@transaction.atomic
def blacklist_remove(*, actor, entry: BlacklistEntry) -> None:
    audit_record(actor=actor, action="alumni_activities.blacklist_remove", target=entry, before={"user": entry.user_id})
    entry.delete()


@transaction.atomic
def comment_add(*, actor, activity: Activity, body: str) -> Comment:
    if not body.strip():
        raise ApplicationError("评论不能为空。", fields={"body": ["评论不能为空。"]})
    comment = Comment(activity=activity, user=actor, body=body.strip()[:500])
    comment.full_clean()
    comment.save()
    audit_record(actor=actor, action="alumni_activities.comment_add", target=comment)
    return comment


@transaction.atomic
def comment_moderate(*, actor, comment: Comment, visible: bool) -> Comment:
    comment.status = CommentStatus.VISIBLE if visible else CommentStatus.HIDDEN
    comment.save(update_fields=["status"])
    audit_record(actor=actor, action="alumni_activities.comment_moderate", target=comment, after={"status": comment.status})
    return comment


# --- photos ----------------------------------------------------------------------------------

PHOTO_APPROVED = "alumni.activity_photo_approved"  # hooks event: photo=ActivityPhoto (albums take it in)
PHOTO_WITHDRAWN = "alumni.activity_photo_withdrawn"  # hooks event: photo_id=, activity_id= (albums drop it)
PHOTOS_PER_ATTENDEE = 30
MODERATE_PHOTO = "alumni_activities.moderate_comment"  # the comment moderators review photos too


def photo_uploader_role(user, activity: Activity) -> str | None:
    """"organiser" (staff who moderate photos, the activity's chapter admins, its creator),
    "attendee" (a confirmed registration), or None (may not upload)."""
    if not getattr(user, "is_authenticated", False):
        return None
    if selectors.may_manage(user, activity, MODERATE_PHOTO) or (activity.created_by_id == user.pk and activity.status == ActivityStatus.PUBLISHED):
        return PhotoSource.ORGANISER
    if activity.registrations.filter(user=user, status=RS.CONFIRMED).exists():
        return PhotoSource.ATTENDEE
    return None


@transaction.atomic
def photo_upload(*, actor, activity: Activity, image, caption: str = "") -> ActivityPhoto:
    """Organisers' photos show at once; attendees' wait for moderation. The file obeys the
    tenant's upload limits for images (core.files.TenantFileField)."""
    if activity.deleted_at is not None or activity.status != ActivityStatus.PUBLISHED:
        raise Conflict("活动未发布，不能上传照片。", code=ActivityErrorCode.ACTIVITY_STATE)
    role = photo_uploader_role(actor, activity)
    if role is None:
        raise PermissionDenied("报名成功的参加者和主办方才能上传活动照片。", code=ActivityErrorCode.PHOTO_NOT_ALLOWED)
    if image is None:
        raise ApplicationError("请选择照片。", fields={"image": ["请选择照片。"]})
    if role == PhotoSource.ATTENDEE and ActivityPhoto.objects.filter(activity=activity, uploaded_by=actor).count() >= PHOTOS_PER_ATTENDEE:
        raise Conflict(f"每人每个活动最多上传 {PHOTOS_PER_ATTENDEE} 张照片。", code=ActivityErrorCode.PHOTO_LIMIT)
    photo = ActivityPhoto(activity=activity, image=image, caption=caption.strip()[:100], uploaded_by=actor, source=role)
    if role == PhotoSource.ORGANISER:
        photo.status, photo.reviewed_by, photo.reviewed_at = PhotoStatus.APPROVED, actor, timezone.now()
    try:
        photo.full_clean()
    except ValidationError as exc:
        message = next(iter(exc.message_dict.values()))[0]
        raise ApplicationError(message, code="upload_rejected", fields=exc.message_dict) from exc
    photo.save()
    audit_record(actor=actor, action="alumni_activities.photo_upload", target=photo, after={"activity": activity.pk, "status": photo.status, "source": role})
    if photo.status == PhotoStatus.APPROVED:
        transaction.on_commit(lambda: hooks.publish(PHOTO_APPROVED, photo=photo))
    return photo


@transaction.atomic
def photo_review(*, actor, photo: ActivityPhoto, approve: bool, note: str = "") -> ActivityPhoto:
    photo = ActivityPhoto.objects.select_for_update().select_related("activity").get(pk=photo.pk)
    if not selectors.may_manage(actor, photo.activity, MODERATE_PHOTO):
        raise PermissionDenied("没有审核该活动照片的权限。")
    was_approved = photo.status == PhotoStatus.APPROVED
    if not approve and not note.strip():
        raise ApplicationError("请填写不通过的原因，上传人会看到。", fields={"note": ["请填写原因。"]})
    photo.status = PhotoStatus.APPROVED if approve else PhotoStatus.REJECTED
    photo.review_note, photo.reviewed_by, photo.reviewed_at = note.strip()[:200], actor, timezone.now()
    photo.save(update_fields=["status", "review_note", "reviewed_by", "reviewed_at"])
    audit_record(actor=actor, action="alumni_activities.photo_review", target=photo, after={"status": photo.status, "note": photo.review_note})
    if approve and not was_approved:
        transaction.on_commit(lambda: hooks.publish(PHOTO_APPROVED, photo=photo))
    elif not approve and was_approved:
        photo_id, activity_id = photo.pk, photo.activity_id
        transaction.on_commit(lambda: hooks.publish(PHOTO_WITHDRAWN, photo_id=photo_id, activity_id=activity_id))
    return photo


@transaction.atomic
def photo_delete(*, actor, photo: ActivityPhoto) -> None:
    """The uploader removes their own photo; moderators remove any. The file goes too."""
    if photo.uploaded_by_id != actor.pk and not selectors.may_manage(actor, photo.activity, MODERATE_PHOTO):
        raise PermissionDenied("只能删除自己上传的照片。")
    photo_id, activity_id, was_approved, name = photo.pk, photo.activity_id, photo.status == PhotoStatus.APPROVED, photo.image.name
    audit_record(actor=actor, action="alumni_activities.photo_delete", target=photo, before={"status": photo.status, "image": name}, after=None)
    storage = photo.image.storage
    photo.delete()
    transaction.on_commit(lambda: storage.delete(name) if name else None)
    if was_approved:
        transaction.on_commit(lambda: hooks.publish(PHOTO_WITHDRAWN, photo_id=photo_id, activity_id=activity_id))


# --- notices ---------------------------------------------------------------------------------

NOTICES = {
    RS.CONFIRMED: "您已成功报名“{title}”，电子票已生成，请凭二维码入场。",
    RS.AWAITING_PAYMENT: "您报名的“{title}”已为您保留名额，请在 {minutes} 分钟内完成支付。",
    RS.WAITLISTED: "“{title}”名额已满，您已进入候补名单，有名额时会通知您。",
    RS.OFFERED: "“{title}”有空出的名额，已为您保留至 {until}，请尽快确认。",
    RS.REFUSED: "很抱歉，您报名的“{title}”未通过审核：{reason}",
    RS.REMOVED: "您报名的“{title}”已被主办方请退：{reason}",
    RS.EXPIRED: "您在“{title}”的名额已过期：{reason}",
}


def _notify_on_commit(registration: Registration) -> None:
    template = NOTICES.get(registration.status)
    if template is None:
        return
    from tenant_apps.messaging.recipients import Recipient
    from tenant_apps.messaging.services import message_send

    activity = registration.activity
    until = timezone.localtime(registration.offer_expires_at).strftime("%m-%d %H:%M") if registration.offer_expires_at else ""
    body = template.format(title=activity.title, minutes=activity.payment_minutes, until=until, reason=registration.reason)
    recipient = Recipient(user_id=registration.user_id, name=registration.attendee_name, phone=registration.attendee_phone,
                          openid=getattr(registration.user, "wechat_openid", "") or "")

    def send():
        message_send(actor=None, subject=f"活动报名：{activity.title}"[:100], body=body, channels=["wechat", "sms"], recipients=[recipient],
                     source="alumni_activities", link=f"/h5/alumni/activities/{activity.pk}/")

    transaction.on_commit(send)


def notice_send(*, actor, activity: Activity, body: str, statuses: list[str] | None = None, channels: list[str] | None = None):
    """A notice from the organiser to the registrants (by default the confirmed ones)."""
    from tenant_apps.messaging.recipients import Recipient
    from tenant_apps.messaging.services import message_send

    if not body.strip():
        raise ApplicationError("请填写通知内容。", fields={"body": ["请填写通知内容。"]})
    rows = activity.registrations.filter(status__in=statuses or [RS.CONFIRMED]).select_related("user")
    recipients = [Recipient(user_id=r.user_id, name=r.attendee_name, phone=r.attendee_phone, openid=r.user.wechat_openid or "") for r in rows]
    if not recipients:
        raise ApplicationError("没有符合条件的报名人。", fields={"statuses": ["没有符合条件的报名人。"]})
    return message_send(actor=actor, subject=f"活动通知：{activity.title}"[:100], body=body.strip(), channels=channels or ["wechat", "sms"],
                        recipients=recipients, source="alumni_activities", link=f"/h5/alumni/activities/{activity.pk}/")
