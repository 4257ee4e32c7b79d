"""The demo seeder: fast, one upcoming fair with a booth map and applications, one past fair
with its figures; tickets signed by the real kernel."""

from __future__ import annotations

import time

import pytest

from tests.tenant_apps.employment.fairs.conftest import approved_job, make_approved, student

pytestmark = pytest.mark.django_db


def test_demo_fairs(in_alpha):
    from core.tickets.services import ticket_verify
    from tenant_apps.employment.fairs import demo
    from tenant_apps.employment.fairs.models import Fair
    from tenant_apps.employment.fairs.selectors import fair_figures, map_problems

    employers = [make_approved(in_alpha, industry="CIJM"[i % 4]) for i in range(24)]
    for employer in employers:
        approved_job(in_alpha, employer)
    for _ in range(30):
        student()
    started = time.perf_counter()
    demo._seed(employers)
    assert time.perf_counter() - started < 5
    demo.seed_demo_fairs("alpha", "university")  # not the demo schema: nothing more
    upcoming, past = Fair.objects.get(title=demo.UPCOMING_TITLE), Fair.objects.get(title=demo.PAST_TITLE)
    assert upcoming.booths.filter(kind="premium").exists() and upcoming.booths.filter(kind="accessible").exists()
    assert upcoming.applications.filter(status="pending").exists() and upcoming.applications.filter(booth__isnull=False).exists()
    assert map_problems(fair=upcoming) == []
    figures = fair_figures(fair=past)
    assert figures["employers_checked_in"] > 0 and figures["students_checked_in"] > 0 and figures["no_shows"] > 0
    checked = past.tickets.filter(checked_in_at__isnull=False).first()
    assert ticket_verify(checked.code, scope=past.ticket_scope).status == "duplicate"  # admitted at the demo door
