"""The legal answer time: 15 working days after receipt, weekends skipped."""

from __future__ import annotations

import datetime

from tenant_apps.privacy.deadlines import add_working_days, is_working_day, working_days_between


def test_fifteen_working_days_skip_three_weekends():
    monday = datetime.date(2026, 3, 2)
    assert add_working_days(monday, 15) == datetime.date(2026, 3, 23)  # Monday three weeks later
    friday = datetime.date(2026, 3, 6)
    assert add_working_days(friday, 1) == datetime.date(2026, 3, 9)  # Saturday and Sunday do not count
    saturday = datetime.date(2026, 3, 7)
    assert add_working_days(saturday, 15) == datetime.date(2026, 3, 27)


def test_a_holiday_calendar_can_be_passed():
    start = datetime.date(2026, 9, 30)
    holidays = {datetime.date(2026, 10, d) for d in range(1, 8)}
    swapped = {datetime.date(2026, 10, 10)}  # a Saturday made a working day
    assert add_working_days(start, 1, holidays=holidays, extra_working_days=swapped) == datetime.date(2026, 10, 8)
    assert is_working_day(datetime.date(2026, 10, 10), extra_working_days=swapped)
    assert not is_working_day(datetime.date(2026, 10, 10))


def test_working_days_between():
    assert working_days_between(datetime.date(2026, 3, 2), datetime.date(2026, 3, 23)) == 15
    assert working_days_between(datetime.date(2026, 3, 23), datetime.date(2026, 3, 2)) == -15
