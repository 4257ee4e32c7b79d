"""The demo seeders: fast, idempotent, and the counters match the rows."""

from __future__ import annotations

import time

import pytest
from django.db.models import Count, Q

from core.tickets import services as tickets
from tenant_apps.alumni.activities.demo import seed_demo_activities
from tenant_apps.alumni.activities.enums import HOLDING
from tenant_apps.alumni.activities.models import Activity
from tenant_apps.alumni.votes.demo import seed_demo_votes
from tenant_apps.alumni.votes.models import Vote

pytestmark = pytest.mark.django_db


def test_demo_activities_and_votes(in_tenant_a):
    started = time.perf_counter()
    seed_demo_activities("alpha", "university")
    seed_demo_votes("alpha", "university")
    assert time.perf_counter() - started < 30
    seed_demo_activities("alpha", "university")  # idempotent
    seed_demo_votes("alpha", "university")
    assert Activity.objects.count() == 6 and Vote.objects.count() == 2
    for activity in Activity.objects.annotate(held=Count("registrations", filter=Q(registrations__status__in=HOLDING))):
        assert activity.places_taken == activity.held <= activity.capacity
    full = Activity.objects.get(title__contains="新年联谊会")
    assert full.registrations.filter(status="waitlisted").exists() and full.registrations.filter(status="offered").exists()
    past = Activity.objects.get(title__contains="毅行")
    checked = past.registrations.filter(checked_in_at__isnull=False).first()
    assert tickets.ticket_verify(checked.ticket_code, scope=past.ticket_scope).status == "duplicate"  # already admitted at the demo door
    from tenant_apps.alumni.activities import lottery as lotteries

    assert lotteries.verify_receipt(lotteries.receipt(past.lotteries.get()))[0]
    seed_demo_activities("beta", "bureau")  # not a university: nothing
