#!/usr/bin/env python
"""Bench: graduate records and destinations at the sizes the issue names (issue 13).

    .venv/bin/python tests/bench/bench_employment_records.py [--roster 10000] [--graduates 30000] [--runs 20]

Gives itself a private copy of the test database (core.testing.database, worker "benchemployment",
dropped at the end) and, in the `alpha` schema:

1. imports a --roster row file as schools send it (two title rows, merged college cells, written
   with XlsxWriter): normalising the upload (what the page does) + the import job as the worker
   runs it (chunks committed with the job's progress) + the report of rejected rows (1 % bad rows).
   Target: under 60 s.
2. seeds --graduates graduates with destinations in every state and their hash chains (the demo
   seeder, bulk), VACUUM ANALYZE, then times the statistics page (GET through the Django test
   client, as a user with data scope "all") --runs times after a warm-up. Target: p95 under 300 ms.
3. re-checks every chain of those graduates (`chains_verify`, what the command and page run).
   Target: under 10 s.
4. the national export of 10,000 rows (the page's download). Target: under 30 s.
"""

from __future__ import annotations

import argparse
import datetime
import io
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


def roster(rows: int) -> bytes:
    import xlsxwriter

    from core.validators.china import id_number_check_character
    from tests.tenant_apps.employment_students.conftest import HEADERS, roster_row

    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = workbook.add_worksheet()
    sheet.merge_range(0, 0, 0, len(HEADERS) - 1, "2027届毕业生生源信息表")
    sheet.merge_range(1, 0, 1, len(HEADERS) - 1, "填表单位：教务处")
    for column, header in enumerate(HEADERS):
        sheet.write_string(2, column, header)
    college = HEADERS.index("学院")
    for index in range(rows):
        birth = datetime.date(2003, 1, 1) + datetime.timedelta(days=index // 900)
        first17 = f"110105{birth:%Y%m%d}{index % 900:03d}"
        values = roster_row(f"2022{index:06d}", f"学生{index}", 班级=f"班{index // 40:03d}", 学院=f"学院{index // 2500}", 毕业时间="2026-06-30",
                            身份证号=first17 + id_number_check_character(first17))
        if index % 100 == 99:
            values["身份证号"] = "110105200401010010"  # a wrong check digit: 1 % of the rows are rejected
        for column, header in enumerate(HEADERS):
            if column != college:
                sheet.write_string(3 + index, column, str(values[header]))
    for block in range(0, rows, 2500):  # one merged cell per college
        last = min(rows, block + 2500) - 1
        sheet.merge_range(3 + block, college, 3 + last, college, f"学院{block // 2500}") if last > block else sheet.write_string(3 + block, college, f"学院{block // 2500}")
    workbook.close()
    return buffer.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--roster", type=int, default=10_000)
    parser.add_argument("--graduates", type=int, default=30_000)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection
    from django.test import Client
    from django_tenants.utils import schema_context

    from core.importexport import services as importexport
    from core.testing.database import drop_test_database, ensure_test_database

    database = ensure_test_database("benchemployment")
    try:
        from tenant_apps.accounts.models import User
        from tenant_apps.employment.destinations.demo import seed_demo_destinations
        from tenant_apps.employment.destinations.ledger import chains_verify
        from tenant_apps.employment.destinations.models import Destination, LedgerEntry
        from tenant_apps.employment.students.demo import demo_year, seed_demo_graduates
        from tenant_apps.employment.students.imports import GRADUATE_IMPORT
        from tenant_apps.employment.students.roster import roster_normalise

        with schema_context("alpha"):
            admin = User.objects.get(username="admin")
            content = roster(args.roster)
            started = time.perf_counter()
            upload = roster_normalise(SimpleUploadedFile("roster.xlsx", content))
            normalised = time.perf_counter()
            job = importexport.import_job_create(actor=admin, spec_name=GRADUATE_IMPORT, upload=upload)
            job = importexport.import_job_run(job_id=job.pk)
            done = time.perf_counter()
            print(f"1. import of a {args.roster}-row roster (title rows, merged cells): {done - started:.1f} s "
                  f"(normalise {normalised - started:.1f} s, job + report {done - normalised:.1f} s); "
                  f"{job.succeeded_rows} kept, {job.rejected_rows} rejected, report {'written' if job.report_file else 'missing'}; "
                  f"target < 60 s: {'met' if done - started < 60 else 'NOT met'}")

            started = time.perf_counter()
            seed_demo_graduates("alpha", "university", size=args.graduates)
            seed_demo_destinations("alpha", "university", write_files=False)
            year = demo_year()
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
            print(f"   seeded {args.graduates} graduates, {Destination.objects.count()} destinations, {LedgerEntry.objects.count()} chain entries "
                  f"in {time.perf_counter() - started:.0f} s")

        client = Client(HTTP_HOST=f"alpha.{settings.BASE_DOMAIN}")
        with schema_context("alpha"):
            client.force_login(admin, backend="tenant_apps.accounts.backends.MultiIdentifierBackend")
        url = f"/admin-ui/employment/statistics/?year={year}"
        assert client.get(url).status_code == 200  # warm-up
        samples = []
        for _ in range(args.runs):
            started = time.perf_counter()
            response = client.get(url)
            samples.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
        as_of = []
        for _ in range(max(5, args.runs // 4)):
            started = time.perf_counter()
            client.get(f"{url}&as_of={time.strftime('%Y-%m-%d')}")
            as_of.append((time.perf_counter() - started) * 1000)
        print(f"2. statistics page over {args.graduates} graduates, {args.runs} requests: median {statistics.median(samples):.0f} ms, "
              f"p95 {percentile95(samples):.0f} ms; as of a date (from the chains): median {statistics.median(as_of):.0f} ms; "
              f"target p95 < 300 ms: {'met' if percentile95(samples) < 300 else 'NOT met'}")

        with schema_context("alpha"):
            started = time.perf_counter()
            checked, problems = chains_verify()
            elapsed = time.perf_counter() - started
        print(f"3. re-check of every chain: {checked} graduates with a destination, {len(problems)} problems, {elapsed:.1f} s; "
              f"target < 10 s: {'met' if elapsed < 10 else 'NOT met'}")

        started = time.perf_counter()
        # the export asks for a reason (issue 19): the page's form posts it with the download
        response = client.post("/admin-ui/employment/destinations/export/national/", {"reason": "基准测试：全国格式导出计时"})
        assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats"), response.status_code
        body = response.content
        elapsed = time.perf_counter() - started
        from openpyxl import load_workbook

        rows = sum(1 for _ in load_workbook(io.BytesIO(body), read_only=True).worksheets[0].iter_rows()) - 1
        print(f"4. national export: {rows} rows, {len(body) / 1024 / 1024:.1f} MB in {elapsed:.1f} s "
              f"({elapsed / max(rows, 1) * 10000:.1f} s per 10,000 rows); target 10,000 rows < 30 s: {'met' if elapsed / max(rows, 1) * 10000 < 30 else 'NOT met'}")
    finally:
        connection.close()
        drop_test_database(database)


if __name__ == "__main__":
    main()
