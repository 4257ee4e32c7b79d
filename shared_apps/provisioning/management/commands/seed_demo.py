"""Demo data for scripts/run: the public tenant and its hosts, two demo tenants, a console
staff account, then every demo seeder that apps registered (core.hooks). Safe to run again."""

from __future__ import annotations

import multiprocessing
import sys
import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connections, transaction
from django_tenants.utils import get_public_schema_name, schema_context

from core.hooks import demo_seeders
from shared_apps.provisioning.enums import Module, TenantType
from shared_apps.provisioning.models import Tenant
from shared_apps.provisioning.services import public_tenant_ensure, tenant_provision

DEMO_TENANTS = [
    {"slug": "demo", "name": "演示大学", "type": TenantType.UNIVERSITY, "modules": list(Module.values)},
    {"slug": "bureau", "name": "演示专家局", "type": TenantType.BUREAU, "modules": [Module.EXPERTS]},
]
DEMO_ADMIN = ("admin", "demo-admin-1")
DEMO_STAFF = ("staff", "demo-staff-1")
# The console asks vendor staff for an authenticator code after the password. The demo staff
# account gets a fixed, published TOTP secret so a newcomer can sign in without enrolling:
# add it to any authenticator app, or print the current code with `manage.py demo_totp`.
DEMO_STAFF_TOTP_SECRET = "CAMPUSSAASDEMOSTAFFCONSOLE234567"  # base32, 160 bits


def _staff_user_ensure(*, username: str, password: str) -> bool:
    """Vendor staff for the console live in the public schema. Returns True when created."""
    user_model = get_user_model()
    with schema_context(get_public_schema_name()):
        if user_model.objects.filter(username=username).exists():
            return False
        user = user_model(username=username, is_staff=True, kind="vendor")
        if hasattr(user, "display_name"):
            user.display_name = "平台客服"
        user.set_password(password)
        user.save()
    return True


def _staff_second_factor_ensure(*, username: str, secret: str) -> bool:
    """The demo staff member's authenticator, confirmed, unless they enrolled one of their own."""
    from django.utils import timezone

    from shared_apps.console.models import StaffSecondFactor

    with schema_context(get_public_schema_name()):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            return False
        factor = StaffSecondFactor.objects.filter(user_id=user.pk).first()
        if factor is not None and factor.confirmed_at is not None:
            return False
        if factor is None:
            factor = StaffSecondFactor(user_id=user.pk)
        factor.secret = secret
        factor.confirmed_at = timezone.now()
        factor.save()
    return True


