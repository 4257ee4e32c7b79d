"""Bench: prepare + execute a draw with 3 condition groups and unit avoidance over 100,000
experts; p95 server-side must stay under 200 ms.

    .venv/bin/python -m pytest tests/bench/bench_draw.py -q -p no:randomly -s
"""

from __future__ import annotations

import statistics
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tenants.utils import schema_context

pytestmark = pytest.mark.django_db

N = 100_000


def _bulk_experts(domains):
    from tenant_apps.experts.models import AvoidanceUnit, Expert
    from tenant_apps.experts.services import experts_refresh_domain_ids

    now = timezone.now()
    experts = [Expert(name=f"专家{i}", status="approved", approved_at=now, employer=f"单位{i % 500}", title_level="senior" if i % 3 else "associate",
                      region="上海" if i % 2 else "北京") for i in range(N)]
    Expert.objects.bulk_create(experts, batch_size=5000)
    ids = list(Expert.objects.order_by("id").values_list("id", flat=True))
    through = Expert.domains.through
    through.objects.bulk_create([through(expert_id=eid, domain_id=domains[i % len(domains)].pk) for i, eid in enumerate(ids)], batch_size=10000)
    experts_refresh_domain_ids(expert_ids=ids)  # the ancestry column the pool query filters on
    AvoidanceUnit.objects.bulk_create([AvoidanceUnit(expert_id=eid, name="甲单位", kind="former_employer") for eid in ids[::200]], batch_size=5000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE experts_expert; ANALYZE experts_expert_domains; ANALYZE experts_avoidanceunit")


def test_bench_draw_100k(tenant_bureau):
    from tenant_apps.accounts.models import User
    from tenant_apps.experts.panels.selectors import GroupConditions
    from tenant_apps.experts.panels.services import draw_execute, draw_prepare
    from tests.tenant_apps.experts.conftest import make_domain_tree
    from tests.tenant_apps.experts_panels.conftest import make_project

    with schema_context("bureau"):
        admin = User.objects.get(username="admin")
        top, mid, leaf, other = make_domain_tree()
        _bulk_experts([leaf, mid, other])
        project = make_project(admin, owner_unit="甲单位", related=["单位7", "单位9"])
        day = timezone.localdate()
        timings, queries = [], []
        for _ in range(20):
            started = time.perf_counter()
            capture = CaptureQueriesContext(connection)
            capture.__enter__()
            draw = draw_prepare(actor=admin, project=project, work_start=day, work_end=day, supervisors=["甲", "乙"], channels=["sms"], cool_down_days=30, cool_down_max=3,
                                groups=[GroupConditions(count=6, domain_ids=[top.pk]), GroupConditions(count=3, domain_ids=[other.pk], title_levels=["senior"]),
                                        GroupConditions(count=2, domain_ids=[mid.pk], regions=["上海"])])
            draw_execute(actor=admin, draw=draw, supervisor_values=["1", "2"])
            timings.append((time.perf_counter() - started) * 1000)
            capture.__exit__(None, None, None)
            queries.append(len(capture.captured_queries))
            slowest = sorted(capture.captured_queries, key=lambda q: -float(q["time"]))[:3]
        assert draw.groups.get(number=1).candidate_count > 10_000
        timings.sort()
        p95 = timings[int(len(timings) * 0.95) - 1]
        print(f"\nexpert draw over {N} experts, 3 groups + avoidance: median {statistics.median(timings):.0f} ms, p95 {p95:.0f} ms, "
              f"{max(queries)} queries per draw (first {queries[0]}, last {queries[-1]})")
        for q in slowest:
            print(f"  {float(q['time']) * 1000:.0f} ms  {q['sql'][:300]}")
        assert p95 < 200, timings
