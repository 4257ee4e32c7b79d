"""The demo seeder reads the crawler's fixture site through the same extraction code and
service; it is idempotent."""

from __future__ import annotations

import pytest
from django_tenants.utils import schema_context

pytestmark = pytest.mark.django_db


def test_demo_seeder_fills_confirmed_pending_and_excluded_results_once():
    from tenant_apps.alumni.famous.demo import seed_demo_famous
    from tenant_apps.alumni.famous.models import (
        AlumniEnterprise,
        Exclusion,
        FamousAlumnus,
        NewsItem,
    )

    with schema_context("alpha"):
        seed_demo_famous("alpha", "university")
        confirmed = set(FamousAlumnus.objects.filter(status="confirmed").values_list("name", flat=True))
        assert confirmed == {"李明远", "王思齐", "刘建国"}
        assert set(FamousAlumnus.objects.filter(status="pending").values_list("name", flat=True)) == {"周文博"}
        assert Exclusion.objects.filter(name="李华清").exists()
        assert AlumniEnterprise.objects.filter(status="confirmed", name="星河科技股份有限公司").exists()
        assert NewsItem.objects.filter(status="confirmed").count() == 2
        assert all(p.source_url.startswith("http://127.0.0.1:8765/") and p.fetched_at for p in FamousAlumnus.objects.all())
        counts = (FamousAlumnus.objects.count(), NewsItem.objects.count())
        seed_demo_famous("alpha", "university")
        assert (FamousAlumnus.objects.count(), NewsItem.objects.count()) == counts
