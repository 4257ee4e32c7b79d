"""Working days in mainland China: Monday to Friday, minus the public holidays, plus the
weekend days the State Council makes working days (调休上班). Both change every year: the
General Office of the State Council publishes the next year's arrangement each autumn or
winter, and vendor staff enter it on the console (docs/decisions/0142).

`WorkCalendar` is plain data, so deadlines can be computed and tested without a database; the
selectors build one from the stored years."""

from __future__ import annotations

import datetime
from collections.abc import Collection
from dataclasses import dataclass, field

ONE_DAY = datetime.timedelta(days=1)


@dataclass(frozen=True)
class WorkCalendar:
    holidays: frozenset[datetime.date] = frozenset()
    extra_working_days: frozenset[datetime.date] = frozenset()
    # Years whose arrangement is known; a date in any other year counts weekends only.
    covered_years: frozenset[int] = field(default_factory=frozenset)

    @classmethod
    def of(cls, *, holidays: Collection[datetime.date] = (), extra_working_days: Collection[datetime.date] = (),
           covered_years: Collection[int] = ()) -> WorkCalendar:
        return cls(frozenset(holidays), frozenset(extra_working_days), frozenset(covered_years))

    def is_working_day(self, day: datetime.date) -> bool:
        if day in self.extra_working_days:
            return True
        return day.weekday() < 5 and day not in self.holidays

    def add_working_days(self, start: datetime.date, days: int) -> datetime.date:
        """The date `days` working days after `start` (the start day itself does not count)."""
        day = start
        counted = 0
        while counted < days:
            day += ONE_DAY
            if self.is_working_day(day):
                counted += 1
        return day

    def working_days_between(self, start: datetime.date, end: datetime.date) -> int:
        """Working days after `start` up to and including `end` (negative when `end` is earlier)."""
        if end < start:
            return -self.working_days_between(end, start)
        count = 0
        day = start
        while day < end:
            day += ONE_DAY
            if self.is_working_day(day):
                count += 1
        return count

    def uncovered_years(self, start: datetime.date, end: datetime.date) -> list[int]:
        """Years between the two dates whose holiday arrangement has not been entered."""
        return [year for year in range(start.year, end.year + 1) if year not in self.covered_years]
