#!/usr/bin/env python
"""Targeted push (issue #15, E2): a push to 50,000 students resolved and queued.

    scripts/bench push [--students 50000] [--scenarios gateway,push] [--profile]
    DATABASE_URL=… REDIS_URL=… .venv/bin/python tests/bench/bench_push.py --students 50000

What it does:
1. Recreates the database `campus_bench_push`, provisions tenant `benchpush` and bulk-inserts
   N student accounts (encrypted phones, a WeChat openid for two in three, a channel opt-out for
   one in fifty) in a college / 4 majors / 40 classes, each with a graduate record (2026).
2. `gateway`: `message_send` with the `accounts.users` audience (kind=student, channels
   wechat, sms, letter), then times `message_start_sending` (the audience snapshot: one
   Delivery row per student) and the queueing of one `messaging.send_batch` task per 500 rows.
3. `push`: `push_create` of a news item to the 2026 cohort through the employment push audience,
   timed from the call to every batch task queued (no worker runs: tasks stay in Redis db 15).

`--profile` prints the 25 most expensive functions of the resolution (cProfile).
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from tests.bench._db import bench_database_url, log, recreate_database  # noqa: E402

BENCH_DATABASE = "campus_bench_push"
SCHEMA = "benchpush"


def setup(students: int) -> None:
    from django.core.management import call_command
    from django.db import connection
    from django_tenants.utils import schema_context

    from shared_apps.provisioning.services import public_tenant_ensure, tenant_provision

    call_command("migrate_schemas", shared=True, interactive=False, verbosity=0)
    public_tenant_ensure(base_domain="localhost")
    tenant_provision(
        slug=SCHEMA,
        name="推送压测大学",
        modules=["employment"],
        admin_username="admin",
        admin_password="bench-admin-1",
    )
    from tenant_apps.accounts.models import OrgUnit, User
    from tenant_apps.employment.students.models import GraduateRecord
    from tenant_apps.messaging.models import ChannelOptOut

    with schema_context(SCHEMA):
        college = OrgUnit.objects.create(name="压测学院", kind="college")
        college.path = f"/{college.pk}/"
        college.save(update_fields=["path"])
        classes = []
        for m in range(4):
            major = OrgUnit.objects.create(name=f"专业{m}", kind="major", parent=college)
            major.path = f"{college.path}{major.pk}/"
            major.save(update_fields=["path"])
            for c in range(10):
                klass = OrgUnit.objects.create(name=f"{m}班{c}", kind="class", parent=major)
                klass.path = f"{major.path}{klass.pk}/"
                klass.save(update_fields=["path"])
                classes.append(klass)
        started = time.perf_counter()
        for start in range(0, students, 5000):
            users = [
                User(
                    username=f"s{i:06d}",
                    display_name=f"学生{i:06d}",
                    kind="student",
                    phone=f"150{i:08d}",
                    wechat_openid=f"o{i:027d}" if i % 3 else "",
                    org_unit=classes[i % len(classes)],
                )
                for i in range(start, min(students, start + 5000))
            ]
            User.objects.bulk_create(users)
            ChannelOptOut.objects.bulk_create(
                [ChannelOptOut(user_id=u.pk, channel="wechat") for u in users[::50]]
            )
            GraduateRecord.objects.bulk_create(
                [
                    GraduateRecord(
                        graduation_year=2026,
                        student_number=f"2026{i:08d}",
                        name=u.display_name,
                        gender="1",
                        ethnicity="01",
                        political_status="13",
                        education="31",
                        major_code="080901",
                        major_name="计算机科学与技术",
                        origin_region=("330100", "320100", "110100")[i % 3],
                        org_unit_id=u.org_unit_id,
                        user_id=u.pk,
                    )
                    for i, u in zip(range(start, start + len(users)), users, strict=True)
                ]
            )
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        log(
            f"{students} students with graduate records inserted in {time.perf_counter() - started:.1f}s"
        )


def _timed(label: str, func, profile: bool):
    profiler = cProfile.Profile() if profile else None
    started = time.perf_counter()
    if profiler:
        profiler.enable()
    result = func()
    if profiler:
        profiler.disable()
        log(f"profile of {label}:")
        pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(30)
    return result, time.perf_counter() - started


def run_gateway(students: int, profile: bool) -> dict:
    from celery import current_app
    from django.utils import timezone
    from django_tenants.utils import schema_context

    from tenant_apps.messaging import services
    from tenant_apps.messaging.enums import MessageStatus
    from tenant_apps.messaging.models import Delivery, Message

    with schema_context(SCHEMA):
        message = services.message_send(
            actor=None,
            subject="招聘会通知",
            body="{{ name }}，您好：招聘会通知。",
            channels=["wechat", "sms", "letter"],
            audience={"resolver": "accounts.users", "filters": {"kind": "student"}},
            send_at=timezone.now() + timezone.timedelta(days=1),
        )
        Message.objects.filter(pk=message.pk).update(status=MessageStatus.QUEUED, send_at=None)
        ranges, resolve_seconds = _timed(
            "gateway resolution",
            lambda: services.message_start_sending(message_id=message.pk),
            profile,
        )
        started = time.perf_counter()
        for first_id, last_id in ranges:
            current_app.send_task(
                "messaging.send_batch",
                kwargs={"message_id": message.pk, "first_id": first_id, "last_id": last_id},
            )
        enqueue_seconds = time.perf_counter() - started
        rows = Delivery.objects.filter(message_id=message.pk).count()
        by_channel = dict(
            Delivery.objects.filter(message_id=message.pk)
            .values_list("channel")
            .annotate(n=__import__("django.db.models", fromlist=["Count"]).Count("id"))
            .order_by()
        )
    return {
        "scenario": "gateway accounts.users",
        "students": students,
        "deliveries": rows,
        "by_channel": by_channel,
        "batches": len(ranges),
        "resolve_seconds": round(resolve_seconds, 2),
        "enqueue_seconds": round(enqueue_seconds, 3),
        "total_seconds": round(resolve_seconds + enqueue_seconds, 2),
    }


def run_push(students: int, profile: bool) -> dict:
    from celery import current_app
    from django.db import connection
    from django_tenants.utils import schema_context

    from tenant_apps.accounts.models import User
    from tenant_apps.employment.push import services as push_services
    from tenant_apps.employment.push.models import Push
    from tenant_apps.messaging import services
    from tenant_apps.messaging.models import Delivery

    with schema_context(SCHEMA):
        actor = User.objects.get(username="admin")
        # Start the message in this process (not on commit through a worker) to time it.
        original = current_app.send_task

        def start_here(name, args=None, kwargs=None, **options):
            if name == "messaging.start_message":
                for first_id, last_id in services.message_start_sending(
                    message_id=kwargs["message_id"]
                ):
                    original(
                        "messaging.send_batch",
                        kwargs={
                            "message_id": kwargs["message_id"],
                            "first_id": first_id,
                            "last_id": last_id,
                        },
                    )
                return None
            return original(name, args=args, kwargs=kwargs, **options)

        current_app.send_task = start_here
        try:
            push, seconds = _timed(
                "push",
                lambda: push_services.push_create(
                    actor=actor,
                    item_kind="custom",
                    object_id=None,
                    title="2026 届春季双选会",
                    summary="3 月 20 日 体育馆",
                    url="/",
                    filters={"graduation_years": [2026]},
                ),
                profile,
            )
        finally:
            current_app.send_task = original
        push = Push.objects.get(pk=push.pk)
        rows = Delivery.objects.filter(message_id=push.message_id).count()
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    return {
        "scenario": "employment push (create → resolved → queued)",
        "students": students,
        "deliveries": rows,
        "total_seconds": round(seconds, 2),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description="targeted push benchmark")
    parser.add_argument("--students", type=int, default=50000)
    parser.add_argument("--scenarios", default="gateway,push")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--output", default=str(ROOT / "var" / "bench" / "push.json"))
    args = parser.parse_args()

    os.environ["DATABASE_URL"] = bench_database_url(BENCH_DATABASE)
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.local"
    redis_base = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0").rsplit("/", 1)[0]
    os.environ["REDIS_URL"] = os.environ["CELERY_BROKER_URL"] = f"{redis_base}/15"
    os.environ.setdefault("SPARE_SCHEMA_POOL_SIZE", "0")
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ.setdefault("LOG_FORMAT", "plain")
    os.environ.pop("SENTRY_DSN", None)
    recreate_database(os.environ["DATABASE_URL"])

    import django

    django.setup()
    setup(args.students)
    results = []
    for scenario in args.scenarios.split(","):
        result = (
            run_gateway(args.students, args.profile)
            if scenario == "gateway"
            else run_push(args.students, args.profile)
        )
        log(json.dumps(result, ensure_ascii=False))
        results.append(result)
    print(
        "\n| scenario | students | deliveries | seconds (resolved + queued) |\n|---|---:|---:|---:|"
    )
    for r in results:
        print(
            f"| {r['scenario']} | {r['students']:,} | {r['deliveries']:,} | {r['total_seconds']} |"
        )
    Path(args.output).parent.mkdir(parents=True, exist_ok=True)
    Path(args.output).write_text(
        json.dumps({"options": vars(args), "results": results}, indent=2, ensure_ascii=False)
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
