"""Demo cloud card: settings, five partners, cards for the first verified alumni, two key alumni,
a meal and a parking coupon batch, and a week of scans and staff checks."""

from __future__ import annotations

import datetime
import random
import secrets

from django.utils import timezone

PARTNERS = [
    ("第一食堂", "canteen", "值年返校校友凭云卡餐券免费用餐一次。", "校本部东区"),
    ("校友之家酒店", "hotel", "认证校友住宿享门市价 7 折。", "学府路 88 号"),
    ("图书馆", "library", "认证校友凭云卡入馆阅览。", "校本部中心"),
    ("东门停车场", "parking", "返校校友凭停车券离场免费。", "东门"),
    ("校友咖啡", "restaurant", "饮品 8 折。", "校友林旁"),
]


def seed_demo_card(schema_name: str, tenant_type: str) -> None:
    if tenant_type != "university":
        return
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
    from tenant_apps.alumni.records.models import Member

    if Partner.objects.exists():
        return
    rng = random.Random(11)
    now = timezone.now()
    CardSettings.objects.get_or_create(pk=1, defaults={"name": "校友云卡", "claim_intro": "凭云卡在合作机构扫码核验校友身份，享受校友专属服务与优惠。"})
    partners = Partner.objects.bulk_create([Partner(name=n, category=c, offer=o, address=a, sort_order=i) for i, (n, c, o, a) in enumerate(PARTNERS)])
    members = list(Member.objects.filter(status="approved", record__isnull=False).select_related("record", "record__college").order_by("pk")[:40])
    if not members:
        return
    cards = Card.objects.bulk_create([
        Card(user_id=m.user_id, member=m, number=f"{now:%y}{secrets.randbelow(10 ** 8):08d}", holder_name=m.name, class_year=m.class_year or m.record.class_year,
             college=m.record.college.name if m.record.college_id else m.record.college_name, claimed_via=rng.choice(["qr", "link"]))
        for m in members], ignore_conflicts=True)
    cards = list(Card.objects.order_by("pk"))
    KeyAlumnus.objects.bulk_create([KeyAlumnus(record_id=m.record_id, note=note) for m, note in zip(members[:2], ["校董", "杰出校友"], strict=False)], ignore_conflicts=True)
    key_cards = {c.pk for c in cards if c.member_id in {m.pk for m in members[:2]}}
    canteen, parking = partners[0], partners[3]
    meal = CouponBatch.objects.create(name="值年返校午餐券", kind="meal", value_text="¥25", partner=canteen, valid_from=now - datetime.timedelta(days=7),
                                      valid_until=now + datetime.timedelta(days=30), description="第一食堂午餐一次")
    park = CouponBatch.objects.create(name="返校停车券", kind="parking", value_text="免费", partner=parking, valid_from=now - datetime.timedelta(days=7),
                                      valid_until=now + datetime.timedelta(days=30))
    scans = Scan.objects.bulk_create([Scan(partner=rng.choice(partners), card=rng.choice(cards)) for _ in range(60)])
    for scan in scans:  # spread over the last week (auto_now_add set them all to now)
        Scan.objects.filter(pk=scan.pk).update(scanned_at=now - datetime.timedelta(minutes=rng.randint(5, 7 * 24 * 60)), is_key_alumnus=scan.card_id in key_cards,
                                               alert_sent=scan.card_id in key_cards)
    Check.objects.bulk_create([Check(partner_id=scan.partner_id, scan=scan, result="accepted", token_age=rng.randint(1, 12)) for scan in scans[:40]]
                              + [Check(partner_id=scans[0].partner_id, scan=scans[0], result="expired", token_age=312)])
    canteen_scans = [s for s in scans if s.partner_id == canteen.pk]
    coupons = [Coupon(batch=meal, user_id=c.user_id, code=secrets.token_hex(5).upper(), source="activity") for c in cards[:25]]
    coupons += [Coupon(batch=park, user_id=c.user_id, code=secrets.token_hex(5).upper(), source="manual") for c in cards[:10]]
    Coupon.objects.bulk_create(coupons, ignore_conflicts=True)
    for scan in canteen_scans[:8]:
        Coupon.objects.filter(batch=meal, user_id=scan.card.user_id, status="issued").update(status="redeemed", redeemed_at=now - datetime.timedelta(hours=rng.randint(1, 48)),
                                                                                          redeemed_partner=canteen, redeemed_scan=scan)
