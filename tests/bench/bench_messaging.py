#!/usr/bin/env python
"""Messaging gateway: resolve and send to large audiences through the outbox backend and
through a local fake SMS provider (Aliyun wire format, signature checked).

Run through scripts/bench (it provides DATABASE_URL / REDIS_URL, embedded when unset):

    scripts/bench messaging [--sizes 5000,50000] [--backends outbox,fake_sms]

What it does (see docs/benchmarks.md, "Messaging"):
1. Recreates the database `campus_bench_messaging`, migrates the public schema, provisions
   tenant `benchmsg` and bulk-inserts max(sizes) student accounts with phone numbers; the
   first min(sizes) of them are also put in one org unit, so that both audiences come from
   the same `accounts.users` resolver (filters org_unit_id / kind).
2. For each backend and size: creates the message with `message_send`, then in this process
   times the audience resolution (snapshot of Delivery rows, `message_start_sending`, with
   tracemalloc's peak) and the queueing of one `messaging.send_batch` task per 500 rows.
   A fresh real Celery worker (solo pool) sends; the script waits until the message is
   completed and reads the worker's peak resident memory (VmHWM) from /proc.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from tests.bench._db import bench_database_url, log, recreate_database  # noqa: E402

BENCH_DATABASE = "campus_bench_messaging"
SCHEMA = "benchmsg"


def setup(max_size: int, small_size: int) -> int:
    """Tenant and students; returns the id of the org unit holding the small audience."""
    from django.core.management import call_command
    from django_tenants.utils import schema_context

    from shared_apps.provisioning.services import public_tenant_ensure, tenant_provision

    call_command("migrate_schemas", shared=True, interactive=False, verbosity=0)
    public_tenant_ensure(base_domain="localhost")
    tenant_provision(slug=SCHEMA, name="消息压测大学", modules=["employment"], admin_username="admin", admin_password="bench-admin-1")
    from tenant_apps.accounts.models import OrgUnit, User

    with schema_context(SCHEMA):
        unit = OrgUnit.objects.create(name="压测学院", kind="college")
        unit.path = f"/{unit.pk}/"
        unit.save(update_fields=["path"])
        started = time.perf_counter()
        batch = []
        for i in range(max_size):
            batch.append(User(username=f"s{i:06d}", display_name=f"学生{i:06d}", kind="student", phone=f"150{i:08d}", org_unit=unit if i < small_size else None))
            if len(batch) == 5000:
                User.objects.bulk_create(batch)
                batch = []
        if batch:
            User.objects.bulk_create(batch)
        log(f"{max_size} students inserted in {time.perf_counter() - started:.1f}s")
        return unit.pk


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def start_worker(worker_class):
    # A loaded machine can take longer than the 30 s CeleryWorker waits: try again.
    for attempt in range(3):
        try:
            return worker_class().start()
        except RuntimeError:
            if attempt == 2:
                raise
            log("worker slow to start, retrying")
    raise AssertionError("unreachable")


def run(size: int, backend: str, audience: dict, fake_url: str) -> dict:
    from celery import current_app
    from django_tenants.utils import schema_context

    from core.testing.live import CeleryWorker
    from tenant_apps.messaging import services
    from tenant_apps.messaging.enums import MessageStatus
    from tenant_apps.messaging.models import Message, ProviderConfig

    with schema_context(SCHEMA):
        ProviderConfig.objects.all().delete()
        if backend == "fake_sms":
            services.provider_config_save(
                actor=None, channel="sms", provider="aliyun_sms", options={"endpoint": fake_url, "sign_name": "压测", "template_code": "SMS_1", "rate_per_second": 0},
                secrets_update={"access_key_id": "bench-key", "access_key_secret": "bench-secret"},
            )
        # Created as scheduled far ahead so that no worker starts it: this process times each step.
        from django.utils import timezone

        message = services.message_send(actor=None, subject=f"{backend}-{size}", body="{{ name }}，您好：招聘会通知。", channels=["sms"], audience=audience, send_at=timezone.now() + timezone.timedelta(days=1))
        Message.objects.filter(pk=message.pk).update(status=MessageStatus.QUEUED, send_at=None)
        worker = start_worker(CeleryWorker)
        try:
            tracemalloc.start()
            started = time.perf_counter()
            ranges = services.message_start_sending(message_id=message.pk)
            resolved = time.perf_counter()
            resolve_peak = tracemalloc.get_traced_memory()[1] / 2**20
            tracemalloc.stop()
            for first_id, last_id in ranges:
                current_app.send_task("messaging.send_batch", kwargs={"message_id": message.pk, "first_id": first_id, "last_id": last_id})
            enqueued = time.perf_counter()
            while Message.objects.filter(pk=message.pk).values_list("status", flat=True).first() != MessageStatus.COMPLETED:
                time.sleep(0.2)
            finished = time.perf_counter()
            worker_peak = peak_rss_mb(worker.process.pid)
        finally:
            worker.stop()
        message.refresh_from_db()
    result = {
        "backend": backend,
        "recipients": size,
        "succeeded": message.succeeded,
        "failed": message.failed,
        "batches": len(ranges),
        "resolve_seconds": round(resolved - started, 2),
        "resolve_peak_mb": round(resolve_peak, 1),
        "enqueue_seconds": round(enqueued - resolved, 3),
        "send_seconds": round(finished - enqueued, 2),
        "per_second": round(size / (finished - enqueued)),
        "worker_peak_rss_mb": round(worker_peak, 1),
    }
    log(json.dumps(result, ensure_ascii=False))
    return result


def table(results: list[dict]) -> list[str]:
    lines = [
        "| backend | recipients | resolve (s) | resolve peak (MiB) | enqueue (s) | send (s) | sends/s | worker peak RSS (MiB) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        lines.append(
            f"| {r['backend']} | {r['recipients']:,} | {r['resolve_seconds']} | {r['resolve_peak_mb']} | {r['enqueue_seconds']} | {r['send_seconds']} | {r['per_second']:,} | {r['worker_peak_rss_mb']} |"
        )
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description="messaging gateway benchmark")
    parser.add_argument("--sizes", default="5000,50000")
    parser.add_argument("--backends", default="outbox,fake_sms")
    parser.add_argument("--output", default=str(ROOT / "var" / "bench" / "messaging.json"))
    args = parser.parse_args()
    sizes = sorted(int(s) for s in args.sizes.split(","))

    os.environ["DATABASE_URL"] = bench_database_url(BENCH_DATABASE)
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.local"
    # A Redis database of its own, so that no other worker takes our batches.
    redis_base = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0").rsplit("/", 1)[0]
    os.environ["REDIS_URL"] = os.environ["CELERY_BROKER_URL"] = f"{redis_base}/15"
    os.environ.setdefault("SPARE_SCHEMA_POOL_SIZE", "0")
    # DEBUG keeps every SQL statement in memory (bulk inserts are large): measure without it.
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ.setdefault("LOG_FORMAT", "plain")
    os.environ.pop("SENTRY_DSN", None)
    recreate_database(os.environ["DATABASE_URL"])

    import django

    django.setup()
    unit_id = setup(max(sizes), min(sizes))

    from tests.tenant_apps.messaging.fakes import FakeHTTPProvider, aliyun_handler

    fake = FakeHTTPProvider(aliyun_handler(access_key_id="bench-key", secret="bench-secret", action="SendSms", id_field="BizId")).start()
    results = []
    try:
        for backend in args.backends.split(","):
            for size in sizes:
                filters = {"org_unit_id": unit_id} if size == min(sizes) and size != max(sizes) else {"kind": "student"}
                results.append(run(size, backend, {"resolver": "accounts.users", "filters": filters}, fake.url))
    finally:
        fake.stop()
    print("\n" + "\n".join(table(results)))
    Path(args.output).parent.mkdir(parents=True, exist_ok=True)
    Path(args.output).write_text(json.dumps({"options": vars(args), "results": results, "fake_sms_requests": len(fake.requests)}, indent=2, ensure_ascii=False))
    print(f"results written to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
