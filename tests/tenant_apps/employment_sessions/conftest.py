"""Fixtures for info sessions: venues, an approved employer's application, a student."""

from __future__ import annotations

import datetime
import itertools

from django.utils import timezone

from tests.tenant_apps.employment_employers.conftest import (  # noqa: F401
    hr_user,
    in_alpha,
    make_approved,
    staff_with,
)

_serial = itertools.count(1)


def at(days: int, hour: int, minute: int = 0) -> datetime.datetime:
    day = timezone.localtime() + datetime.timedelta(days=days)
    return day.replace(hour=hour, minute=minute, second=0, microsecond=0)


def make_venue(actor, *, kind: str = "hall", capacity: int = 100):
    from tenant_apps.employment.sessions.services import venue_save

    return venue_save(actor=actor, name=f"场地{next(_serial)}", kind=kind, capacity=capacity, equipment=["投影"])


def apply(employer, *, days: int = 5):
    from tenant_apps.employment.sessions.services import Slot, session_apply

    return session_apply(actor=hr_user(employer), employer=employer, title="校园宣讲会", description="介绍", expected_audience=80,
                         preferred_slots=[Slot(at(days, 14), at(days, 16))])


def published(actor, *, capacity: int = 100, days: int = 5):
    from tenant_apps.employment.sessions.services import Slot, session_assign, session_confirm

    employer = make_approved(actor)
    session = apply(employer, days=days)
    session = session_assign(actor=actor, session=session, venue=make_venue(actor, capacity=capacity), slot=Slot(at(days, 14), at(days, 16)))
    return session_confirm(actor=hr_user(employer), session=session)


def student():
    from tenant_apps.accounts.models import User

    return User.objects.create_user(username=f"stu{next(_serial)}", password="Stu-pass-2026", kind="student", display_name=f"学生{next(_serial)}")
