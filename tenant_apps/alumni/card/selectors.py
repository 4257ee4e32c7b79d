"""Reads of the cloud card: the settings row, a person's card and coupons, partners, the scan and
check logs with search, coupon batches and the redemption log, key alumni."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from tenant_apps.alumni.card.enums import CardStatus, CouponStatus
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
from tenant_apps.alumni.records.models import AlumniRecord, Member
from tenant_apps.alumni.records.selectors import verified_member

# What a card is made from: the member's record and its college (one query).
CARD_MEMBER_RELATED = ("record", "record__college")


def card_settings() -> CardSettings:
    """The tenant's card settings; the row is made with defaults the first time it is read."""
    row = CardSettings.objects.order_by("pk").first()
    return row or CardSettings.objects.get_or_create(pk=1)[0]


def claim_refusal(user) -> str | None:
    """None when `user` may claim a card now, else why not (Chinese)."""
    if not card_settings().is_claim_open:
        return "校友会暂未开放云卡领取。"
    member = verified_member(user, related=CARD_MEMBER_RELATED)
    if member is None:
        return "云卡仅限认证校友领取：请先加入校友会并完成校友身份认证。"
    if member.record.is_deceased:
        return "该档案已标记为已故，无法领取云卡。"
    return None


def card_for(user) -> Card | None:
    if not getattr(user, "pk", None):
        return None
    return Card.objects.filter(user=user).first()


def is_key_alumnus(card: Card) -> bool:
    record_id = Member.objects.filter(pk=card.member_id).values_list("record_id", flat=True).first() if card.member_id else None
    return bool(record_id) and KeyAlumnus.objects.filter(record_id=record_id).exists()


def cards(*, q: str = "", status: str = "") -> QuerySet[Card]:
    queryset = Card.objects.select_related("user")
    if q:
        queryset = queryset.filter(Q(holder_name__icontains=q) | Q(number__icontains=q) | Q(college__icontains=q))
    if status in CardStatus.values:
        queryset = queryset.filter(status=status)
    return queryset.order_by("-claimed_at", "-pk")


def partners(*, q: str = "", active_only: bool = False) -> QuerySet[Partner]:
    queryset = Partner.objects.annotate(scan_count=Count("scans", distinct=True))
    if active_only:
        queryset = queryset.filter(is_active=True)
    if q:
        queryset = queryset.filter(Q(name__icontains=q) | Q(address__icontains=q) | Q(offer__icontains=q))
    return queryset.order_by("sort_order", "pk")


def partner_by_qr(qr_key: str) -> Partner | None:
    return Partner.objects.filter(qr_key=(qr_key or "")[:32]).first()


def partner_by_staff_key(staff_key: str) -> Partner | None:
    return Partner.objects.filter(staff_key=(staff_key or "")[:32], is_active=True).first()


def scans(*, q: str = "", partner_id: int | None = None, key_only: bool = False, day_from=None, day_to=None) -> QuerySet[Scan]:
    queryset = Scan.objects.select_related("partner", "card").annotate(
        accepted=Count("checks", filter=Q(checks__result="accepted"), distinct=True))
    if partner_id:
        queryset = queryset.filter(partner_id=partner_id)
    if key_only:
        queryset = queryset.filter(is_key_alumnus=True)
    if q:
        queryset = queryset.filter(Q(card__holder_name__icontains=q) | Q(card__number__icontains=q) | Q(partner__name__icontains=q))
    if day_from:
        queryset = queryset.filter(scanned_at__date__gte=day_from)
    if day_to:
        queryset = queryset.filter(scanned_at__date__lte=day_to)
    return queryset.order_by("-scanned_at", "-pk")


def checks(*, partner_id: int | None = None, result: str = "") -> QuerySet[Check]:
    queryset = Check.objects.select_related("partner", "scan", "scan__card")
    if partner_id:
        queryset = queryset.filter(partner_id=partner_id)
    if result:
        queryset = queryset.filter(result=result)
    return queryset.order_by("-checked_at", "-pk")


def batches(*, q: str = "") -> QuerySet[CouponBatch]:
    queryset = CouponBatch.objects.select_related("partner").annotate(
        issued=Count("coupons", distinct=True), redeemed=Count("coupons", filter=Q(coupons__status=CouponStatus.REDEEMED), distinct=True))
    if q:
        queryset = queryset.filter(Q(name__icontains=q) | Q(description__icontains=q))
    return queryset.order_by("-created_at", "-pk")


def coupons(*, batch_id: int | None = None, status: str = "", q: str = "") -> QuerySet[Coupon]:
    queryset = Coupon.objects.select_related("batch", "user", "redeemed_partner")
    if batch_id:
        queryset = queryset.filter(batch_id=batch_id)
    if status in CouponStatus.values:
        queryset = queryset.filter(status=status)
    if q:
        queryset = queryset.filter(Q(code__icontains=q) | Q(user__display_name__icontains=q) | Q(user__alumni_card__number__icontains=q)
                                   | Q(user__alumni_card__holder_name__icontains=q))
    return queryset.order_by("-redeemed_at", "-issued_at", "-pk") if status == CouponStatus.REDEEMED else queryset.order_by("-issued_at", "-pk")


def my_coupons(user) -> QuerySet[Coupon]:
    return Coupon.objects.filter(user=user).select_related("batch", "batch__partner", "redeemed_partner").order_by("status", "batch__valid_until", "-pk")


def usable_coupons(user, partner: Partner) -> list[Coupon]:
    """Unused coupons of `user` that this partner takes now."""
    now = timezone.now()
    return list(Coupon.objects.filter(user=user, status=CouponStatus.ISSUED, batch__is_active=True, batch__valid_from__lte=now, batch__valid_until__gt=now)
                .filter(Q(batch__partner__isnull=True) | Q(batch__partner=partner)).select_related("batch").order_by("batch__valid_until", "pk"))


def key_alumni(*, q: str = "") -> QuerySet[KeyAlumnus]:
    queryset = KeyAlumnus.objects.select_related("record", "created_by")
    if q:
        queryset = queryset.filter(Q(record__name__icontains=q) | Q(note__icontains=q))
    return queryset.order_by("-created_at", "-pk")


def overview() -> dict[str, int]:
    today = timezone.localdate()
    return {"cards": Card.objects.filter(status=CardStatus.ACTIVE).count(), "partners": Partner.objects.filter(is_active=True).count(),
            "scans_today": Scan.objects.filter(scanned_at__date=today).count(), "scans": Scan.objects.count(),
            "redeemed": Coupon.objects.filter(status=CouponStatus.REDEEMED).count(), "key_alumni": KeyAlumnus.objects.count()}


def records_search(q: str, limit: int = 20):
    """Records to pick a key alumnus from (name or student number)."""
    q = q.strip()
    if not q:
        return AlumniRecord.objects.none()
    return AlumniRecord.objects.filter(merged_into__isnull=True).filter(Q(name__icontains=q) | Q(student_no=q)).select_related("college")[:limit]
