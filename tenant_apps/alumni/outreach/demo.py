"""Demo data: a sent mass mail with its per-recipient log (some opened, a few failed), an SMS
campaign, this year's SMS quota partly used, the birthday greeting switched on. Fast: bulk_create."""

from __future__ import annotations

import datetime
import random

from django.utils import timezone


def seed_demo_outreach(schema_name: str, tenant_type: str) -> None:
    if tenant_type != "university":
        return
    from core.crypto import encrypt
    from tenant_apps.alumni.outreach.enums import CampaignStatus, Channel, SourceKind
    from tenant_apps.alumni.outreach.models import (
        BirthdaySetting,
        Campaign,
        EmailOpen,
        OutreachTemplate,
        SmsQuota,
    )
    from tenant_apps.alumni.outreach.services import sanitize_html
    from tenant_apps.alumni.records.models import AlumniRecord
    from tenant_apps.messaging.models import Delivery, Message

    if Campaign.objects.exists():
        return
    rng = random.Random(11)
    now = timezone.now()
    sent_at = now - datetime.timedelta(days=6)
    people = list(AlumniRecord.objects.filter(merged_into__isnull=True, is_deceased=False).order_by("pk").values_list("pk", "name")[:300])
    body = sanitize_html("<p>{{ name }}校友：</p><p>母校建校纪念日将于 10 月 18 日举行，诚邀您回家看看。当天上午在主楼报告厅举行校友代表座谈会，"
                         "下午开放各学院实验室参观。</p><p>期待与您相聚！</p>")
    OutreachTemplate.objects.bulk_create([
        OutreachTemplate(channel=Channel.EMAIL, name="返校日邀请", subject="欢迎回家：校庆返校日邀请", body=body, layout="red_banner"),
        OutreachTemplate(channel=Channel.SMS, name="活动提醒", body="{{ name }}校友您好，校友会年度联谊会将于本周六举行，欢迎参加。", is_marketing=True),
    ])
    message = Message.objects.create(subject="欢迎回家：校庆返校日邀请", body="母校建校纪念日将于 10 月 18 日举行，诚邀您回家看看。", channels=["email"],
                                     purpose="alumni_outreach", source="alumni_outreach:demo", status="completed", started_at=sent_at,
                                     finished_at=sent_at + datetime.timedelta(minutes=3), last_progress_at=sent_at)
    campaign = Campaign.objects.create(channel=Channel.EMAIL, title=message.subject, body=body, layout="red_banner", is_marketing=False,
                                       source_kind=SourceKind.RECORDS, status=CampaignStatus.SENT, message_id=message.pk, recipient_count=len(people),
                                       sent_at=sent_at)
    Message.objects.filter(pk=message.pk).update(source=campaign.source_tag)
    deliveries = []
    for index, (pk, name) in enumerate(people):
        failed = index % 37 == 5
        deliveries.append(Delivery(message=message, recipient_key=f"r:{pk}", recipient_name=name, address=encrypt(f"alumnus{pk}@example.cn"), channel="email",
                                   status="failed" if failed else "succeeded", reason="收件地址被拒绝" if failed else "", provider="smtp",
                                   provider_message_id=f"demo-{pk}", attempts=1, sent_at=sent_at))
    deliveries = Delivery.objects.bulk_create(deliveries, batch_size=1000)
    succeeded = [d for d in deliveries if d.status == "succeeded"]
    EmailOpen.objects.bulk_create([EmailOpen(campaign=campaign, delivery_id=d.pk) for d in succeeded if rng.random() < 0.42])
    Message.objects.filter(pk=message.pk).update(total=len(deliveries), sent=len(deliveries), succeeded=len(succeeded), failed=len(deliveries) - len(succeeded))
    Campaign.objects.create(channel=Channel.SMS, title="年度联谊会提醒", body="{{ name }}校友您好，校友会年度联谊会将于本周六举行，欢迎参加。", is_marketing=True,
                            source_kind=SourceKind.RECORDS, status=CampaignStatus.SENT, recipient_count=8215, sms_segments=1, sms_units=8215,
                            sent_at=now - datetime.timedelta(days=20))
    SmsQuota.objects.get_or_create(year=timezone.localdate().year, defaults={"limit": 100_000, "used": 23_480})
    BirthdaySetting.objects.get_or_create(pk=1, defaults={"is_enabled": True})
