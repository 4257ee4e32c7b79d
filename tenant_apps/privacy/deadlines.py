"""The legal answer time of a personal-data request: 15 working days.

PIPL art. 50 asks for a timely answer; the national standard GB/T 35273-2020 §8.7 puts it at
15 working days, which is what schools are audited against. Working days follow the official
holiday arrangement of each year (shared_apps.workdays, entered on the console); a year not yet
entered counts weekends only, and the queue says so (docs/decisions/0142)."""

from __future__ import annotations

import datetime

from shared_apps.workdays.calendar import WorkCalendar
from shared_apps.workdays.selectors import work_calendar

LEGAL_WORKING_DAYS = 15
# Far enough for 15 working days around the longest holiday (Spring Festival: 9 days).
_WINDOW = datetime.timedelta(days=60)


def calendar_from(received_on: datetime.date, last_received_on: datetime.date | None = None) -> WorkCalendar:
    """The calendar for the deadlines of requests received from `received_on` to
    `last_received_on` (that day alone when not given)."""
    return work_calendar(received_on, (last_received_on or received_on) + _WINDOW)


def legal_due_date(received_on: datetime.date, *, calendar: WorkCalendar | None = None) -> datetime.date:
    """`calendar` must cover the deadline (see calendar_from); it is loaded when not given."""
    if calendar is None:
        calendar = calendar_from(received_on)
    return calendar.add_working_days(received_on, LEGAL_WORKING_DAYS)