class Command(BaseCommand):
    help = "Create (or complete) the demo tenants and accounts. Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--skip-seeders", action="store_true", help="only tenants and accounts")
        parser.add_argument("--tenant", choices=[spec["slug"] for spec in DEMO_TENANTS],
                            help="only run the seeders of this demo tenant (it must exist)")
        parser.add_argument("--parallel", action="store_true",
                            help="seed side by side, a process per demo tenant and module (scripts/run: a shorter first start)")

    def handle(self, *args, **options):
        if options["tenant"]:
            self._seed([spec for spec in DEMO_TENANTS if spec["slug"] == options["tenant"]])
            return
        parallel = options["parallel"]
        if parallel:
            self._spares_in_processes()
        self._tenants_and_accounts()
        if options["skip_seeders"]:
            return
        if parallel:
            self._seed_in_processes()
        else:
            self._seed(DEMO_TENANTS)

    def _tenants_and_accounts(self) -> None:
        base = settings.BASE_DOMAIN
        with schema_context(get_public_schema_name()):
            public_tenant_ensure(base_domain=base)
            for spec in DEMO_TENANTS:
                if Tenant.objects.filter(schema_name=spec["slug"]).exists():
                    self.stdout.write(f"tenant {spec['slug']} exists")
                    continue
                tenant_provision(
                    slug=spec["slug"], name=spec["name"], type=spec["type"], modules=spec["modules"],
                    admin_username=DEMO_ADMIN[0], admin_password=DEMO_ADMIN[1],
                    admin_email=f"admin@{spec['slug']}.example.cn",
                    plan="premium",  # no limits: the bureau demo holds 20,000 experts
                )
                self.stdout.write(self.style.SUCCESS(f"tenant {spec['slug']} created"))
        if _staff_user_ensure(username=DEMO_STAFF[0], password=DEMO_STAFF[1]):
            self.stdout.write(self.style.SUCCESS(f"console staff user {DEMO_STAFF[0]} created"))
        if _staff_second_factor_ensure(username=DEMO_STAFF[0], secret=DEMO_STAFF_TOTP_SECRET):
            self.stdout.write(self.style.SUCCESS(f"console staff {DEMO_STAFF[0]}: demo authenticator secret {DEMO_STAFF_TOTP_SECRET} (manage.py demo_totp prints the current code)"))

    def _spares_in_processes(self) -> None:
        """Migrate the demo tenants' schemas side by side (a spare schema per process, claimed by
        tenant_provision), instead of one after the other. On a first start scripts/migrate has
        already built them alongside the public schema (migrate_fleet --spares)."""
        from shared_apps.provisioning.fleet import spares_build
        from shared_apps.provisioning.models import SpareSchema

        with schema_context(get_public_schema_name()):
            missing = sum(not Tenant.objects.filter(schema_name=spec["slug"]).exists() for spec in DEMO_TENANTS)
            wanted = missing - SpareSchema.objects.count()
            if wanted < 2:
                return
            results = spares_build(wanted)
        if not all(result.ok for result in results):
            self.stderr.write("a spare schema could not be created; the demo tenants are migrated one by one")

    def _seed_in_processes(self) -> None:
        """Each product module's seeders in a process of their own, per demo tenant: modules do
        not depend on each other's demo data, and within a module they run in their order. The
        seeders that draw on every module (privacy) run last, here. Output goes line by line."""
        chains, last = seeding_plan(demo_seeders(), DEMO_TENANTS)
        specs = {spec["slug"]: spec for spec in DEMO_TENANTS}
        connections.close_all()  # the children open their own
        fork = multiprocessing.get_context("fork")
        children = {key: fork.Process(target=self._seed_chain, args=(specs[key[0]], seeders)) for key, seeders in chains.items()}
        for child in children.values():
            child.start()
        failed = []
        for (slug, module), child in children.items():
            child.join()
            if child.exitcode != 0:
                failed.append(f"{slug}/{module}")
        for spec, seeder in last:
            try:
                self._seed([spec], seeders=[seeder])
            except CommandError:
                failed.append(f"{spec['slug']}/{seeder[1]}")
        if failed:
            raise CommandError("demo seeders failed in: " + ", ".join(failed))

    def _seed_chain(self, spec, seeders) -> None:
        try:
            self._seed([spec], seeders=seeders)
        except CommandError:
            sys.exit(1)  # already reported, seeder by seeder

    def _seed(self, specs, *, seeders=None) -> None:
        failures = []
        for spec in specs:
            for _, name, seeder in demo_seeders() if seeders is None else seeders:
                started = time.monotonic()
                try:
                    with schema_context(spec["slug"]), transaction.atomic():
                        seeder(spec["slug"], str(spec["type"]))
                except Exception as exc:  # report every broken seeder, not just the first
                    failures.append(f"{spec['slug']}/{name}: {type(exc).__name__}: {exc}")
                    self.stderr.write(self.style.ERROR(f"demo seeder {name} failed in {spec['slug']}: {exc}"))
                else:
                    # the smoke step has a time budget: the seconds show which seeder grew
                    self.stdout.write(f"demo seeder {name} ran in {spec['slug']} ({time.monotonic() - started:.1f} s)")
                # one short write per line: processes seeding side by side share the output
                self.stdout.flush()
                self.stderr.flush()
        if failures:
            raise CommandError("demo seeders failed: " + "; ".join(failures))


def seeding_plan(seeders, tenants) -> tuple[dict[tuple[str, str], list], list]:
    """({(tenant, module): its seeders in order}, [(tenant spec, seeder) to run after them all]).
    A module's seeders run only in tenants that have the module switched on."""
    chains: dict[tuple[str, str], list] = {}
    last = []
    for entry in seeders:
        module = _module_of(entry[2])
        for spec in tenants:
            if module is None:
                last.append((spec, entry))
            elif module in spec["modules"]:
                chains.setdefault((spec["slug"], module), []).append(entry)
    return chains, last


def _module_of(seeder) -> str | None:
    """The product module a seeder belongs to (tenant_apps.<module>…), or None for the ones
    that draw on every module."""
    parts = seeder.__module__.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "tenant_apps" and parts[1] in Module.values else None
