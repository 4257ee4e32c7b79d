"""Info sessions: apply → assign (no double booking) → confirm → published; rooms booked and
cancelled together; sign-ups within capacity; reminders once; QR attendance."""

from __future__ import annotations

import datetime

import pytest

from core.errors import ApplicationError, Conflict, PermissionDenied
from tests.tenant_apps.employment_sessions.conftest import (
    apply,
    at,
    hr_user,
    make_approved,
    make_venue,
    published,
    student,
)

pytestmark = pytest.mark.django_db


def test_full_flow_publishes_the_session(in_alpha):
    from tenant_apps.employment.sessions.selectors import published_sessions
    from tenant_apps.employment.sessions.services import Slot, session_assign, session_confirm

    employer = make_approved(in_alpha)
    session = apply(employer)
    assert session.status == "applied"
    hall = make_venue(in_alpha, capacity=150)
    session = session_assign(actor=in_alpha, session=session, venue=hall, slot=Slot(at(5, 14), at(5, 16)), capacity=120)
    assert session.status == "assigned" and session.capacity == 120
    assert session not in published_sessions()
    session = session_confirm(actor=hr_user(employer), session=session)
    assert session.status == "published" and session in published_sessions()


def test_employer_needs_the_permission(in_alpha):
    from tenant_apps.employment.employers.services import employer_permissions_set

    employer = make_approved(in_alpha)
    employer = employer_permissions_set(actor=in_alpha, employer=employer, can_post_jobs=True, can_apply_sessions=False, can_join_fairs=False)
    with pytest.raises(PermissionDenied):
        apply(employer)


def test_overlapping_booking_is_refused_by_the_database(in_alpha):
    from tenant_apps.employment.sessions.services import Slot, session_assign

    hall = make_venue(in_alpha)
    first, second = apply(make_approved(in_alpha)), apply(make_approved(in_alpha))
    session_assign(actor=in_alpha, session=first, venue=hall, slot=Slot(at(5, 14), at(5, 16)))
    with pytest.raises(Conflict) as caught:
        session_assign(actor=in_alpha, session=second, venue=hall, slot=Slot(at(5, 15), at(5, 17)))
    assert caught.value.code == "venue_already_booked"
    # back to back is fine (half-open ranges), and another hall at the same time too
    session_assign(actor=in_alpha, session=second, venue=hall, slot=Slot(at(5, 16), at(5, 18)))


def test_rooms_are_booked_together_or_not_at_all(in_alpha):
    from tenant_apps.employment.sessions.models import VenueBooking
    from tenant_apps.employment.sessions.services import Slot, session_assign

    hall, test_room = make_venue(in_alpha), make_venue(in_alpha, kind="written_test")
    interview = make_venue(in_alpha, kind="interview", capacity=5)
    other = apply(make_approved(in_alpha))
    session_assign(actor=in_alpha, session=other, venue=make_venue(in_alpha), slot=Slot(at(6, 9), at(6, 11)), interview=(interview, Slot(at(6, 18), at(6, 20))))
    session = apply(make_approved(in_alpha), days=6)
    with pytest.raises(Conflict):
        session_assign(actor=in_alpha, session=session, venue=hall, slot=Slot(at(6, 14), at(6, 16)),
                       written_test=(test_room, Slot(at(6, 16), at(6, 17))), interview=(interview, Slot(at(6, 19), at(6, 21))))
    assert not VenueBooking.objects.filter(session=session).exists()  # the hall and test room were not kept either


def test_cancelling_one_room_cancels_all_and_frees_them(in_alpha):
    from tenant_apps.employment.sessions.services import Slot, booking_cancel, session_assign

    hall, test_room = make_venue(in_alpha), make_venue(in_alpha, kind="written_test")
    session = session_assign(actor=in_alpha, session=apply(make_approved(in_alpha)), venue=hall, slot=Slot(at(5, 14), at(5, 16)),
                             written_test=(test_room, Slot(at(5, 16), at(5, 17))))
    booking_cancel(actor=in_alpha, booking=session.bookings.get(purpose="written_test"))
    session.refresh_from_db()
    assert session.status == "cancelled" and not session.bookings.filter(is_active=True).exists()
    session_assign(actor=in_alpha, session=apply(make_approved(in_alpha)), venue=hall, slot=Slot(at(5, 14), at(5, 16)))  # free again


def test_signup_within_capacity_once(in_alpha):
    from tenant_apps.employment.sessions.services import signup_create

    session = published(in_alpha, capacity=2)
    first, second, third = student(), student(), student()
    signup_create(student=first, session=session)
    with pytest.raises(Conflict) as caught:
        signup_create(student=first, session=session)
    assert caught.value.code == "already_signed_up"
    signup_create(student=second, session=session)
    with pytest.raises(Conflict) as caught:
        signup_create(student=third, session=session)
    assert caught.value.code == "session_full"


def test_qr_check_in_once_and_refuses_foreign_or_forged_codes(in_alpha):
    from tenant_apps.employment.sessions.services import (
        check_in_code,
        signup_check_in,
        signup_create,
    )

    session, other = published(in_alpha), published(in_alpha, days=7)
    signup = signup_create(student=student(), session=session)
    code = check_in_code(signup)
    assert signup_check_in(actor=in_alpha, session=session, code=code)[1] is True
    assert signup_check_in(actor=in_alpha, session=session, code=code)[1] is False
    for bad, target in ((code, other), (code[:-2] + "xx", session), ("", session)):
        with pytest.raises(ApplicationError) as caught:
            signup_check_in(actor=in_alpha, session=target, code=bad)
        assert caught.value.code == "invalid_check_in_code"


def test_reminders_go_once_24_hours_before(in_alpha):
    from tenant_apps.employment.sessions.services import reminders_send_due, signup_create
    from tenant_apps.messaging.models import Message

    soon = published(in_alpha, days=1)
    later = published(in_alpha, days=5)
    signup_create(student=student(), session=soon)
    signup_create(student=student(), session=later)
    from django.utils import timezone

    now = soon.starts_at - datetime.timedelta(hours=20)
    assert reminders_send_due(now=now) == 1
    assert reminders_send_due(now=now) == 0
    assert Message.objects.filter(source="employment_sessions.reminder").count() == 1
    assert timezone.now()


def test_calendar_places_sessions_on_their_day(in_alpha):
    from django.utils import timezone

    from tenant_apps.employment.sessions.selectors import month_calendar, week_calendar

    session = published(in_alpha, days=3)
    day = timezone.localtime(session.starts_at).date()
    cells = [cell for week in month_calendar(year=day.year, month=day.month) for cell in week if cell["date"] == day]
    assert session in cells[0]["sessions"]
    assert any(session in d["sessions"] for d in week_calendar(day=day))
