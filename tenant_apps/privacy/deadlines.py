"""The legal answer time of a personal-data request: 15 working days.

PIPL art. 50 asks for a timely answer; the national standard GB/T 35273-2020 §8.7 puts it at
15 working days, which is what schools are audited against. The project has no Chinese public
holiday calendar (the State Council publishes each year's holidays and swapped working days in
December), so working days here skip Saturdays and Sundays only: `holidays` / `extra_working_days`
take such a calendar when one is added (docs/decisions/0139)."""

from __future__ import annotations

import datetime
from collections.abc import Collection

LEGAL_WORKING_DAYS = 15


def is_working_day(day: datetime.date, *, holidays: Collection[datetime.date] = (), extra_working_days: Collection[datetime.date] = ()) -> bool:
    if day in extra_working_days:
        return True
    return day.weekday() < 5 and day not in holidays


def add_working_days(start: datetime.date, days: int, *, holidays: Collection[datetime.date] = (),
                     extra_working_days: Collection[datetime.date] = ()) -> datetime.date:
    """The date `days` working days after `start` (the day of receipt does not count)."""
    day = start
    counted = 0
    while counted < days:
        day += datetime.timedelta(days=1)
        if is_working_day(day, holidays=holidays, extra_working_days=extra_working_days):
            counted += 1
    return day


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days after `start` up to and including `end` (negative when `end` is earlier)."""
    if end < start:
        return -working_days_between(end, start)
    count = 0
    day = start
    while day < end:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count
