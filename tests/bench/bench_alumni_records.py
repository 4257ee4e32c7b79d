#!/usr/bin/env python
"""Bench: alumni records (issue 16).

    .venv/bin/python tests/bench/bench_alumni_records.py [--records 200000] [--import-rows 50000] [--searches 200]

Gives itself a private copy of the test database (worker "benchalumni", dropped at the end) and
works in the `alpha` schema:
1. matching quality on a labelled set of pairs (precision / recall of the automatic acceptance
   score, AUTO_ACCEPT) — no database needed;
2. importing and matching `--import-rows` rows: records_bulk_create (keys, aliases, sources),
   then 2% of them join as members and are matched (match_candidates) — target < 5 min;
3. a duplicate scan over `--records` records — target < 10 min;
4. directory search p95 over `--records` directory profiles, by name, pinyin, class year +
   major, employer (privacy conditions in the query) — target < 100 ms.
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


def labelled_pairs(n: int, seed: int = 1) -> list[tuple[dict, dict, bool]]:
    """n pairs, half the same person written differently, half different people chosen to be
    hard: same name or reading, often the same class year."""
    from tenant_apps.alumni.records import synthetic

    rng = random.Random(seed)
    pairs = []
    for i in range(n):
        a = synthetic.person(rng)
        a["birth_date"] = a["_birth"] if rng.random() < 0.8 else None
        if i % 2 == 0:
            pairs.append((a, synthetic.variant(rng, a), True))
        else:
            b = synthetic.person(rng, year=a["class_year"] if rng.random() < 0.6 else None)
            b["name"] = a["name"] if rng.random() < 0.7 else a["name"][:-1] + synthetic.HOMOPHONES.get(a["name"][-1], a["name"][-1])
            b["birth_date"] = b["_birth"]
            pairs.append((a, b, False))
    return pairs


def _person(p: dict, book):
    from tenant_apps.alumni.records.matching import Person

    year = p.get("class_year")
    return Person(name=p["name"], class_year=year, graduation_year=p.get("graduation_year"), birth_date=p.get("birth_date"),
                  college=book.canonical("college", p.get("college_name", ""), year), major=book.canonical("major", p.get("major", ""), year), gender=p.get("gender", ""))


def precision_recall(pairs) -> tuple[float, float]:
    from tenant_apps.alumni.records import matching, synthetic

    book = matching.AliasBook(synthetic.alias_rows() + [("college", c, c, None, None) for c, _ in synthetic.COLLEGES])
    tp = fp = fn = 0
    for a, b, same in pairs:
        predicted = matching.score(_person(a, book), _person(b, book)).total >= matching.AUTO_ACCEPT
        tp += predicted and same
        fp += predicted and not same
        fn += (not predicted) and same
    return tp / max(1, tp + fp), tp / max(1, tp + fn)


def percentile95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[max(0, int(len(ordered) * 0.95) - 1)]


def seed_aliases() -> None:
    from tenant_apps.alumni.records import synthetic
    from tenant_apps.alumni.records.models import College, NameAlias

    College.objects.bulk_create([College(name=c, sort_order=i) for i, (c, _) in enumerate(synthetic.COLLEGES)], ignore_conflicts=True)
    colleges = dict(College.objects.values_list("name", "pk"))
    NameAlias.objects.bulk_create([NameAlias(kind=k, alias=a, canonical=c, college_id=colleges.get(c) if k == "college" else None, valid_from=f, valid_to=t)
                                   for k, a, c, f, t in synthetic.alias_rows()], ignore_conflicts=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=200_000)
    parser.add_argument("--import-rows", type=int, default=50_000)
    parser.add_argument("--searches", type=int, default=200)
    parser.add_argument("--pairs", type=int, default=4000)
    args = parser.parse_args()

    import django

    django.setup()
    pairs = labelled_pairs(args.pairs)
    precision, recall = precision_recall(pairs)
    print(f"matching on {len(pairs)} labelled pairs (half same person written differently, half hard negatives): precision {precision:.3f}, recall {recall:.3f}")

    from django.db import connection
    from django_tenants.utils import schema_context

    from core.testing.database import drop_test_database, ensure_test_database

    database = ensure_test_database("benchalumni")
    try:
        from tenant_apps.accounts.models import User
        from tenant_apps.alumni.directory.models import Profile
        from tenant_apps.alumni.directory.selectors import DirectorySearch, directory_search
        from tenant_apps.alumni.records import matching, synthetic
        from tenant_apps.alumni.records.models import AlumniRecord, Member
        from tenant_apps.alumni.records.services import (
            duplicates_scan,
            match_candidates,
            records_bulk_create,
        )

        with schema_context("alpha"):
            seed_aliases()
            rng = random.Random(5)
            # 2. import + match
            people = [synthetic.person(rng) for _ in range(args.import_rows)]
            started = time.perf_counter()
            for start in range(0, len(people), 5000):
                records_bulk_create(rows=[synthetic.public(p) for p in people[start:start + 5000]], source="基准导入")
            imported = time.perf_counter() - started
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE alumni_records_alumnirecord")
            admin = User.objects.get(username="admin")
            joiners = rng.sample(people, max(1, len(people) // 50))
            book = matching.AliasBook.load()
            started = time.perf_counter()
            hits = 0
            for p in joiners:
                v = synthetic.public(synthetic.variant(rng, p))
                member = Member(user=admin, **{k: v[k] for k in ("name", "birth_date", "class_year", "college_name", "major", "gender")})
                best = match_candidates(member, aliases=book, limit=3)
                hits += bool(best) and best[0][0].name_simplified == matching.simplify(p["name"]) and best[0][0].class_year == p["class_year"]
            matched = time.perf_counter() - started
            total = imported + matched
            print(f"import {len(people)} rows: {imported:.1f}s; match {len(joiners)} joiners: {matched:.1f}s ({matched / len(joiners) * 1000:.0f} ms each, "
                  f"best candidate right for {hits / len(joiners):.1%}); total {total:.0f}s, target < 300 s: {'met' if total < 300 else 'NOT met'}")
            # 3. duplicate scan over --records records (5% duplicates written differently)
            more = args.records - len(people)
            extra = []
            for _ in range(max(0, more)):
                extra.append(synthetic.public(synthetic.variant(rng, rng.choice(people))) if rng.random() < 0.05 else synthetic.public(synthetic.person(rng)))
            for start in range(0, len(extra), 5000):
                records_bulk_create(rows=extra[start:start + 5000], source="基准导入")
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE alumni_records_alumnirecord")
            count = AlumniRecord.objects.count()
            started = time.perf_counter()
            found = duplicates_scan(actor=None)
            scanned = time.perf_counter() - started
            print(f"duplicate scan over {count} records: {scanned:.0f}s, {found} pairs, target < 600 s: {'met' if scanned < 600 else 'NOT met'}")
            # 4. directory search over --records profiles
            visibility = ["all", "chapters", "none"]
            users = User.objects.bulk_create([User(username=f"b{i}", kind="alumnus") for i in range(count)], batch_size=5000)
            members = Member.objects.bulk_create([Member(user=u, name=r.name, class_year=r.class_year, status="approved", record_id=r.pk)
                                                  for u, r in zip(users, AlumniRecord.objects.only("pk", "name", "class_year").order_by("pk"), strict=False)], batch_size=5000)
            rows = []
            for m, r in zip(members, AlumniRecord.objects.only("pk", "name", "name_keys", "class_year", "major_canonical", "region", "industry", "employer").order_by("pk"), strict=False):
                rows.append(Profile(member=m, name=r.name, name_keys=r.name_keys, class_year=r.class_year, major=r.major_canonical, region=r.region, industry=r.industry,
                                    employer=r.employer, vis_employer=rng.choice(visibility), vis_region=rng.choice(visibility), org_ids=[rng.randint(1, 20)]))
            Profile.objects.bulk_create(rows, batch_size=5000)
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE alumni_directory_profile")
            viewer = Profile.objects.order_by("pk").first()
            queries = []
            for _ in range(args.searches):
                p = rng.choice(people)
                kind = rng.randrange(4)
                if kind == 0:
                    queries.append(DirectorySearch(q=p["name"]))
                elif kind == 1:
                    queries.append(DirectorySearch(q=matching.name_keys(p["name"])[0]))
                elif kind == 2:
                    queries.append(DirectorySearch(class_year=p["class_year"], major=p["_major"][:4]))
                else:
                    queries.append(DirectorySearch(employer=p["employer"][-6:]))
            timings = []
            for search in queries:
                started = time.perf_counter()
                queryset = directory_search(viewer=viewer, search=search)
                page = list(queryset[:20])
                queryset.count()
                timings.append((time.perf_counter() - started) * 1000)
                assert page is not None
            p95 = percentile95(timings)
            print(f"directory search over {Profile.objects.count()} profiles ({args.searches} searches: name, pinyin, year+major, employer; page of 20 + count): "
                  f"median {statistics.median(timings):.0f} ms, p95 {p95:.0f} ms, target < 100 ms: {'met' if p95 < 100 else 'NOT met'}")
    finally:
        drop_test_database(database)


if __name__ == "__main__":
    main()
