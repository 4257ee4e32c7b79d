"""Cloud card writes: settings, claiming, partners, scans and live tokens, staff checks, coupons
(issue, redeem once), key alumni and their alert."""

from __future__ import annotations

import datetime
import secrets
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone

from core.audit import audit_record, snapshot
from core.errors import ApplicationError, Conflict, NotFound, PermissionDenied
from tenant_apps.alumni.card import selectors, tokens
from tenant_apps.alumni.card.enums import (
    CardStatus,
    CheckResult,
    CheckVia,
    CouponStatus,
    PartnerCategory,
)
from tenant_apps.alumni.card.errors import CardErrorCode
from tenant_apps.alumni.card.models import (
    Card,
    CardSettings,
    Check,
    Coupon,
    CouponBatch,
    KeyAlumnus,
    Partner,
    Scan,
)
from tenant_apps.alumni.records.selectors import verified_member

LIVE_PAGE_MINUTES = 30  # a live page older than this asks for a new scan
ALERT_QUIET_MINUTES = 30  # one key-alumnus alert per card and partner in this window
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


# --- settings and claiming --------------------------------------------------------------------


@transaction.atomic
def settings_save(*, actor, name: str, tagline: str = "", claim_intro: str = "", is_claim_open: bool = True, logo=None,
                  remove_logo: bool = False) -> CardSettings:
    row = selectors.card_settings()
    before = snapshot(row, ["name", "tagline", "is_claim_open"])
    if not name.strip():
        raise ApplicationError("请填写云卡名称。", fields={"name": ["必填。"]})
    row.name, row.tagline, row.claim_intro, row.is_claim_open = name.strip()[:50], tagline.strip()[:100], claim_intro.strip(), is_claim_open
    if logo is not None:
        row.logo = logo
    elif remove_logo:
        row.logo = ""
    try:
        row.full_clean()
    except Exception as exc:  # ValidationError from the upload limits
        raise ApplicationError("LOGO 不符合要求。", fields=getattr(exc, "message_dict", {"logo": [str(exc)]})) from exc
    row.save()
    audit_record(actor=actor, action="alumni_card.settings_save", target=row, before=before, after=snapshot(row, ["name", "tagline", "is_claim_open"]))
    return row


def _new_number() -> str:
    return f"{timezone.localdate():%y}{secrets.randbelow(10 ** 8):08d}"


def card_claim(*, actor, via: str = "link") -> Card:
    """Give a verified alumnus their card (claiming twice returns the same card)."""
    existing = selectors.card_for(actor)
    if existing is not None:
        if not existing.is_active:
            raise Conflict("您的云卡已被停用，请联系校友会。", code=CardErrorCode.CARD_REVOKED)
        return existing
    reason = selectors.claim_refusal(actor)
    if reason:
        raise PermissionDenied(reason, code=CardErrorCode.CLAIM_CLOSED if "开放" in reason else CardErrorCode.NOT_VERIFIED)
    member = verified_member(actor, related=selectors.CARD_MEMBER_RELATED)
    record = member.record
    for _ in range(5):
        try:
            with transaction.atomic():
                card = Card(user=actor, member=member, number=_new_number(), holder_name=member.name, class_year=member.class_year or record.class_year,
                            college=record.college.name if record.college_id else (record.college_name or member.college_name), claimed_via=via[:10])
                card.full_clean(exclude=["user", "member"])
                card.save()
                audit_record(actor=actor, action="alumni_card.card_claim", target=card, after={"number": card.number, "via": card.claimed_via})
                return card
        except IntegrityError:
            existing = selectors.card_for(actor)
            if existing is not None:  # the same person claimed twice at once
                return existing
    raise Conflict("卡号生成冲突，请重试。")


@transaction.atomic
def card_set_status(*, actor, card: Card, active: bool, reason: str = "") -> Card:
    card.status = CardStatus.ACTIVE if active else CardStatus.REVOKED
    card.revoked_at = None if active else timezone.now()
    card.revoke_reason = "" if active else reason.strip()[:200]
    card.save(update_fields=["status", "revoked_at", "revoke_reason"])
    audit_record(actor=actor, action="alumni_card.card_status", target=card, after={"status": card.status, "reason": card.revoke_reason})
    return card


# --- partners -------------------------------------------------------------------------------


@dataclass
class PartnerInput:
    name: str
    category: str = PartnerCategory.OTHER
    offer: str = ""
    address: str = ""
    contact: str = ""
    is_active: bool = True
    sort_order: int = 0


