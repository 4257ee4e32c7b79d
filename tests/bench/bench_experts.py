#!/usr/bin/env python
"""Expert library: search and the pre-count of eligible experts over 100,000 experts.

    .venv/bin/python tests/bench/bench_experts.py [--experts 100000] [--runs 50]

Builds (or reuses) the test database through core.testing.database (worker "bench"), then,
inside the `bureau` schema of that private bench database (committed, reused on the next run),
generates the experts with the demo generator (tenant_apps.experts.demo.generate_experts: 3-level domain
tree, ~3% on leave, 1% black-listed, 2% frozen, 1% deleted), runs VACUUM ANALYZE, and times each
query `--runs` times: p50 / p95 in milliseconds, measured around the full ORM evaluation. The
queries are the selectors the pages and the drawing use (eligible_count, exclusion_counts,
expert_search + result_count) and the statistics page's figures, computed and cached
(cached_statistics, issue 19).
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


def timed(fn, runs: int) -> tuple[float, float]:
    fn()  # warm
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return statistics.median(samples), samples[max(0, int(len(samples) * 0.95) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--experts", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection
    from django_tenants.utils import schema_context

    from core.testing.database import ensure_test_database

    ensure_test_database("bench")
    from tenant_apps.accounts.models import User
    from tenant_apps.experts.demo import generate_experts
    from tenant_apps.experts.models import Domain, Expert
    from tenant_apps.experts.selectors import (
        ExpertSearch,
        cached_statistics,
        eligible_count,
        eligible_experts,
        exclusion_counts,
        expert_search,
        result_count,
    )

    with schema_context("bureau"):
        missing = args.experts - Expert.objects.count()
        if missing > 0:
            started = time.perf_counter()
            generate_experts(missing, seed=7, batch_size=5000, phone_prefix="130")
            print(f"generated {missing} experts in {time.perf_counter() - started:.1f}s")
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        admin = User.objects.filter(is_superuser=True).first()
        top = Domain.objects.filter(level=1).order_by("pk").first()
        mid = Domain.objects.filter(level=2).order_by("pk").first()

        def page(search):
            # what the list page does: the first 20 rows, and the count its paginator shows
            return lambda: (list(expert_search(actor=admin, search=search)[:20]), result_count(expert_search(actor=admin, search=search)))

        cases = [
            ("pre-count eligible (whole library)", lambda: eligible_experts().count()),
            ("pre-count eligible in a level-1 domain (with descendants)", lambda: eligible_count(actor=admin, search=ExpertSearch(domain_ids=[top.pk]))),
            ("exclusion counts per reason", exclusion_counts),
            ("search keyword 结构工程: page 1 + count", page(ExpertSearch(q="结构工程"))),
            ("search fuzzy name 欧阳 (2 chars: name prefix): page 1 + count", page(ExpertSearch(q="欧阳"))),
            ("search fuzzy employer 华中科技 (trigram): page 1 + count", page(ExpertSearch(q="华中科技"))),
            ("search keyword + level-2 domain + title level: page 1 + count", page(ExpertSearch(q="教授", domain_ids=[mid.pk], title_level="senior"))),
            ("list page 1 + count, no filter (exact up to 200,000)", page(ExpertSearch())),
            ("statistics page figures, computed (once per 5 min per user)", lambda: cached_statistics(actor=admin, refresh=True)),
            ("statistics page figures, from the cache", lambda: cached_statistics(actor=admin)),
        ]
        print(f"{Expert.objects.count()} experts, {eligible_experts().count()} eligible")
        print("| query | p50 ms | p95 ms |\n|---|---|---|")
        for label, fn in cases:
            p50, p95 = timed(fn, args.runs)
            print(f"| {label} | {p50:.1f} | {p95:.1f} |")


if __name__ == "__main__":
    main()
