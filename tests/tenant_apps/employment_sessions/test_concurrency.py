"""Two teachers assign the same venue and time at the same moment (committed data, two
connections): the exclusion constraint lets exactly one through."""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django_tenants.utils import schema_context

from core.errors import Conflict

SCHEMA = "live"


def test_concurrent_assignments_never_double_book(live_db):
    from tenant_apps.accounts.models import User
    from tenant_apps.employment.sessions.models import InfoSession, Venue
    from tenant_apps.employment.sessions.services import Slot, session_assign
    from tests.tenant_apps.employment_employers.conftest import make_approved
    from tests.tenant_apps.employment_sessions.conftest import apply, at, make_venue

    with schema_context(SCHEMA):
        admin = User.objects.get(username="admin")
        hall = make_venue(admin)
        sessions = [apply(make_approved(admin), days=9) for _ in range(4)]
    barrier = threading.Barrier(len(sessions))
    outcomes: list[str] = []

    def assign(session):
        try:
            with schema_context(SCHEMA):
                barrier.wait(timeout=10)
                session_assign(actor=admin, session=session, venue=hall, slot=Slot(at(9, 14), at(9, 16)))
                outcomes.append("ok")
        except Conflict:
            outcomes.append("conflict")
        finally:
            connection.close()

    threads = [threading.Thread(target=assign, args=(session,)) for session in sessions]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        assert sorted(outcomes) == ["conflict", "conflict", "conflict", "ok"]
        with schema_context(SCHEMA):
            assert hall.bookings.filter(is_active=True).count() == 1
    finally:
        with schema_context(SCHEMA):
            employer_ids = [s.employer_id for s in sessions]
            InfoSession.objects.filter(pk__in=[s.pk for s in sessions]).delete()
            Venue.objects.filter(pk=hall.pk).delete()
            from tenant_apps.employment.employers.models import Employer

            Employer.objects.filter(pk__in=employer_ids).delete()


@pytest.fixture(autouse=True)
def _public_after():
    yield
    connection.set_schema_to_public()