@transaction.atomic
def partner_save(*, actor, data: PartnerInput, partner: Partner | None = None, logo=None) -> Partner:
    creating = partner is None
    partner = partner or Partner()
    before = None if creating else snapshot(partner, ["name", "category", "is_active"])
    if not data.name.strip():
        raise ApplicationError("请填写机构名称。", fields={"name": ["必填。"]})
    if data.category not in PartnerCategory.values:
        raise ApplicationError("机构类别无效。", fields={"category": ["类别无效。"]})
    partner.name, partner.category, partner.offer = data.name.strip()[:100], data.category, data.offer.strip()
    partner.address, partner.contact, partner.is_active, partner.sort_order = data.address.strip()[:200], data.contact.strip()[:40], data.is_active, data.sort_order
    if logo is not None:
        partner.logo = logo
    try:
        partner.full_clean()
    except Exception as exc:
        raise ApplicationError("机构信息有误。", fields=getattr(exc, "message_dict", {"logo": [str(exc)]})) from exc
    partner.save()
    audit_record(actor=actor, action="alumni_card.partner_create" if creating else "alumni_card.partner_update", target=partner, before=before,
                 after=snapshot(partner, ["name", "category", "is_active"]))
    return partner


@transaction.atomic
def partner_delete(*, actor, partner: Partner) -> None:
    """A partner with a history (scans, coupons) is only taken out of service, never erased."""
    if partner.scans.exists() or partner.coupon_batches.exists():
        raise Conflict("该机构已有扫码或电子券记录，不能删除；可改为“停止合作”。", code="partner_has_history")
    audit_record(actor=actor, action="alumni_card.partner_delete", target=partner, before=snapshot(partner, ["name", "category"]))
    partner.delete()


@transaction.atomic
def partner_rotate_key(*, actor, partner: Partner, which: str) -> Partner:
    """New QR (old printed codes stop working) or new staff link (old staff devices are logged out)."""
    from tenant_apps.alumni.card.models import new_key

    if which not in ("qr", "staff"):
        raise ApplicationError("参数无效。")
    setattr(partner, f"{which}_key", new_key())
    partner.save(update_fields=[f"{which}_key"])
    audit_record(actor=actor, action="alumni_card.partner_rotate_key", target=partner, after={"which": which})
    return partner


# --- scans, live tokens and checks -----------------------------------------------------------


def active_card(user) -> Card:
    card = selectors.card_for(user)
    if card is None:
        raise NotFound("您还没有领取云卡。", code=CardErrorCode.NO_CARD)
    if not card.is_active:
        raise PermissionDenied("您的云卡已被停用，请联系校友会。", code=CardErrorCode.CARD_REVOKED)
    return card


@transaction.atomic
def scan_start(*, actor, partner: Partner, in_wechat: bool = False) -> Scan:
    """The card holder opened `partner`'s QR: log it, and alert the association about a key alumnus."""
    card = active_card(actor)
    if not partner.is_active:
        raise Conflict("该机构已停止合作。", code=CardErrorCode.PARTNER_INACTIVE)
    is_key = selectors.is_key_alumnus(card)
    recently = timezone.now() - datetime.timedelta(minutes=ALERT_QUIET_MINUTES)
    alert = is_key and not Scan.objects.filter(card=card, partner=partner, alert_sent=True, scanned_at__gte=recently).exists()
    scan = Scan.objects.create(partner=partner, card=card, in_wechat=in_wechat, is_key_alumnus=is_key, alert_sent=alert)
    audit_record(actor=actor, action="alumni_card.scan", target=scan, after={"partner": partner.pk, "key": is_key})
    if alert:
        transaction.on_commit(lambda: _key_alert(scan.pk))
    return scan


def _key_alert(scan_id: int) -> None:
    """A notice to everyone who receives key-alumnus alerts (wechat first, else the message centre)."""
    from tenant_apps.accounts.models import User
    from tenant_apps.messaging.recipients import Recipient
    from tenant_apps.messaging.services import message_send

    scan = Scan.objects.select_related("card", "partner").get(pk=scan_id)
    admins = User.objects.with_perm("alumni_card.receive_key_alert").filter(is_active=True).exclude(kind="alumnus")
    recipients = [Recipient(user_id=u.pk, name=u.display_name or u.username, openid=u.wechat_openid or "") for u in admins]
    if not recipients:
        return
    card, when = scan.card, timezone.localtime(scan.scanned_at)
    year = f"（{card.class_year}级）" if card.class_year else ""
    body = f"重点校友 {card.holder_name}{year} 于 {when:%m-%d %H:%M} 在「{scan.partner.name}」使用了云卡，可及时致以问候。"
    message_send(actor=None, subject="重点校友扫码提醒", body=body, channels=["wechat", "letter"], recipients=recipients,
                 source="alumni_card.key_alert", link=f"/admin-ui/alumni/card/scans/?key=1&q={card.number}")


