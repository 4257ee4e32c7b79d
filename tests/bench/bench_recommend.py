#!/usr/bin/env python
"""Bench: job recommendations (E9). Targets: every student's list recomputed for 30,000
students over 5,000 open jobs in under 5 minutes; a student's list under 200 ms p95.

    .venv/bin/python tests/bench/bench_recommend.py [--students 30000] [--jobs 5000] [--lists 300]

Gives itself a private copy of the test database (core.testing.database, worker
"benchrecommend", dropped at the end) and commits, in the `alpha` schema, the demo cohort
generator's graduates (`--students`, 12 majors in 4 colleges, accounts bound), an intention for
85 % of them (kinds, 0-2 job types, 1-3 cities, 0-2 industries, a pay floor), 500 approved
employers in 7 industries and `--jobs` open postings (the demo job generator: 20 titles,
8 cities, 10 majors, salaries), then VACUUM ANALYZE. It times:
1. the full recompute (`recommendations_recompute()`, the daily task's work) from an empty
   table, then again over the existing table (the daily case: upserts keep first_seen_at);
2. `--lists` students' lists: the selector alone and the whole H5 page through Django's
   test client (server side, session login), p50 / p95.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "src")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[max(0, int(len(ordered) * share) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--students", type=int, default=30_000)
    parser.add_argument("--jobs", type=int, default=5_000)
    parser.add_argument("--lists", type=int, default=300)
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone
    from django_tenants.utils import schema_context

    from core.testing.database import drop_test_database, ensure_test_database

    database = ensure_test_database("benchrecommend")
    try:
        from tenant_apps.accounts.models import User
        from tenant_apps.employment.employers.demo import demo_credit_code
        from tenant_apps.employment.employers.models import Employer
        from tenant_apps.employment.jobs.demo import rows
        from tenant_apps.employment.jobs.models import Job
        from tenant_apps.employment.recommend.demo import CITIES, INDUSTRIES, TYPES
        from tenant_apps.employment.recommend.models import JobIntention, Recommendation
        from tenant_apps.employment.recommend.selectors import recommendations_for_student
        from tenant_apps.employment.recommend.services import recommendations_recompute
        from tenant_apps.employment.students.demo import seed_demo_graduates
        from tenant_apps.employment.students.models import GraduateRecord

        with schema_context("alpha"):
            started = time.perf_counter()
            seed_demo_graduates("alpha", "university", size=args.students)
            user_ids = list(GraduateRecord.objects.filter(user__isnull=False).values_list("user_id", flat=True))
            rng = random.Random(5)
            JobIntention.objects.bulk_create([JobIntention(
                student_id=user_id, job_kinds=rng.choice([["full_time"], ["internship"], ["full_time", "internship"], []]),
                job_types=rng.sample(TYPES, rng.choice([0, 1, 2])), city_codes=rng.sample(CITIES, rng.choice([1, 2, 3])),
                industries=rng.sample(INDUSTRIES, rng.choice([0, 1, 2])), salary_floor=rng.choice([None, 5000, 6000, 8000, 10000, 15000]))
                for user_id in user_ids if rng.random() < 0.85], batch_size=5000)
            employers = Employer.objects.bulk_create([
                Employer(name=f"{['华夏', '长江', '海纳', '启明', '云帆'][i % 5]}科技有限公司{i}", credit_code=demo_credit_code(i), nature="private",
                         industry=INDUSTRIES[i % len(INDUSTRIES)], size="medium", region_code="110108", contact_name="王", status="approved", can_post_jobs=True)
                for i in range(500)])
            now, today = timezone.now(), timezone.localdate()
            jobs = rows(employers, args.jobs, seed=3)
            for i, job in enumerate(jobs):
                job.status, job.approved_at, job.valid_until = "approved", now - timezone.timedelta(minutes=i), today + timezone.timedelta(days=30)
            Job.objects.bulk_create(jobs, batch_size=5000)
            with connection.cursor() as cursor:
                for table in ("employment_jobs_job", "employment_students_graduaterecord", "accounts_user", "employment_recommend_jobintention"):
                    cursor.execute(f"VACUUM ANALYZE {table}")
            print(f"{len(user_ids)} students, {len(jobs)} open jobs committed in {time.perf_counter() - started:.0f}s")

            results = {}
            for label in ("first", "again"):
                started = time.perf_counter()
                written = recommendations_recompute()
                results[label] = time.perf_counter() - started
                print(f"recompute ({label}): {written} matches for {len(user_ids)} students in {results[label]:.1f}s "
                      f"({1000 * results[label] / len(user_ids):.2f} ms per student)")
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE employment_recommend_recommendation")
            average = Recommendation.objects.count() / max(1, len(user_ids))
            print(f"{average:.1f} matches per student on average")

            sample = random.Random(8).sample(user_ids, min(args.lists, len(user_ids)))
            users = {u.pk: u for u in User.objects.filter(pk__in=sample)}
            selector_ms = []
            for user_id in sample:
                started = time.perf_counter()
                recommendations_for_student(student=users[user_id])
                selector_ms.append(1000 * (time.perf_counter() - started))
        client = Client(HTTP_HOST=f"alpha.{settings.BASE_DOMAIN}")
        url = reverse("h5:employment_recommend:list")
        page_ms = []
        for user_id in sample:
            with schema_context("alpha"):
                client.force_login(users[user_id], backend="tenant_apps.accounts.backends.MultiIdentifierBackend")
            connection.set_schema_to_public()
            started = time.perf_counter()
            response = client.get(url)
            page_ms.append(1000 * (time.perf_counter() - started))
            assert response.status_code == 200, response.status_code
        print(f"student's list, selector: p50 {statistics.median(selector_ms):.1f} ms, p95 {percentile(selector_ms, 0.95):.1f} ms")
        print(f"student's list, H5 page:  p50 {statistics.median(page_ms):.1f} ms, p95 {percentile(page_ms, 0.95):.1f} ms")
        verdict = results["first"] < 300 and percentile(page_ms, 0.95) < 200
        print("PASS" if verdict else "FAIL", "(targets: recompute < 300 s, list p95 < 200 ms)")
    finally:
        connection.close()
        drop_test_database(database)


if __name__ == "__main__":
    main()
