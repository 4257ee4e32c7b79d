#!/usr/bin/env python
"""Alumni mass mail: a campaign to 50,000 alumni records queued in under 5 s.

Run through scripts/bench (it provides DATABASE_URL / REDIS_URL, embedded when unset):

    scripts/bench alumni_mail [--sizes 5000,50000] [--repeat 3]

What it does:
1. Recreates the database `campus_bench_alumni_mail`, migrates the public schema, provisions
   tenant `benchmail` (alumni module) and bulk-inserts max(sizes) alumni records with encrypted
   e-mails and phones (the first min(sizes) of class year 2001, the rest 2002), then VACUUM ANALYZE.
2. For each size, `repeat` times: a draft mass mail to the records (class year filter) and, timed:
   - `send`: `campaign_send` (count of the recipients, the gateway message created, audit);
   - `resolve`: the gateway's `message_start_sending` (our audience resolver streams the
     records, unsubscribes applied; one pending Delivery row per recipient, batches planned);
   - `enqueue`: one `messaging.send_batch` task per 500 rows put on the broker (Redis db 15).
   "Queued" = all three: from the click to every recipient's row pending in a queued batch.
   Sending itself is the gateway's own benchmark (bench_messaging.py).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

BENCH_DATABASE = "campus_bench_alumni_mail"
SCHEMA = "benchmail"


def _log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def _database_url() -> str:
    url = urlsplit(os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/campus_saas"))
    return urlunsplit((url.scheme, url.netloc, f"/{BENCH_DATABASE}", url.query, ""))


def recreate_database(url: str) -> None:
    import psycopg2

    parts = urlsplit(url)
    conn = psycopg2.connect(host=parts.hostname, port=parts.port or 5432, user=parts.username or "postgres", password=parts.password, dbname="postgres")
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{BENCH_DATABASE}" WITH (FORCE)')
        cursor.execute(f"CREATE DATABASE \"{BENCH_DATABASE}\" ENCODING 'UTF8' TEMPLATE template0")
    conn.close()


def setup(max_size: int, small_size: int) -> None:
    from django.core.management import call_command
    from django.db import connection
    from django_tenants.utils import schema_context

    from shared_apps.provisioning.services import public_tenant_ensure, tenant_provision

    call_command("migrate_schemas", shared=True, interactive=False, verbosity=0)
    public_tenant_ensure(base_domain="localhost")
    tenant_provision(slug=SCHEMA, name="群发压测大学", modules=["alumni"], admin_username="admin", admin_password="bench-admin-1")
    from core.crypto import blind_index
    from tenant_apps.alumni.records.models import AlumniRecord

    with schema_context(SCHEMA):
        started = time.perf_counter()
        batch = []
        for i in range(max_size):
            phone = f"139{i:08d}"
            batch.append(AlumniRecord(name=f"校友{i:06d}", class_year=2001 if i < small_size else 2002, email=f"alumnus{i:06d}@example.cn", phone=phone,
                                      phone_hash=blind_index(phone)))
            if len(batch) == 5000:
                AlumniRecord.objects.bulk_create(batch)
                batch = []
        if batch:
            AlumniRecord.objects.bulk_create(batch)
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM ANALYZE {AlumniRecord._meta.db_table}")
        _log(f"{max_size} records inserted in {time.perf_counter() - started:.1f}s")


def run(size: int, class_year: int | None) -> dict:
    from celery import current_app
    from django.db import transaction
    from django_tenants.utils import schema_context

    from tenant_apps.accounts.models import User
    from tenant_apps.alumni.outreach import services
    from tenant_apps.messaging import services as messaging_services
    from tenant_apps.messaging.models import Delivery

    with schema_context(SCHEMA):
        admin = User.objects.get(username="admin")
        filters = {"class_year": class_year} if class_year else {}
        campaign = services.campaign_save(actor=admin, data=services.CampaignInput(channel="email", title=f"压测 {size}", body="<p>{{ name }}校友：您好！</p>",
                                                                                     layout="red_banner", source_filters=filters))
        # campaign_send queues the gateway's start task on commit: this process runs the start
        # instead (timed), so the on-commit callback is dropped.
        started = time.perf_counter()
        with transaction.atomic():
            campaign = services.campaign_send(actor=admin, campaign=campaign)
            transaction.get_connection().run_on_commit = []  # the start task: this process runs it, timed
        sent = time.perf_counter()
        ranges = messaging_services.message_start_sending(message_id=campaign.message_id)
        resolved = time.perf_counter()
        for first_id, last_id in ranges:
            current_app.send_task("messaging.send_batch", kwargs={"message_id": campaign.message_id, "first_id": first_id, "last_id": last_id})
        enqueued = time.perf_counter()
        pending = Delivery.objects.filter(message_id=campaign.message_id, status="pending").count()
    return {"recipients": size, "pending_rows": pending, "batches": len(ranges), "send_seconds": round(sent - started, 2),
            "resolve_seconds": round(resolved - sent, 2), "enqueue_seconds": round(enqueued - resolved, 3), "queued_seconds": round(enqueued - started, 2)}


def main() -> int:
    parser = argparse.ArgumentParser(description="alumni mass mail benchmark")
    parser.add_argument("--sizes", default="5000,50000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--output", default=str(ROOT / "var" / "bench" / "alumni_mail.json"))
    args = parser.parse_args()
    sizes = sorted(int(s) for s in args.sizes.split(","))

    os.environ["DATABASE_URL"] = _database_url()
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
    setup(max(sizes), min(sizes))
    results = []
    for size in sizes:
        class_year = 2001 if size == min(sizes) and size != max(sizes) else None
        runs = []
        for _ in range(args.repeat):
            runs.append(run(size, class_year))
            _log(json.dumps(runs[-1], ensure_ascii=False))
        results.append({"recipients": size, "runs": runs, "queued_median_seconds": statistics.median(r["queued_seconds"] for r in runs),
                        "queued_max_seconds": max(r["queued_seconds"] for r in runs)})
    from celery import current_app

    current_app.connection_for_write().default_channel.client.flushdb()  # the batches queued above: nobody sends them
    print("\n| recipients | send (s) | resolve (s) | enqueue (s) | queued total, median (max) of runs (s) |")
    print("|---:|---:|---:|---:|---:|")
    for r in results:
        last = r["runs"][len(r["runs"]) // 2]
        print(f"| {r['recipients']:,} | {last['send_seconds']} | {last['resolve_seconds']} | {last['enqueue_seconds']} | {r['queued_median_seconds']} ({r['queued_max_seconds']}) |")
    Path(args.output).parent.mkdir(parents=True, exist_ok=True)
    Path(args.output).write_text(json.dumps({"options": vars(args), "results": results}, indent=2, ensure_ascii=False))
    print(f"results written to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