def scan_for_holder(*, actor, scan_id: int) -> Scan:
    scan = Scan.objects.select_related("partner", "card").filter(pk=scan_id, card__user=actor).first()
    if scan is None:
        raise NotFound("扫码记录不存在。")
    return scan


def live_token_issue(*, actor, scan: Scan) -> str:
    """A fresh token for the holder's live page (refreshed every few seconds by the page)."""
    if scan.card.user_id != actor.pk:
        raise NotFound("扫码记录不存在。")
    scan.card.refresh_from_db(fields=["status"])
    if not scan.card.is_active:
        raise PermissionDenied("您的云卡已被停用，请联系校友会。", code=CardErrorCode.CARD_REVOKED)
    if scan.scanned_at < timezone.now() - datetime.timedelta(minutes=LIVE_PAGE_MINUTES):
        raise Conflict("页面已过期，请重新扫描机构二维码。", code=CardErrorCode.TOKEN_EXPIRED)
    return tokens.make(scan_id=scan.pk, card_id=scan.card_id, partner_id=scan.partner_id)


@dataclass
class CheckOutcome:
    check: Check
    message: str
    scan: Scan | None = None
    coupons_redeemed: list[Coupon] = field(default_factory=list)

    @property
    def accepted(self) -> bool:
        return self.check.result == CheckResult.ACCEPTED


MESSAGES = {
    CheckResult.ACCEPTED: "核验通过：认证校友，云卡有效。",
    CheckResult.EXPIRED: "核验失败：令牌已过期，可能是截图或录屏，请让校友重新扫码。",
    CheckResult.FORGED: "核验失败：无效的云卡令牌。",
    CheckResult.WRONG_PARTNER: "核验失败：该云卡页面不是在本机构扫码打开的。",
    CheckResult.CARD_INACTIVE: "核验失败：该云卡已停用。",
}


@transaction.atomic
def token_check(*, partner: Partner, token: str, via: str = CheckVia.STAFF_PAGE) -> CheckOutcome:
    """The partner's staff ask: is this token genuine, fresh and from a scan at our place? Every
    answer is logged; only `accepted` shows who the holder is."""
    scan, age = None, None
    try:
        live = tokens.read(token)
        age = live.age
        scan = Scan.objects.select_related("card", "partner").filter(pk=live.scan_id, card_id=live.card_id, partner_id=live.partner_id).first()
        if scan is None:
            result = CheckResult.FORGED
        elif scan.partner_id != partner.pk:
            result = CheckResult.WRONG_PARTNER
        elif not scan.card.is_active:
            result = CheckResult.CARD_INACTIVE
        else:
            result = CheckResult.ACCEPTED
    except tokens.TokenExpired as exc:
        result, age = CheckResult.EXPIRED, exc.age
    except tokens.TokenInvalid:
        result = CheckResult.FORGED
    check = Check.objects.create(partner=partner, scan=scan if result != CheckResult.FORGED else None, result=result,
                                 token_age=min(age, 10 ** 6) if age is not None else None, via=via)
    redeemed = list(scan.redemptions.select_related("batch").order_by("-redeemed_at")) if scan is not None and result == CheckResult.ACCEPTED else []
    return CheckOutcome(check=check, message=MESSAGES[CheckResult(result)], scan=scan if result == CheckResult.ACCEPTED else None, coupons_redeemed=redeemed)


# --- coupons --------------------------------------------------------------------------------


@dataclass
class BatchInput:
    name: str
    kind: str
    valid_from: datetime.datetime
    valid_until: datetime.datetime
    value_text: str = ""
    description: str = ""
    partner_id: int | None = None
    total_limit: int | None = None
    activity_id: int | None = None
    is_active: bool = True


