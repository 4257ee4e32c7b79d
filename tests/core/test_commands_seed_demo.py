"""manage.py seed_demo: demo tenants, a console staff account and every registered demo
seeder run inside each demo tenant; running it again changes nothing."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django_tenants.utils import get_public_schema_name, schema_context

from core import hooks
from shared_apps.provisioning.models import Domain, Tenant

pytestmark = pytest.mark.django_db


@pytest.fixture
def only_recording_seeder(monkeypatch):
    calls = []

    def record(schema_name, tenant_type):
        calls.append((schema_name, tenant_type, connection.schema_name))

    monkeypatch.setattr(hooks, "_demo_seeders", [(1, "recorder", record)])
    return calls


def test_seed_demo_creates_tenants_accounts_and_runs_seeders_idempotently(only_recording_seeder):
    call_command("seed_demo", verbosity=0)

    demo = Tenant.objects.get(schema_name="demo")
    assert sorted(demo.modules) == ["alumni", "employment", "experts"]
    assert demo.status == "active"
    assert Domain.objects.filter(domain="demo.localhost", tenant=demo).exists()
    public_hosts = set(Domain.objects.filter(tenant__schema_name=get_public_schema_name()).values_list("domain", flat=True))
    assert {"localhost", "www.localhost", "console.localhost"} <= public_hosts
    # The suite's own `bureau` tenant already exists: seed_demo keeps it as it is.
    assert Tenant.objects.get(schema_name="bureau").modules == ["experts"]

    user_model = get_user_model()
    with schema_context("demo"):
        admin = user_model.objects.get(username="admin")
        assert admin.check_password("demo-admin-1") and admin.is_superuser
    with schema_context(get_public_schema_name()):
        staff = user_model.objects.get(username="staff")
        assert staff.check_password("demo-staff-1")
        assert staff.is_staff and staff.kind == "vendor"
    with schema_context("demo"):
        assert not user_model.objects.filter(username="staff").exists()

    # Each seeder ran inside the tenant it was given.
    assert only_recording_seeder == [("demo", "university", "demo"), ("bureau", "bureau", "bureau")]

    # Again: nothing new, seeders run again (they must be idempotent themselves).
    tenants = Tenant.objects.count()
    call_command("seed_demo", verbosity=0)
    assert Tenant.objects.count() == tenants
    with schema_context(get_public_schema_name()):
        assert user_model.objects.filter(username="staff").count() == 1
    assert len(only_recording_seeder) == 4


def test_failing_seeder_is_reported_and_others_still_run(monkeypatch):
    ran = []

    def broken(schema_name, tenant_type):
        raise ValueError("boom")

    def fine(schema_name, tenant_type):
        ran.append(schema_name)

    monkeypatch.setattr(hooks, "_demo_seeders", [(1, "broken", broken), (2, "fine", fine)])
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="broken"):
        call_command("seed_demo", verbosity=0)
    assert ran == ["demo", "bureau"]


def test_every_registered_demo_seeder_runs_cleanly_twice():
    """The real seeders of every app, as scripts/run calls them."""
    call_command("seed_demo", verbosity=0)
    call_command("seed_demo", verbosity=0)


def test_seed_demo_for_one_tenant_runs_only_its_seeders(only_recording_seeder):
    call_command("seed_demo", verbosity=0)  # the demo tenants exist
    only_recording_seeder.clear()
    call_command("seed_demo", tenant="bureau", verbosity=0)
    assert only_recording_seeder == [("bureau", "bureau", "bureau")]


def test_parallel_seeding_plan_runs_each_module_in_order_and_cross_module_seeders_last():
    """seed_demo --parallel (scripts/run): one process per tenant and module, each running that
    module's seeders in their order; the seeders of no module (privacy) after all of them."""
    from shared_apps.provisioning.management.commands.seed_demo import DEMO_TENANTS, seeding_plan

    def seeder(module_path):
        def seed(schema_name, tenant_type):
            return None

        seed.__module__ = module_path
        return seed

    seeders = [
        (60, "experts", seeder("tenant_apps.experts.demo")),
        (70, "employment_students", seeder("tenant_apps.employment.students.demo")),
        (70, "alumni_records", seeder("tenant_apps.alumni.records.demo")),
        (71, "employment_destinations", seeder("tenant_apps.employment.destinations.demo")),
        (72, "alumni_directory", seeder("tenant_apps.alumni.directory.demo")),
        (990, "privacy", seeder("tenant_apps.privacy.demo")),
    ]
    chains, last = seeding_plan(seeders, DEMO_TENANTS)
    names = {key: [name for _, name, _ in entries] for key, entries in chains.items()}
    assert names == {
        ("demo", "experts"): ["experts"],
        ("demo", "employment"): ["employment_students", "employment_destinations"],
        ("demo", "alumni"): ["alumni_records", "alumni_directory"],
        # The bureau has the expert library only.
        ("bureau", "experts"): ["experts"],
    }
    assert [(spec["slug"], entry[1]) for spec, entry in last] == [("demo", "privacy"), ("bureau", "privacy")]


def test_every_real_demo_seeder_belongs_to_a_module_or_runs_last():
    """A seeder outside tenant_apps.<module> would silently run after all the modules: only the
    ones that draw on every module (privacy) may."""
    from shared_apps.provisioning.management.commands.seed_demo import _module_of

    outside = sorted(name for _, name, seeder in hooks.demo_seeders() if _module_of(seeder) is None)
    assert outside == ["privacy"]
