#!/usr/bin/env python
"""Bench: prepare + execute a draw with 3 condition groups and unit avoidance over 100,000
experts (X19/X30). Target: p95 under 200 ms server-side.

    .venv/bin/python tests/bench/bench_draw.py [--experts 100000] [--draws 30] [--explain]
    scripts/bench draw                                   # the same through the bench runner

Gives itself a private copy of the test database (core.testing.database, worker "benchdraw",
dropped at the end), commits 100,000 experts in the `bureau` schema (3-domain tree: a top
domain with a child and a grandchild, and a second top domain; every third expert associate,
every second one in 上海; 500 with a declared avoidance unit), runs VACUUM ANALYZE (the state
autovacuum keeps a live library in), then times `--draws` draws after one warm-up: each is
`draw_prepare` + `draw_execute` inside one transaction, timed around the two service calls
(what the pages wait for). The commit that follows (and with it the queueing of the
invitations, `transaction.on_commit`) is reported apart. Previous draws stay, so later draws
see earlier panels as busy experts and cool-down counts, as in a real bureau.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "src")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")


def percentile95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[max(0, int(len(ordered) * 0.95) - 1)]


def backend_cpu_ms(pid: int) -> float:
    """User + system CPU of a local PostgreSQL backend so far (0 when it cannot be read)."""
    try:
        with open(f"/proc/{pid}/stat") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


def bulk_experts(n: int, domains, resume_chars: int = 0) -> None:
    from django.db import connection
    from django.utils import timezone

    from tenant_apps.experts.models import AvoidanceUnit, Expert
    from tenant_apps.experts.services import experts_refresh_domain_ids

    now = timezone.now()
    text = "长期从事工程技术咨询、项目评审与标准编制工作，主持和参与多项省部级课题。" * (resume_chars // 30 + 1)
    experts = [Expert(name=f"专家{i}", status="approved", approved_at=now, employer=f"单位{i % 500}", title_level="senior" if i % 3 else "associate",
                      region="上海" if i % 2 else "北京", resume=f"{i}{text}"[:resume_chars]) for i in range(n)]
    Expert.objects.bulk_create(experts, batch_size=5000)
    ids = list(Expert.objects.order_by("id").values_list("id", flat=True))
    through = Expert.domains.through
    through.objects.bulk_create([through(expert_id=eid, domain_id=domains[i % len(domains)].pk) for i, eid in enumerate(ids)], batch_size=10000)
    experts_refresh_domain_ids(expert_ids=ids)  # the ancestry column the pool query filters on
    AvoidanceUnit.objects.bulk_create([AvoidanceUnit(expert_id=eid, name="甲单位", kind="former_employer") for eid in ids[::200]], batch_size=5000)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE experts_expert")
        cursor.execute("VACUUM ANALYZE experts_expert_domains")
        cursor.execute("VACUUM ANALYZE experts_avoidanceunit")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--experts", type=int, default=100_000)
    parser.add_argument("--draws", type=int, default=30)
    parser.add_argument("--resume", type=int, default=0, metavar="CHARS",
                        help="a resume of this many characters per expert, for rows as wide as a real library's (300: about 1 KB a row)")
    parser.add_argument("--explain", action="store_true", help="print EXPLAIN ANALYZE of the slowest statement of the last draw")
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone
    from django_tenants.utils import schema_context

    from core.testing.database import drop_test_database, ensure_test_database

    database = ensure_test_database("benchdraw")
    try:
        from tenant_apps.accounts.models import User
        from tenant_apps.experts.panels.selectors import GroupConditions
        from tenant_apps.experts.panels.services import draw_execute, draw_prepare
        from tests.tenant_apps.experts.conftest import make_domain_tree
        from tests.tenant_apps.experts_panels.conftest import make_project

        with schema_context("bureau"):
            admin = User.objects.get(username="admin")
            top, mid, leaf, other = make_domain_tree()
            started = time.perf_counter()
            bulk_experts(args.experts, [leaf, mid, other], resume_chars=args.resume)
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_size_pretty(pg_table_size('experts_expert')), pg_backend_pid()")
                size, backend = cursor.fetchone()
            print(f"{args.experts} experts ({size}) committed and vacuumed in {time.perf_counter() - started:.0f}s")
            project = make_project(admin, owner_unit="甲单位", related=["单位7", "单位9"])
            day = timezone.localdate()
            groups = [GroupConditions(count=6, domain_ids=[top.pk]), GroupConditions(count=3, domain_ids=[other.pk], title_levels=["senior"]),
                      GroupConditions(count=2, domain_ids=[mid.pk], regions=["上海"])]

            def one() -> tuple[float, float, float, float, list[dict]]:
                with CaptureQueriesContext(connection) as capture:
                    with transaction.atomic():
                        cpu = time.process_time() * 1000 + backend_cpu_ms(backend)
                        started = time.perf_counter()
                        draw = draw_prepare(actor=admin, project=project, work_start=day, work_end=day, supervisors=["甲", "乙"], channels=["sms"],
                                            cool_down_days=30, cool_down_max=3, groups=groups)
                        prepared = time.perf_counter()
                        draw_execute(actor=admin, draw=draw, supervisor_values=["1", "2"])
                        executed = time.perf_counter()
                        cpu = time.process_time() * 1000 + backend_cpu_ms(backend) - cpu
                    committed = time.perf_counter()
                assert sum(draw.groups.get(number=1).tier_sizes) > 10_000
                return (executed - started) * 1000, (prepared - started) * 1000, (committed - executed) * 1000, cpu, capture.captured_queries[:]

            one()  # warm-up (connection, caches)
            totals, prepares, commits, cpus, queries = [], [], [], [], []
            for _ in range(args.draws):
                total, prepare, commit, cpu, captured = one()
                totals.append(total)
                prepares.append(prepare)
                commits.append(commit)
                cpus.append(cpu)
                queries.append(len([q for q in captured if q["sql"] not in ("BEGIN", "COMMIT")]))
            with open("/proc/loadavg") as handle:
                load = " ".join(handle.read().split()[:3])
            print(f"expert draw over {args.experts} experts, 3 groups + avoidance, {args.draws} draws (load average {load}):")
            print(f"  prepare + execute: median {statistics.median(totals):.0f} ms, p95 {percentile95(totals):.0f} ms, max {max(totals):.0f} ms")
            print(f"  of which prepare:  median {statistics.median(prepares):.0f} ms, p95 {percentile95(prepares):.0f} ms")
            print(f"  CPU per draw (this process + its PostgreSQL backend, 10 ms ticks): mean {statistics.fmean(cpus):.0f} ms")
            print(f"  commit + queueing the invitations (on_commit): median {statistics.median(commits):.0f} ms, p95 {percentile95(commits):.0f} ms")
            print(f"  queries per draw (prepare + execute + invitations): {min(queries)}-{max(queries)}")
            print(f"  target p95 < 200 ms: {'met' if percentile95(totals) < 200 else 'NOT met'}")
            slowest = sorted(captured, key=lambda q: -float(q["time"]))[:3]
            for q in slowest:
                print(f"  {float(q['time']) * 1000:5.0f} ms  {q['sql'][:160]}")
            if args.explain:
                with transaction.atomic(), connection.cursor() as cursor:
                    for q in captured[: captured.index(slowest[0])]:  # the settings the draw had in force (set_config)
                        if q["sql"].startswith("SELECT set_config("):
                            cursor.execute(q["sql"])
                    cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + slowest[0]["sql"])
                    print("\n".join(row[0] for row in cursor.fetchall()))
                    transaction.set_rollback(True)
    finally:
        drop_test_database(database)


if __name__ == "__main__":
    main()