@transaction.atomic
def batch_save(*, actor, data: BatchInput, batch: CouponBatch | None = None) -> CouponBatch:
    from tenant_apps.alumni.card.enums import CouponKind

    errors = {}
    if not data.name.strip():
        errors["name"] = ["请填写券名称。"]
    if data.kind not in CouponKind.values:
        errors["kind"] = ["类型无效。"]
    if data.valid_until <= data.valid_from:
        errors["valid_until"] = ["失效时间须晚于生效时间。"]
    if data.partner_id and not Partner.objects.filter(pk=data.partner_id).exists():
        errors["partner_id"] = ["机构不存在。"]
    if data.activity_id:
        from tenant_apps.alumni.activities.models import Activity

        if not Activity.objects.filter(pk=data.activity_id).exists():
            errors["activity_id"] = ["活动不存在。"]
    if errors:
        raise ApplicationError("电子券设置有误。", fields=errors)
    creating = batch is None
    batch = batch or CouponBatch(created_by=actor if getattr(actor, "pk", None) else None)
    for name in ("kind", "valid_from", "valid_until", "partner_id", "total_limit", "activity_id", "is_active"):
        setattr(batch, name, getattr(data, name))
    batch.name, batch.value_text, batch.description = data.name.strip()[:50], data.value_text.strip()[:30], data.description.strip()[:300]
    batch.full_clean(exclude=["created_by", "partner"])
    batch.save()
    audit_record(actor=actor, action="alumni_card.batch_create" if creating else "alumni_card.batch_update", target=batch,
                 after=snapshot(batch, ["name", "kind", "valid_from", "valid_until", "partner_id", "total_limit", "activity_id"]))
    return batch


def _code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(10))


def _issue(*, actor, batch: CouponBatch, user_ids: list[int], source: str) -> int:
    batch = CouponBatch.objects.select_for_update().get(pk=batch.pk)  # one issuer of a batch at a time: the limit holds
    have = set(Coupon.objects.filter(batch=batch).values_list("user_id", flat=True))
    wanted = [pk for pk in dict.fromkeys(user_ids) if pk not in have]
    if batch.total_limit is not None:
        room = max(0, batch.total_limit - len(have))
        if len(wanted) > room:
            if room == 0:
                raise Conflict("该批次已达发放上限。", code=CardErrorCode.COUPON_LIMIT)
            wanted = wanted[:room]
    issuer = actor if getattr(actor, "pk", None) else None
    created = Coupon.objects.bulk_create([Coupon(batch=batch, user_id=pk, code=_code(), source=source, issued_by=issuer) for pk in wanted],
                                         ignore_conflicts=True, batch_size=1000)
    return len(created)


@transaction.atomic
def coupons_issue(*, actor, batch: CouponBatch, user_ids: list[int], source: str = "manual") -> int:
    """Give the batch's coupon to these people (card holders; one each); returns how many were new."""
    active = set(Card.objects.filter(user_id__in=set(user_ids), status=CardStatus.ACTIVE).values_list("user_id", flat=True))
    holders = [pk for pk in dict.fromkeys(user_ids) if pk in active]  # in the order given: a limit serves the first
    if not holders:
        raise ApplicationError("没有可发放的持卡校友。", code=CardErrorCode.NOTHING_TO_ISSUE, fields={"numbers": ["没有可发放的持卡校友。"]})
    count = _issue(actor=actor, batch=batch, user_ids=holders, source=source)
    audit_record(actor=actor, action="alumni_card.coupons_issue", target=batch, after={"issued": count, "source": source})
    return count


def coupons_issue_by_numbers(*, actor, batch: CouponBatch, numbers: list[str]) -> tuple[int, list[str]]:
    """Issue by a list of card numbers (one per line); returns (issued, numbers not found)."""
    wanted = [n.strip() for n in numbers if n.strip()]
    found = dict(Card.objects.filter(number__in=wanted, status=CardStatus.ACTIVE).values_list("number", "user_id"))
    unknown = [n for n in wanted if n not in found]
    return coupons_issue(actor=actor, batch=batch, user_ids=[found[n] for n in wanted if n in found], source="list"), unknown


def coupons_issue_to_key_alumni(*, actor, batch: CouponBatch) -> int:
    record_ids = KeyAlumnus.objects.values_list("record_id", flat=True)
    user_ids = list(Card.objects.filter(member__record_id__in=record_ids).values_list("user_id", flat=True))
    return coupons_issue(actor=actor, batch=batch, user_ids=user_ids, source="key_alumni")


def _checked_in(activity_id: int, user=None) -> list[int]:
    from tenant_apps.alumni.activities.models import Registration

    rows = Registration.objects.filter(activity_id=activity_id, checked_in_at__isnull=False)
    if user is not None:
        rows = rows.filter(user=user)
    return list(rows.values_list("user_id", flat=True))


