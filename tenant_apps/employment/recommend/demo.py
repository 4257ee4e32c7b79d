"""Demo intentions for 300 students of the demo cohort (the demo student login first, with a
full set), and their precomputed recommendations. Idempotent, bulk inserts."""

from __future__ import annotations

import random

from django.db import transaction

DEMO_SCHEMA = "demo"
COUNT = 300
TYPES = ["Java 开发", "前端开发", "数据分析", "算法", "产品经理", "测试", "财务", "人力资源", "市场营销", "新媒体运营", "机械设计", "硬件"]
CITIES = ["330100", "310000", "110000", "440300", "420100", "510100", "320100", "610100", "440100", "330000"]
INDUSTRIES = ["I", "C", "J", "M", "F", "L", "P"]


def seed_demo_recommendations(schema_name: str, tenant_type: str) -> None:
    if schema_name != DEMO_SCHEMA or tenant_type != "university":
        return
    from tenant_apps.employment.recommend.models import JobIntention
    from tenant_apps.employment.recommend.services import recommendations_recompute
    from tenant_apps.employment.students.models import GraduateRecord

    if JobIntention.objects.exists():
        return
    user_ids = list(GraduateRecord.objects.filter(user__isnull=False).order_by("graduation_year", "student_number").values_list("user_id", flat=True)[:COUNT])
    if not user_ids:
        return
    rng = random.Random(9)
    rows = [JobIntention(student_id=user_ids[0], job_kinds=["full_time"], job_types=["Java 开发", "数据分析"], city_codes=["330100", "310000"],
                         industries=["I"], salary_floor=8000, wants_daily_push=True)]
    for user_id in user_ids[1:]:
        if rng.random() < 0.15:
            continue  # not everyone states intentions
        rows.append(JobIntention(
            student_id=user_id, job_kinds=rng.choice([["full_time"], ["internship"], ["full_time", "internship"], []]),
            job_types=rng.sample(TYPES, rng.choice([0, 1, 2])), city_codes=rng.sample(CITIES, rng.choice([1, 2, 3])),
            industries=rng.sample(INDUSTRIES, rng.choice([0, 1, 2])), salary_floor=rng.choice([None, 5000, 6000, 8000, 10000, 15000]),
            is_personalised=rng.random() > 0.03, wants_daily_push=rng.random() < 0.4))
    with transaction.atomic():
        JobIntention.objects.bulk_create(rows)
    recommendations_recompute(student_ids=user_ids)
