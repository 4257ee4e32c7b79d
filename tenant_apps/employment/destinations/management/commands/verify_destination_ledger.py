"""Re-check every graduate's destination hash chain in one tenant and name the records changed
outside the services. Exit status 1 when something is wrong (for cron and monitoring)."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError
from django_tenants.utils import schema_context

from tenant_apps.employment.destinations.ledger import chains_verify


class Command(BaseCommand):
    help = "校验毕业去向变更哈希链，列出在系统之外被修改的记录"

    def add_arguments(self, parser):
        parser.add_argument("--schema", required=True, help="tenant schema name")

    def handle(self, *args, schema: str, **options):
        from tenant_apps.employment.students.models import GraduateRecord

        with schema_context(schema):
            started = time.perf_counter()
            checked, problems = chains_verify()
            names = dict((pk, f"{number} {name}") for pk, number, name in GraduateRecord.objects.filter(
                pk__in={p.record_id for p in problems}).values_list("pk", "student_number", "name"))
            for problem in problems:
                where = f"#{problem.sequence}" if problem.sequence else "current"
                self.stdout.write(f"{names.get(problem.record_id, problem.record_id)}\t{where}\t{problem.problem}")
            self.stdout.write(f"checked {checked} chains in {time.perf_counter() - started:.2f}s, {len(problems)} problem(s)")
        if problems:
            raise CommandError(f"{len(problems)} destination record(s) do not match their chain")
