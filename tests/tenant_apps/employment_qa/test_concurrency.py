"""Six students take the last two seats of a slot at the same moment (committed data, six
connections): the conditional update and the check constraint let exactly two in."""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django_tenants.utils import schema_context

from core.errors import Conflict

SCHEMA = "live"


def test_concurrent_bookings_never_exceed_capacity(live_db):
    from tenant_apps.accounts.models import User
    from tenant_apps.employment.qa.models import AdvisingSlot
    from tenant_apps.employment.qa.services import booking_create
    from tests.tenant_apps.employment_qa.conftest import publish, student

    with schema_context(SCHEMA):
        admin = User.objects.get(username="admin")
        (slot,) = publish(admin, hours=300, capacity=2)
        pupils = [student() for _ in range(6)]
    barrier = threading.Barrier(len(pupils))
    outcomes: list[str] = []

    def book(pupil):
        try:
            with schema_context(SCHEMA):
                barrier.wait(timeout=10)
                booking_create(student=pupil, slot=slot)
                outcomes.append("ok")
        except Conflict:
            outcomes.append("full")
        finally:
            connection.close()

    threads = [threading.Thread(target=book, args=(pupil,)) for pupil in pupils]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        assert sorted(outcomes) == ["full"] * 4 + ["ok"] * 2
        with schema_context(SCHEMA):
            slot.refresh_from_db()
            assert slot.booked_count == 2 and slot.bookings.count() == 2
    finally:
        with schema_context(SCHEMA):
            AdvisingSlot.objects.filter(pk=slot.pk).delete()
            User.objects.filter(pk__in=[p.pk for p in pupils]).delete()


@pytest.fixture(autouse=True)
def _public_after():
    yield
    connection.set_schema_to_public()
