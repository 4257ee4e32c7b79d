from __future__ import annotations

import datetime

from django.db.models import Count, Q

from shared_apps.workdays.calendar import WorkCalendar
from shared_apps.workdays.models import CalendarDay, CalendarYear, DayKind


def work_calendar(start: datetime.date, end: datetime.date) -> WorkCalendar:
    """The calendar for dates from `start` to `end` (two small queries)."""
    days = CalendarDay.objects.filter(date__range=(start, end)).values_list("date", "kind")
    covered = CalendarYear.objects.filter(year__range=(start.year, end.year)).values_list("year", flat=True)
    return WorkCalendar.of(
        holidays=[day for day, kind in days if kind == DayKind.HOLIDAY],
        extra_working_days=[day for day, kind in days if kind == DayKind.WORKDAY],
        covered_years=covered,
    )


def covered_years(years) -> set[int]:
    return set(CalendarYear.objects.filter(year__in=list(years)).values_list("year", flat=True))


def years_with_counts():
    return CalendarYear.objects.annotate(
        holiday_count=Count("days", filter=Q(days__kind=DayKind.HOLIDAY)),
        workday_count=Count("days", filter=Q(days__kind=DayKind.WORKDAY)),
    ).order_by("-year")


def year_get(year: int) -> CalendarYear | None:
    return CalendarYear.objects.filter(year=year).first()


def year_days(year: int) -> list[CalendarDay]:
    return list(CalendarDay.objects.filter(calendar_id=year).order_by("date"))
