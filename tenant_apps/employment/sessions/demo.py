"""Demo info sessions: venues and 40 sessions over two months (a few in every state, most
published with sign-ups). Idempotent, bulk inserts."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.backends.postgresql.psycopg_any import DateTimeTZRange
from django.utils import timezone

DEMO_SCHEMA = "demo"
COUNT = 40
VENUES = [("就业指导中心报告厅", "hall", 300, ["投影", "话筒", "录播"]), ("图书馆学术报告厅", "hall", 200, ["投影", "话筒"]),
          ("教学楼 A101", "hall", 120, ["投影"]), ("笔试室 B201", "written_test", 80, []), ("面试室 C301", "interview", 6, []),
          ("面试室 C302", "interview", 6, [])]


def seed_demo_sessions(schema_name: str, tenant_type: str) -> None:
    if schema_name != DEMO_SCHEMA or tenant_type != "university":
        return
    from tenant_apps.employment.employers.models import Employer
    from tenant_apps.employment.sessions.enums import BookingPurpose, SessionStatus
    from tenant_apps.employment.sessions.models import (
        InfoSession,
        SessionSignup,
        Venue,
        VenueBooking,
    )

    if InfoSession.objects.exists():
        return
    employers = list(Employer.objects.filter(status="approved").order_by("id")[:COUNT])
    if not employers:
        return
    with transaction.atomic():
        venues = [Venue.objects.get_or_create(name=name, defaults={"kind": kind, "capacity": capacity, "equipment": equipment})[0]
                  for name, kind, capacity, equipment in VENUES]
        halls = [v for v in venues if v.kind == "hall"]
        today = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
        sessions, bookings = [], []
        for i in range(COUNT):
            employer = employers[i % len(employers)]
            day = today + datetime.timedelta(days=(i * 3) // 2 - 10)  # from ten days ago to about seven weeks ahead
            start = day + datetime.timedelta(hours=(14 if i % 2 else 9) + (i % 3))
            hall = halls[i % len(halls)]
            status = SessionStatus.APPLIED if i % 10 == 7 else SessionStatus.ASSIGNED if i % 10 == 8 else SessionStatus.PUBLISHED
            assigned = status != SessionStatus.APPLIED
            sessions.append(InfoSession(
                employer=employer, title=f"{employer.name} 2027 届校园宣讲会", description="公司介绍、岗位介绍、现场答疑。", expected_audience=hall.capacity // 2,
                preferred_slots=[{"start": start.isoformat(), "end": (start + datetime.timedelta(hours=2)).isoformat()}], status=status,
                venue=hall if assigned else None, starts_at=start if assigned else None, ends_at=start + datetime.timedelta(hours=2) if assigned else None,
                capacity=hall.capacity if assigned else 0, published_at=timezone.now() if status == SessionStatus.PUBLISHED else None,
            ))
        InfoSession.objects.bulk_create(sessions)
        for session in sessions:
            if session.venue_id:
                bookings.append(VenueBooking(venue_id=session.venue_id, session=session, purpose=BookingPurpose.SESSION,
                                             during=DateTimeTZRange(session.starts_at, session.ends_at, "[)")))
        VenueBooking.objects.bulk_create(bookings)
        _seed_signups(sessions, SessionSignup)


def _seed_signups(sessions, signup_model) -> None:
    from tenant_apps.accounts.models import User

    students = list(User.objects.filter(kind="student").order_by("id")[:60])
    rows = []
    now = timezone.now()
    for i, session in enumerate(s for s in sessions if s.status == "published"):
        for student in students[: (i * 7) % 40]:
            rows.append(signup_model(session=session, student=student, checked_in_at=now if session.starts_at < now else None))
    signup_model.objects.bulk_create(rows, ignore_conflicts=True)
