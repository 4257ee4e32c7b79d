"""Demo activities for university tenants (scripts/run): past and upcoming, free and paid, one
full with a waiting list and a live offer, registrations and check-ins. Bulk inserts with the
place counters written to match, tickets signed by the real kernel; skipped when the tenant
already has activities."""

from __future__ import annotations

import datetime
import random

from django.contrib.auth.hashers import make_password
from django.utils import timezone

DEMO_ALUMNI = 160
ACTIVITIES = [
    # title, days from now, place, city, tags, capacity, [(ticket, price_fen, capacity)], registrations, description
    ("2026 北京校友新年联谊会", 20, "北京国际饭店 宴会厅", "北京", ["联谊", "年会"], 120, [("校友票", 8800, 100), ("嘉宾票", 0, 20)], 138,
     "新年联谊、母校近况分享、抽奖。名额已满的校友可加入候补，有人退票时按候补顺序通知。"),
    ("返校日·值年校友（2006 届）", 35, "老校区 大礼堂", "本地", ["值年返校"], 300, [("值年校友", 0, 300)], 64, "毕业二十周年返校：校园参观、班级合影、座谈。"),
    ("上海校友会 创业沙龙", 9, "上海市徐汇区 漕河泾科创中心", "上海", ["沙龙", "创业"], 60, [("普通票", 2000, 60)], 22, "校友创业者分享融资与出海经验。"),
    ("线上 · 写给母校的一封信", 14, "", "", ["线上"], 1000, [("免费", 0, 1000)], 40, "线上活动：写下对母校的祝福，择优刊登在校友期刊。"),
    ("2026 秋季校友毅行", -30, "西湖 环湖步道", "杭州", ["毅行", "户外"], 200, [("毅行票", 5000, 200)], 180, "30 公里毅行，已圆满结束。"),
    ("深圳校友中秋茶话会", -80, "深圳湾 校友之家", "深圳", ["联谊"], 50, [("免费", 0, 50)], 47, "中秋茶话会。"),
]


def seed_demo_activities(schema_name: str, tenant_type: str) -> None:
    if tenant_type != "university":
        return
    from tenant_apps.alumni.activities.models import Activity

    if Activity.objects.exists():
        return
    _seed()


