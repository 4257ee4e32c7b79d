"""Working days by the official holiday arrangement: holidays removed, swapped weekend days
added, years not yet entered counted by weekends only."""

from __future__ import annotations

import datetime

import pytest

from shared_apps.workdays.calendar import WorkCalendar

D = datetime.date


def test_weekends_only_without_an_arrangement():
    plain = WorkCalendar()
    assert plain.add_working_days(D(2026, 3, 2), 15) == D(2026, 3, 23)  # Monday three weeks later
    assert plain.add_working_days(D(2026, 3, 6), 1) == D(2026, 3, 9)  # Saturday and Sunday do not count
    assert plain.add_working_days(D(2026, 3, 7), 15) == D(2026, 3, 27)
    assert plain.working_days_between(D(2026, 3, 2), D(2026, 3, 23)) == 15
    assert plain.working_days_between(D(2026, 3, 23), D(2026, 3, 2)) == -15


def test_holidays_and_swapped_days():
    calendar = WorkCalendar.of(holidays={D(2026, 10, d) for d in range(1, 8)}, extra_working_days={D(2026, 10, 10)}, covered_years={2026})
    assert calendar.add_working_days(D(2026, 9, 30), 1) == D(2026, 10, 8)
    assert calendar.is_working_day(D(2026, 10, 10))  # a Saturday made a working day
    assert not WorkCalendar().is_working_day(D(2026, 10, 10))
    assert calendar.uncovered_years(D(2026, 12, 20), D(2027, 1, 20)) == [2027]


@pytest.mark.django_db
def test_the_official_2026_arrangement_is_loaded():
    from shared_apps.workdays.selectors import work_calendar

    calendar = work_calendar(D(2026, 1, 1), D(2026, 12, 31))
    assert calendar.uncovered_years(D(2026, 1, 1), D(2026, 12, 31)) == []
    # National Day: 1-7 October off, Saturday 10 October worked.
    assert calendar.add_working_days(D(2026, 9, 30), 15) == D(2026, 10, 27)
    assert WorkCalendar().add_working_days(D(2026, 9, 30), 15) == D(2026, 10, 21)  # six days early without it
    # Spring Festival: 15-23 February off, Saturdays 14 and 28 February worked.
    assert calendar.add_working_days(D(2026, 2, 13), 15) == D(2026, 3, 12)
    assert calendar.is_working_day(D(2026, 1, 4)) and not calendar.is_working_day(D(2026, 1, 2))
