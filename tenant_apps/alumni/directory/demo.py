"""Directory profiles for the demo members (defaults: name, class year and major shown,
contacts hidden), some mentors and a card exchange."""

from __future__ import annotations


def seed_demo_directory(schema_name: str, tenant_type: str) -> None:
    if tenant_type != "university":
        return
    from tenant_apps.alumni.directory.models import CardRequest, MentorOffer, Profile
    from tenant_apps.alumni.orgs.models import Membership
    from tenant_apps.alumni.records.models import Member
    from tenant_apps.alumni.records.services import fast_insert

    if Profile.objects.exists():
        return
    chapters: dict[int, list[int]] = {}
    for member_id, org_id in Membership.objects.filter(status="approved", organization__parent__isnull=False).values_list("member_id", "organization_id"):
        chapters.setdefault(member_id, []).append(org_id)
    rows = []
    for m in Member.objects.filter(status="approved", record__isnull=False).select_related("record", "record__college").iterator(chunk_size=4000):
        rows.append(Profile(member=m, name=m.name, class_year=m.class_year, college=m.record.college.name if m.record.college_id else m.college_name,
                            major=m.record.major_canonical or m.major, region=m.region, industry=m.industry, employer=m.employer, org_ids=chapters.get(m.pk, []),
                            name_keys=m.name_keys))
    fast_insert(rows, batch_size=4000)
    topics = [["求职", "互联网"], ["考研", "学术"], ["创业"], ["金融", "求职"], ["出国留学"]]
    profiles = list(Profile.objects.order_by("pk")[:40])
    MentorOffer.objects.bulk_create([MentorOffer(profile=p, topics=topics[i % len(topics)], introduction="愿意和学弟学妹聊聊（演示）") for i, p in enumerate(profiles[::2])])
    if len(profiles) > 3:
        CardRequest.objects.create(sender=profiles[1], receiver=profiles[0], message="老同学，交换下名片（演示）")