def _seed() -> None:
    from core.crypto import blind_index
    from core.tickets.models import TicketScan
    from core.tickets.services import new_serial, ticket_issue
    from tenant_apps.accounts.models import User
    from tenant_apps.alumni.activities.enums import ActivityStatus, RegistrationStatus
    from tenant_apps.alumni.activities.models import Activity, Comment, Registration, TicketType

    rng = random.Random(2026)
    now = timezone.now()
    password = make_password(None)
    existing = set(User.objects.filter(username__startswith="demo-act-").values_list("username", flat=True))
    surnames, given = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗", "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂"
    User.objects.bulk_create([User(username=f"demo-act-{i:03d}", password=password, kind="alumnus", display_name=rng.choice(surnames) + rng.choice(given) + rng.choice(given))
                              for i in range(DEMO_ALUMNI) if f"demo-act-{i:03d}" not in existing])
    alumni = list(User.objects.filter(username__startswith="demo-act-").order_by("username"))
    admin = User.objects.filter(is_superuser=True).order_by("pk").first()
    for title, days, place, city, tags, capacity, types, wanted, description in ACTIVITIES:
        start = (now + datetime.timedelta(days=days)).replace(hour=14, minute=0, second=0, microsecond=0)
        activity = Activity.objects.create(
            title=title, summary=description[:60], description=description, place=place, city=city, is_online=not place, starts_at=start,
            ends_at=start + datetime.timedelta(hours=4), tags=tags, organiser_name="校友总会" if "校友会" not in title else title.split(" ")[0],
            status=ActivityStatus.PUBLISHED, published_at=start - datetime.timedelta(days=30), capacity=capacity, is_pinned=days == 20,
            is_recommended=days in (20, 35), created_by=admin, assign_seats=days == 20, offer_hours=24,
            form_fields=[{"key": "f1", "label": "毕业年份", "type": "text", "required": True, "options": []}])
        ticket_types = [TicketType.objects.create(activity=activity, name=n, price_fen=p, capacity=c, sort_order=i) for i, (n, p, c) in enumerate(types)]
        rows, taken = [], {t.pk: 0 for t in ticket_types}
        for index in range(min(wanted, len(alumni))):
            user = alumni[index]
            ticket_type = ticket_types[0] if len(ticket_types) == 1 or index % 6 else ticket_types[-1]
            phone = f"1380000{index:04d}"
            fits = taken[ticket_type.pk] < ticket_type.capacity and sum(taken.values()) < capacity
            status = RegistrationStatus.CONFIRMED if fits else RegistrationStatus.WAITLISTED
            if fits:
                taken[ticket_type.pk] += 1
            created = start - datetime.timedelta(days=25) + datetime.timedelta(minutes=index * 7)
            rows.append(Registration(activity=activity, ticket_type=ticket_type, user=user, attendee_name=user.display_name, attendee_phone=phone,
                                     attendee_phone_hash=blind_index(phone), answers={"f1": str(2000 + index % 20)}, status=status, amount_fen=ticket_type.price_fen,
                                     paid_at=created if fits and ticket_type.price_fen else None, order_no="", waitlisted_at=None if fits else created,
                                     checked_in_at=start + datetime.timedelta(minutes=index % 50) if fits and days < 0 and index % 9 else None))
        Registration.objects.bulk_create(rows, batch_size=500)
        for ticket_type in ticket_types:
            TicketType.objects.filter(pk=ticket_type.pk).update(places_taken=taken[ticket_type.pk])
        Activity.objects.filter(pk=activity.pk).update(places_taken=sum(taken.values()))
        confirmed = list(activity.registrations.filter(status=RegistrationStatus.CONFIRMED))
        scans = []
        for number, registration in enumerate(confirmed, start=1):
            issued = ticket_issue(scope=activity.ticket_scope, subject=registration.pk, serial=new_serial())
            registration.ticket_serial, registration.ticket_code = issued.serial, issued.code
            if activity.assign_seats and number <= 40:
                registration.seat_label = f"{(number - 1) // 10 + 1}号桌"
            if registration.checked_in_at:
                scans.append(TicketScan(scope=activity.ticket_scope, nonce=f"demo-{issued.serial}", serial=issued.serial, subject=str(registration.pk), code=issued.code,
                                        device="demo-door", scanned_at=registration.checked_in_at, device_status="admitted", status=TicketScan.Status.ADMITTED))
        Registration.objects.bulk_update(confirmed, ["ticket_serial", "ticket_code", "seat_label"], batch_size=500)
        TicketScan.objects.bulk_create(scans, batch_size=500)
        if days == 20:  # one cancellation freed a place: the first in line holds a live offer
            first_waiting = activity.registrations.filter(status=RegistrationStatus.WAITLISTED).order_by("waitlisted_at").first()
            last_confirmed = confirmed[-1]
            Registration.objects.filter(pk=last_confirmed.pk).update(status=RegistrationStatus.CANCELLED, reason="本人取消")
            Registration.objects.filter(pk=first_waiting.pk).update(status=RegistrationStatus.OFFERED, offer_expires_at=now + datetime.timedelta(hours=20))
        Comment.objects.bulk_create([Comment(activity=activity, user=alumni[i], body=text) for i, text in enumerate(["期待！", "去年的活动很棒", "请问可以带家属吗？"])])
        if days == -30:  # the finished walk had its lucky draw among those who checked in
            from tenant_apps.alumni.activities import lottery as lotteries

            draw = lotteries.lottery_create(actor=admin, activity=activity, title="毅行终点抽奖", rules="参与条件：当天签到的毅行校友。开奖：终点现场，两位校友见证。",
                                            prizes=[{"name": "一等奖", "item": "母校纪念金币", "count": 1, "value_fen": 80000},
                                                    {"name": "二等奖", "item": "校史画册", "count": 3, "value_fen": 12800}])
            draw = lotteries.lottery_freeze(actor=admin, lottery=draw)
            lotteries.lottery_draw(actor=admin, lottery=draw, witness_values=["3141", "2718"])


def seed_demo_photos(schema_name: str, tenant_type: str) -> None:
    """A few photos of the finished activities (organisers' shown, one attendee's waiting for
    moderation); small generated pictures, skipped once the tenant has any photo."""
    if tenant_type != "university":
        return
    import io

    from django.core.files.base import ContentFile
    from PIL import Image, ImageDraw

    from tenant_apps.alumni.activities.enums import (
        ActivityStatus,
        PhotoSource,
        PhotoStatus,
        RegistrationStatus,
    )
    from tenant_apps.alumni.activities.models import Activity, ActivityPhoto

    if ActivityPhoto.objects.exists():
        return
    now = timezone.now()
    palette = [(200, 16, 46), (34, 34, 34), (120, 120, 120), (230, 180, 60)]
    for activity in Activity.objects.filter(status=ActivityStatus.PUBLISHED, ends_at__lt=now, deleted_at__isnull=True).order_by("-starts_at")[:2]:
        attendee = activity.registrations.filter(status=RegistrationStatus.CONFIRMED).select_related("user").first()
        for number, caption in enumerate(["签到处", "全体合影", "精彩瞬间", "校友自拍"]):
            image = Image.new("RGB", (480, 320), palette[number % len(palette)])
            ImageDraw.Draw(image).rectangle([40, 40, 440, 280], outline=(255, 255, 255), width=6)
            buffer = io.BytesIO()
            image.save(buffer, format="JPEG", quality=70)
            by_attendee = number == 3 and attendee is not None
            photo = ActivityPhoto(activity=activity, caption=caption, uploaded_by=attendee.user if by_attendee else activity.created_by,
                                  source=PhotoSource.ATTENDEE if by_attendee else PhotoSource.ORGANISER,
                                  status=PhotoStatus.PENDING if by_attendee else PhotoStatus.APPROVED, reviewed_at=None if by_attendee else now,
                                  reviewed_by=None if by_attendee else activity.created_by)
            photo.image.save(f"demo-{activity.pk}-{number}.jpg", ContentFile(buffer.getvalue()), save=False)
            photo.save()
