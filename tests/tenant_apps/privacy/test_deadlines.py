"""The legal answer time: 15 working days after receipt by the official holiday arrangement;
open requests follow when vendor staff enter or correct a year (through the worker)."""

from __future__ import annotations

import datetime
import uuid

import pytest
from django_tenants.utils import schema_context

from core.testing.live import wait_until

D = datetime.date


@pytest.mark.django_db
def test_deadline_skips_public_holidays_and_counts_swapped_days():
    from tenant_apps.privacy.deadlines import legal_due_date

    assert legal_due_date(D(2026, 9, 30)) == D(2026, 10, 27)  # not 21 October: National Day
    assert legal_due_date(D(2026, 2, 13)) == D(2026, 3, 12)  # Spring Festival, two Saturdays worked
    assert legal_due_date(D(2026, 3, 2)) == D(2026, 3, 23)  # an ordinary month


@pytest.mark.django_db
def test_queue_warns_when_a_deadline_runs_into_a_year_not_entered(admin_client_a, in_tenant_a):
    from tenant_apps.accounts.models import User
    from tenant_apps.privacy.models import PersonalDataRequest

    subject = User.objects.create_user(username=f"s{uuid.uuid4().hex[:8]}", password="pw-12345678", kind="student")
    PersonalDataRequest.objects.create(subject=subject, kind="access", received_on=D(2032, 12, 20), due_on=D(2033, 1, 10))
    html = admin_client_a.get("/admin-ui/privacy/").content.decode()
    assert 'data-uncovered-year="2032"' in html and 'data-uncovered-year="2033"' in html
    assert 'data-uncovered-year="2026"' not in html


def _open_requests(received_days, due_on=None):
    from tenant_apps.accounts.models import User
    from tenant_apps.privacy.deadlines import legal_due_date
    from tenant_apps.privacy.models import PersonalDataRequest

    subject = User.objects.create_user(username=f"s{uuid.uuid4().hex[:8]}", password="pw-12345678", kind="student")
    return [PersonalDataRequest.objects.create(subject=subject, kind="access", received_on=day, due_on=due_on or legal_due_date(day))
            for day in received_days]


@pytest.mark.django_db
def test_recompute_moves_each_open_deadline_by_one_shared_calendar(in_tenant_a):
    from core.models import AuditEvent
    from tenant_apps.privacy.models import PersonalDataRequest
    from tenant_apps.privacy.services import due_dates_recompute

    # Months apart, so one calendar must span them all (same dates as legal_due_date above).
    national_day, spring_festival, ordinary = _open_requests([D(2026, 9, 30), D(2026, 2, 13), D(2026, 3, 2)], due_on=D(2026, 1, 1))
    closed = _open_requests([D(2026, 9, 30)], due_on=D(2026, 1, 1))[0]
    PersonalDataRequest.objects.filter(pk=closed.pk).update(status="completed")
    assert due_dates_recompute() == 3
    due = dict(PersonalDataRequest.objects.filter(pk__in=[national_day.pk, spring_festival.pk, ordinary.pk, closed.pk]).values_list("pk", "due_on"))
    assert due == {national_day.pk: D(2026, 10, 27), spring_festival.pk: D(2026, 3, 12), ordinary.pk: D(2026, 3, 23), closed.pk: D(2026, 1, 1)}
    event = AuditEvent.objects.get(action="privacy.request.due_recomputed", object_id=str(national_day.pk))
    assert event.before == {"due_on": "2026-01-01"} and event.after == {"due_on": "2026-10-27"}
    assert due_dates_recompute() == 0


@pytest.mark.django_db
def test_recompute_queries_do_not_grow_with_open_requests(in_tenant_a):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tenant_apps.privacy.models import PersonalDataRequest
    from tenant_apps.privacy.services import due_dates_recompute

    PersonalDataRequest.objects.all().delete()
    _open_requests([D(2026, 3, 2)])
    with CaptureQueriesContext(connection) as one:
        assert due_dates_recompute() == 0
    _open_requests([D(2026, 2, 13), D(2026, 9, 30), D(2026, 12, 28), D(2026, 5, 6)])
    with CaptureQueriesContext(connection) as five:
        assert due_dates_recompute() == 0
    assert len(five) == len(one) <= 3  # the open requests and the calendar's days and years


@pytest.mark.worker
def test_entering_a_year_moves_open_deadlines_in_every_tenant(celery_worker_process, live_db):
    from shared_apps.workdays.models import CalendarYear
    from shared_apps.workdays.services import year_save
    from tenant_apps.accounts.models import User
    from tenant_apps.privacy.models import PersonalDataRequest

    with schema_context("live"):
        subject = User.objects.create_user(username=f"s{uuid.uuid4().hex[:8]}", password="pw-12345678", kind="student")
        # Received before the 2034 arrangement was known: 15 weekdays after 29 September 2034.
        request = PersonalDataRequest.objects.create(subject=subject, kind="access", received_on=D(2034, 9, 29), due_on=D(2034, 10, 20))
        done = PersonalDataRequest.objects.create(subject=subject, kind="copy", received_on=D(2034, 9, 29), due_on=D(2034, 10, 20),
                                                  status="completed")
    try:
        year_save(actor=None, year=2034, source="国务院办公厅关于2034年部分节假日安排的通知",
                  holidays_text="国庆节 2034-10-01 2034-10-07", swapped_text="2034-10-08")

        def moved():
            with schema_context("live"):
                return PersonalDataRequest.objects.get(pk=request.pk).due_on != D(2034, 10, 20)
        assert wait_until(moved, timeout=60), celery_worker_process.log()[-3000:]
        with schema_context("live"):
            # 2-6 October off (Monday to Friday), Sunday 8 October worked: 15 working days end on 26 October.
            assert PersonalDataRequest.objects.get(pk=request.pk).due_on == D(2034, 10, 26)
            assert PersonalDataRequest.objects.get(pk=done.pk).due_on == D(2034, 10, 20)  # a closed request keeps its date
            from core.models import AuditEvent
            event = AuditEvent.objects.get(action="privacy.request.due_recomputed", object_id=str(request.pk))
            assert event.before == {"due_on": "2034-10-20"} and event.after == {"due_on": "2034-10-26"}
    finally:
        CalendarYear.objects.filter(year=2034).delete()
        with schema_context("live"):
            PersonalDataRequest.objects.filter(subject=subject).delete()
            subject.delete()
