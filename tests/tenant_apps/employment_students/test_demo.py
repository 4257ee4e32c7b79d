"""The demo data of employment part 1 (scripts/run): a cohort of 8,000 graduates in four colleges
with records in every verification state, destinations in every filing and approval state with
disputes, archives in transit; chains clean; idempotent."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_demo_cohort_has_every_state_and_a_clean_chain(in_tenant_a):
    from tenant_apps.employment.archives.demo import seed_demo_archives
    from tenant_apps.employment.archives.models import ArchiveTransfer
    from tenant_apps.employment.destinations.demo import seed_demo_destinations
    from tenant_apps.employment.destinations.enums import DestinationStatus
    from tenant_apps.employment.destinations.ledger import chains_verify
    from tenant_apps.employment.destinations.models import Destination
    from tenant_apps.employment.students.demo import DEMO_SIZE, demo_year, seed_demo_graduates
    from tenant_apps.employment.students.enums import VerificationStatus
    from tenant_apps.employment.students.models import GraduateRecord, RecordCorrection

    seed_demo_graduates("alpha", "university")
    seed_demo_destinations("alpha", "university", write_files=False)
    seed_demo_archives("alpha", "university")
    records = GraduateRecord.objects.filter(graduation_year=demo_year())
    assert records.count() == DEMO_SIZE == 8000
    assert records.values("org_unit__parent__parent__name").distinct().count() == 4
    assert set(records.values_list("verification_status", flat=True).distinct()) == set(VerificationStatus.values)
    waiting = records.filter(verification_status=VerificationStatus.CORRECTION)
    assert RecordCorrection.objects.filter(record__in=waiting, status="pending").count() == waiting.count() > 0
    destinations = Destination.objects.filter(record__graduation_year=demo_year())
    assert set(destinations.values_list("status", flat=True).distinct()) == set(DestinationStatus.values)
    assert destinations.filter(confirmation="disputed").exists() and destinations.filter(is_filed_by_staff=True).exists()
    assert set(ArchiveTransfer.objects.values_list("status", flat=True).distinct()) >= {"assigned", "mailed", "received"}
    assert chains_verify()[1] == []

    seed_demo_graduates("alpha", "university")  # idempotent
    seed_demo_destinations("alpha", "university", write_files=False)
    assert records.count() == 8000 and Destination.objects.filter(record__graduation_year=demo_year()).count() == destinations.count()
