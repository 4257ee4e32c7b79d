#!/usr/bin/env python
"""Bench: 2,000 people register for a 500-place paid activity within one minute (issue #17).
Targets: 0 oversold, the waiting list in order, p95 per registration under 200 ms; online ticket
verification under 100 ms p95.

    .venv/bin/python tests/bench/bench_activities.py [--people 2000] [--places 500] [--seconds 40] [--processes 8]

Gives itself a private copy of the test database (worker "benchact", dropped at the end) and a
local WeChat Pay v3 server (tests/tenant_apps/payments/fakepay.py). In the `alpha` schema it
commits a paid activity and the people's accounts, then forks `--processes` processes (own
database connections) that start registrations on an even schedule over `--seconds`: each is
`registration_create` and, for whoever got a place, `registration_pay` (a signed JSAPI order at
the v3 server), timed together. Afterwards every payment is notified (signed, encrypted, through
the notify view), three confirmed people cancel and the first three of the waiting list must
get the offers; then 1,000 confirmed tickets are verified online one by one.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "src")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
SCHEMA = "alpha"


def percentile95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[max(0, int(len(ordered) * 0.95) - 1)]


def worker(index: int, jobs: list[tuple[int, int, float]], activity_id: int, results) -> None:
    from django.db import connections
    from django_tenants.utils import schema_context

    connections.close_all()
    out = []
    try:
        from core.errors import ApplicationError
        from tenant_apps.accounts.models import User
        from tenant_apps.alumni.activities.models import Activity
        from tenant_apps.alumni.activities.services import registration_create, registration_pay

        with schema_context(SCHEMA):
            activity = Activity.objects.get(pk=activity_id)
            ticket_type = activity.ticket_types.get()
            users = {u.pk: u for u in User.objects.filter(pk__in=[j[0] for j in jobs])}
            for user_id, number, at in jobs:
                delay = at - time.time()
                if delay > 0:
                    time.sleep(delay)
                started = time.perf_counter()
                paying = 0.0
                try:
                    reg = registration_create(actor=users[user_id], activity=activity, ticket_type=ticket_type, attendee_name=f"校友{number}",
                                              attendee_phone=f"136{number:08d}")
                    registered = time.perf_counter()
                    if reg.status == "awaiting_payment":
                        registration_pay(actor=users[user_id], registration=reg, openid=f"o-{user_id}", notify_url="https://alpha.localhost/api/v1/payments/notify/")
                        paying = (time.perf_counter() - registered) * 1000
                    status = reg.status
                except ApplicationError as exc:
                    status, registered = exc.code, time.perf_counter()
                out.append((number, status, (registered - started) * 1000, time.time(), paying))
    except BaseException as exc:  # report, do not hang the parent
        out.append((-1, f"crash {exc!r}", 0.0, 0.0, 0.0))
    results.put(out)
    connections.close_all()
    results.close()
    results.join_thread()
    os._exit(0)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=2000)
    parser.add_argument("--places", type=int, default=500)
    parser.add_argument("--seconds", type=float, default=40.0)
    parser.add_argument("--processes", type=int, default=8)
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth.hashers import make_password
    from django.db import connections
    from django.test import Client
    from django_tenants.utils import schema_context

    from core.testing.database import drop_test_database, ensure_test_database
    from tests.tenant_apps.payments.fakepay import FakeWeChatPay, Merchant

    database = ensure_test_database("benchact")
    fake = FakeWeChatPay(Merchant()).start()
    settings.WECHAT_PAY_BASE_URL = fake.url
    try:
        from core.tickets.services import ticket_verify
        from tenant_apps.accounts.models import User
        from tenant_apps.alumni.activities.models import Registration
        from tenant_apps.alumni.activities.services import registration_cancel
        from tenant_apps.payments.services import merchant_settings_save
        from tests.tenant_apps.alumni_activities.conftest import make_activity

        with schema_context(SCHEMA):
            merchant_settings_save(actor=None, data=fake.merchant_settings())
            activity = make_activity(capacity=args.places, types=[{"name": "校友票", "price_fen": 8800, "capacity": args.places}], title="年会（压测）")
            password = make_password(None)
            User.objects.bulk_create([User(username=f"bench-{i}", password=password, kind="alumnus") for i in range(args.people)], batch_size=1000)
            ids = list(User.objects.filter(username__startswith="bench-").order_by("pk").values_list("pk", flat=True))
        connections.close_all()
        start = time.time() + 2.0
        step = args.seconds / args.people
        jobs = [(ids[i], i, start + i * step) for i in range(args.people)]
        context = multiprocessing.get_context("fork")
        results = context.Queue()
        processes = [context.Process(target=worker, args=(p, jobs[p::args.processes], activity.pk, results)) for p in range(args.processes)]
        for process in processes:
            process.start()
        rows = []
        for _ in processes:
            rows.extend(results.get(timeout=args.seconds + 300))
        for process in processes:
            process.join(timeout=30)
        crashes = [r for r in rows if r[0] < 0]
        assert not crashes, crashes
        finished = max(r[3] for r in rows) - start
        latencies = [r[2] for r in rows]
        paying = [r[4] for r in rows if r[4]]
        with open("/proc/loadavg") as handle:
            load = " ".join(handle.read().split()[:3])
        with schema_context(SCHEMA):
            activity.refresh_from_db()
            holding = Registration.objects.filter(activity=activity, status__in=["awaiting_payment", "confirmed", "offered"]).count()
            waiting = list(Registration.objects.filter(activity=activity, status="waitlisted").order_by("waitlisted_at", "id").values_list("pk", "attendee_name"))
            # pay everything through the notify endpoint, as WeChat Pay would
            client = Client(HTTP_HOST=f"{SCHEMA}.{settings.BASE_DOMAIN}")
            orders = list(Registration.objects.filter(activity=activity, status="awaiting_payment").values_list("order_no", flat=True))
        notify_ms = []
        for order_no in orders:
            body, headers = fake.pay(order_no)
            t = time.perf_counter()
            assert client.post("/api/v1/payments/notify/", data=body, content_type="application/json", **headers).status_code == 204
            notify_ms.append((time.perf_counter() - t) * 1000)
        with schema_context(SCHEMA):
            confirmed = list(Registration.objects.filter(activity=activity, status="confirmed").select_related("user", "activity").order_by("pk"))
            for registration in confirmed[:3]:
                registration_cancel(actor=registration.user, registration=registration)
            offered = list(Registration.objects.filter(activity=activity, status="offered").order_by("waitlisted_at", "id").values_list("pk", flat=True))
            activity.refresh_from_db()
            oversold = max(0, activity.places_taken - activity.capacity)
            verify_ms = []
            for registration in confirmed[3:1003]:
                t = time.perf_counter()
                verdict = ticket_verify(registration.ticket_code, scope=activity.ticket_scope)
                verify_ms.append((time.perf_counter() - t) * 1000)
                assert verdict.is_admitted
        print(f"{args.people} people, {args.places} places, {args.processes} processes, arrivals over {args.seconds:.0f}s, all done in {finished:.1f}s (load {load}):")
        print(f"  registration (place or waiting list, decided by the database): median {statistics.median(latencies):.0f} ms, "
              f"p95 {percentile95(latencies):.0f} ms, max {max(latencies):.0f} ms")
        print(f"  JSAPI order for the {len(paying)} holding a place (signed request to the v3 server and back): median {statistics.median(paying):.0f} ms, "
              f"p95 {percentile95(paying):.0f} ms")
        print(f"  places held {holding} / {args.places}, oversold {oversold}, waiting list {len(waiting)}, refused {len([r for r in rows if r[1] not in ('awaiting_payment', 'waitlisted')])}")
        print(f"  payment notifications: {len(notify_ms)}, median {statistics.median(notify_ms):.0f} ms, p95 {percentile95(notify_ms):.0f} ms; confirmed {len(confirmed)}")
        in_order = offered == [pk for pk, _ in waiting[:3]]
        print(f"  3 cancellations -> offers to the first 3 of the waiting list: {'yes' if in_order else 'NO'}")
        print(f"  online ticket verification ({len(verify_ms)}): median {statistics.median(verify_ms):.1f} ms, p95 {percentile95(verify_ms):.1f} ms")
        assert oversold == 0 and holding == args.places and in_order
    finally:
        fake.stop()
        connections.close_all()
        drop_test_database(database)


if __name__ == "__main__":
    main()