def coupons_issue_for_activity(*, actor, batch: CouponBatch) -> int:
    """The batch's coupon to everyone checked in at its activity (safe to run again)."""
    if not batch.activity_id:
        raise ApplicationError("该批次没有关联活动。", fields={"activity_id": ["请先关联活动。"]})
    return coupons_issue(actor=actor, batch=batch, user_ids=_checked_in(batch.activity_id), source="activity")


@transaction.atomic
def coupons_sync_for_holder(*, user) -> int:
    """Coupons due to this card holder from activities they checked in at (值年返校 → 餐券),
    issued when they open the card. Activities publish no check-in event to subscribe to."""
    card = selectors.card_for(user)
    if card is None or not card.is_active:
        return 0
    now = timezone.now()
    due = CouponBatch.objects.filter(activity_id__isnull=False, is_active=True, valid_until__gt=now).exclude(coupons__user=user)
    count = 0
    for batch in due:
        if _checked_in(batch.activity_id, user):
            try:
                with transaction.atomic():
                    count += _issue(actor=None, batch=batch, user_ids=[user.pk], source="activity")
            except Conflict:
                continue  # the batch is used up
    return count


@transaction.atomic
def coupon_redeem(*, actor, coupon_id: int, scan: Scan) -> Coupon:
    """Use a coupon at the partner of the holder's live scan. The conditional UPDATE is the
    once-only rule: of two simultaneous attempts the database lets exactly one through."""
    if scan.card.user_id != actor.pk:
        raise NotFound("扫码记录不存在。")
    coupon = Coupon.objects.select_related("batch").filter(pk=coupon_id, user=actor).first()
    if coupon is None:
        raise NotFound("电子券不存在。")
    now, batch = timezone.now(), coupon.batch
    if scan.scanned_at < now - datetime.timedelta(minutes=LIVE_PAGE_MINUTES):
        raise Conflict("页面已过期，请重新扫描机构二维码。", code=CardErrorCode.TOKEN_EXPIRED)
    if batch.partner_id and batch.partner_id != scan.partner_id:
        raise Conflict("该券不能在本机构使用。", code=CardErrorCode.COUPON_NOT_VALID_HERE)
    if not batch.is_active or not (batch.valid_from <= now < batch.valid_until):
        raise Conflict("该券不在有效期内。", code=CardErrorCode.COUPON_OUT_OF_PERIOD)
    updated = Coupon.objects.filter(pk=coupon.pk, user=actor, status=CouponStatus.ISSUED).update(
        status=CouponStatus.REDEEMED, redeemed_at=now, redeemed_partner_id=scan.partner_id, redeemed_scan_id=scan.pk)
    if updated != 1:
        raise Conflict("该券已使用。", code=CardErrorCode.COUPON_ALREADY_REDEEMED)
    coupon.refresh_from_db()
    audit_record(actor=actor, action="alumni_card.coupon_redeem", target=coupon, after={"partner": scan.partner_id, "scan": scan.pk})
    return coupon


@transaction.atomic
def coupon_void(*, actor, coupon: Coupon) -> Coupon:
    if Coupon.objects.filter(pk=coupon.pk, status=CouponStatus.ISSUED).update(status=CouponStatus.VOID) != 1:
        raise Conflict("只能作废未使用的券。", code=CardErrorCode.COUPON_ALREADY_REDEEMED)
    coupon.refresh_from_db()
    audit_record(actor=actor, action="alumni_card.coupon_void", target=coupon)
    return coupon


# --- key alumni -----------------------------------------------------------------------------


@transaction.atomic
def key_alumnus_set(*, actor, record_id: int, note: str = "") -> KeyAlumnus:
    from tenant_apps.alumni.records.models import AlumniRecord

    record = AlumniRecord.objects.filter(pk=record_id, merged_into__isnull=True).first()
    if record is None:
        raise ApplicationError("校友档案不存在。", fields={"record_id": ["档案不存在。"]})
    row, _ = KeyAlumnus.objects.update_or_create(record=record, defaults={"note": note.strip()[:200], "created_by": actor if getattr(actor, "pk", None) else None})
    audit_record(actor=actor, action="alumni_card.key_alumnus_set", target=row, object_label=record.name, after={"record": record.pk, "note": row.note})
    return row


@transaction.atomic
def key_alumnus_remove(*, actor, row: KeyAlumnus) -> None:
    audit_record(actor=actor, action="alumni_card.key_alumnus_remove", target=row, before={"record": row.record_id})
    row.delete()
