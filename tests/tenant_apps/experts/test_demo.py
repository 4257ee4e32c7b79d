"""The demo seeder for bureau tenants (core.hooks): realistic data, consistent pool, idempotent.
The full 20,000-expert run is timed by hand (about 30 s, see docs/benchmarks.md); here a
smaller count keeps the suite fast."""

import pytest

pytestmark = pytest.mark.django_db


def test_bureau_seeder_makes_a_consistent_library_once(in_bureau, monkeypatch):
    from core.hooks import demo_seeders
    from tenant_apps.accounts.models import User
    from tenant_apps.experts import demo
    from tenant_apps.experts.models import DRAWABLE_FLAGS, AvoidanceUnit, Domain, Expert
    from tenant_apps.experts.selectors import (
        ExpertSearch,
        eligible_experts,
        exclusion_counts,
        expert_search,
    )

    monkeypatch.setattr(demo, "DEMO_EXPERT_COUNT", 400)
    seeder = {name: func for _, name, func in demo_seeders()}["experts"]
    seeder("bureau", "bureau")
    assert Expert.objects.count() == 400
    assert Domain.objects.filter(level=3).count() > 50 and AvoidanceUnit.objects.count() >= 400
    assert set(Expert.objects.filter(is_drawable=True).values_list("pk", flat=True)) == set(Expert.objects.filter(DRAWABLE_FLAGS).values_list("pk", flat=True))
    assert not Expert.objects.filter(domain_ids=[]).exists()
    counts = exclusion_counts()
    assert sum(counts.values()) > 0 and eligible_experts().count() < 400
    top = Domain.objects.filter(level=1).first()
    admin = User.objects.filter(is_superuser=True).first()
    assert expert_search(actor=admin, search=ExpertSearch(domain_ids=[top.pk], pool="all")).exists()
    seeder("bureau", "bureau")  # experts exist: nothing more
    assert Expert.objects.count() == 400


def test_seeder_skips_universities(in_tenant_a):
    from tenant_apps.experts.demo import seed_demo_experts
    from tenant_apps.experts.models import Expert

    seed_demo_experts("alpha", "university")
    assert not Expert.objects.exists()
