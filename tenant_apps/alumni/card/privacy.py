"""What the alumni cloud card holds about a person (the card, partner scans and checks,
coupons, the 重点校友 mark), for personal-data requests (core.personal_data, P21,
docs/decisions/0139). Everything is erased: no law makes the school keep a membership card."""

from __future__ import annotations

from core.personal_data import (
    ERASE,
    DataKind,
    ErasureStep,
    Section,
    Subject,
    model_rows,
    register_personal_data_provider,
)


def _record_ids(subject: Subject) -> list[int]:
    from tenant_apps.alumni.records.models import Member

    return [pk for pk in Member.objects.filter(user_id=subject.user_id).values_list("record_id", flat=True) if pk]


def collect(subject: Subject) -> list[Section]:
    from tenant_apps.alumni.card.models import Card, Coupon, KeyAlumnus, Scan

    scans = Scan.objects.filter(card__user_id=subject.user_id).select_related("partner").order_by("-scanned_at")
    coupons = Coupon.objects.filter(user_id=subject.user_id).select_related("batch", "redeemed_partner").order_by("-issued_at")
    return [
        Section("alumni_card.card", model_rows(Card.objects.filter(user_id=subject.user_id),
                                               ["number", "holder_name", "class_year", "college", "status", "claimed_via", "claimed_at", "revoked_at"])),
        Section("alumni_card.scans", model_rows(scans, ["partner", "scanned_at", "in_wechat"])),
        Section("alumni_card.coupons", model_rows(coupons, ["batch", "code", "status", "source", "issued_at", "redeemed_at", "redeemed_partner"])),
        Section("alumni_card.key_alumnus", model_rows(KeyAlumnus.objects.filter(record_id__in=_record_ids(subject)), ["note", "created_at"])),
    ]


def erase(subject: Subject) -> list[ErasureStep]:
    from tenant_apps.alumni.card.models import Card, Check, Coupon, KeyAlumnus, Scan

    scans = Scan.objects.filter(card__user_id=subject.user_id)
    scan_ids = list(scans.values_list("pk", flat=True))
    Check.objects.filter(scan_id__in=scan_ids).delete()  # a check row names the scan (and so the card) it verified
    coupons, _ = Coupon.objects.filter(user_id=subject.user_id).delete()
    Scan.objects.filter(pk__in=scan_ids).delete()
    cards, _ = Card.objects.filter(user_id=subject.user_id).delete()
    marks, _ = KeyAlumnus.objects.filter(record_id__in=_record_ids(subject)).delete()
    return [
        ErasureStep("alumni_card.card", cards),
        ErasureStep("alumni_card.scans", len(scan_ids), note="含合作机构的核验记录"),
        ErasureStep("alumni_card.coupons", coupons),
        ErasureStep("alumni_card.key_alumnus", marks),
    ]


register_personal_data_provider(
    "alumni_card", label="校友云卡", order=52,
    kinds=[
        DataKind("alumni_card.card", "校友云卡", ERASE),
        DataKind("alumni_card.scans", "出示与核验记录", ERASE),
        DataKind("alumni_card.coupons", "优惠券", ERASE),
        DataKind("alumni_card.key_alumnus", "重点校友标记", ERASE),
    ],
    collect=collect, erase=erase,
)
