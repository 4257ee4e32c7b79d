"""Entering a year's holiday arrangement as the State Council's notice states it.

Staff type (or paste) one line per holiday and one line per swapped working day:

    春节 2027-02-06 2027-02-13        name, first day, last day (a one-day holiday: one date)
    2027-02-14 春节调休               a weekend day that is a working day, with an optional note

Saving replaces the year's days in one transaction and is audited; listeners of
`calendar_changed` recompute the deadlines that depend on it."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from core.audit import audit_record
from core.errors import ApplicationError
from shared_apps.workdays.models import CalendarDay, CalendarYear, DayKind
from shared_apps.workdays.signals import calendar_changed

MAX_HOLIDAY_DAYS = 15
_DATE = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$")
_RANGE_WORDS = re.compile(r"\s*(?:至|到|~|～|—|–)\s*")


@dataclass(frozen=True)
class Holiday:
    name: str
    first: datetime.date
    last: datetime.date

    def dates(self) -> list[datetime.date]:
        return [self.first + datetime.timedelta(days=n) for n in range((self.last - self.first).days + 1)]


@dataclass(frozen=True)
class SwappedDay:
    date: datetime.date
    name: str


def _date(text: str) -> datetime.date | None:
    match = _DATE.match(text)
    if not match:
        return None
    try:
        return datetime.date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


def _in_year(day: datetime.date, year: int) -> bool:
    # The New Year holiday may start on the last days of December of the year before.
    return datetime.date(year - 1, 12, 25) <= day <= datetime.date(year, 12, 31)


def _lines(text: str):
    for number, line in enumerate(text.replace("\r", "").split("\n"), start=1):
        line = line.replace("\u3000", " ").replace("，", " ").replace(",", " ").strip()
        if line:
            yield number, line


def parse_holidays(text: str, *, year: int) -> tuple[list[Holiday], list[str]]:
    holidays, errors = [], []
    for number, line in _lines(text):
        parts = _RANGE_WORDS.sub(" ", line).split()
        dates = [_date(part) for part in parts]
        name = "".join(part for part, day in zip(parts, dates, strict=True) if day is None)
        days = [day for day in dates if day is not None]
        if not name or len(days) not in (1, 2):
            errors.append(f"放假第{number}行：应为“名称 开始日期 结束日期”，如“春节 {year}-02-06 {year}-02-13”")
            continue
        first, last = days[0], days[-1]
        if last < first:
            errors.append(f"放假第{number}行：结束日期早于开始日期")
        elif (last - first).days + 1 > MAX_HOLIDAY_DAYS:
            errors.append(f"放假第{number}行：连续放假超过 {MAX_HOLIDAY_DAYS} 天，请检查日期")
        elif not (_in_year(first, year) and _in_year(last, year)):
            errors.append(f"放假第{number}行：日期不在 {year} 年内")
        else:
            holidays.append(Holiday(name=name[:30], first=first, last=last))
    return holidays, errors


def parse_swapped_days(text: str, *, year: int) -> tuple[list[SwappedDay], list[str]]:
    swapped, errors = [], []
    for number, line in _lines(text):
        parts = line.split()
        day = _date(parts[0])
        name = "".join(parts[1:])[:30]
        if day is None:
            errors.append(f"调休上班第{number}行：应以日期开头，如“{year}-02-14 春节调休”")
        elif not _in_year(day, year):
            errors.append(f"调休上班第{number}行：{day:%Y-%m-%d} 不在 {year} 年内")
        elif day.weekday() < 5:
            errors.append(f"调休上班第{number}行：{day:%Y-%m-%d} 本来就是工作日，只需填写调为上班的周六、周日")
        else:
            swapped.append(SwappedDay(date=day, name=name))
    return swapped, errors


def year_save(*, actor, year: int, source: str, holidays_text: str, swapped_text: str) -> CalendarYear:
    """Replaces the arrangement of `year`; raises ApplicationError listing every problem."""
    if not 2000 <= year <= 2100:
        raise ApplicationError("年份应在 2000 至 2100 之间", code="workdays_year_out_of_range", fields={"year": ["年份应在 2000 至 2100 之间"]})
    holidays, errors = parse_holidays(holidays_text, year=year)
    swapped, swap_errors = parse_swapped_days(swapped_text, year=year)
    errors += swap_errors
    rows: dict[datetime.date, CalendarDay] = {}
    for holiday in holidays:
        for day in holiday.dates():
            if day in rows:
                errors.append(f"{day:%Y-%m-%d} 在放假安排中出现了两次")
            rows[day] = CalendarDay(calendar_id=year, date=day, kind=DayKind.HOLIDAY, name=holiday.name)
    for item in swapped:
        if item.date in rows:
            errors.append(f"{item.date:%Y-%m-%d} 既是放假日又是调休上班日")
        rows[item.date] = CalendarDay(calendar_id=year, date=item.date, kind=DayKind.WORKDAY, name=item.name)
    if not holidays and not errors:
        errors.append("请至少填写一个节假日")
    taken = dict(CalendarDay.objects.filter(date__in=list(rows)).exclude(calendar_id=year).values_list("date", "calendar_id"))
    errors += [f"{day:%Y-%m-%d} 已属于 {other} 年的安排" for day, other in sorted(taken.items())]
    if errors:
        raise ApplicationError("；".join(errors), code="workdays_invalid_arrangement", fields={"arrangement": errors})

    with transaction.atomic():
        calendar, created = CalendarYear.objects.select_for_update().get_or_create(year=year, defaults={"source": source})
        before = None if created else _summary(calendar)
        calendar.source = source.strip()[:200]
        calendar.updated_at = timezone.now()
        calendar.updated_by_label = getattr(actor, "display_name", "") or getattr(actor, "username", "")
        calendar.save()
        CalendarDay.objects.filter(calendar=calendar).delete()
        CalendarDay.objects.bulk_create(sorted(rows.values(), key=lambda row: row.date))
        audit_record(actor=actor, action="workdays.year.save", target=calendar, before=before, after=_summary(calendar), only_changes=False)
        transaction.on_commit(lambda: calendar_changed.send(sender=CalendarYear, year=year))
    return calendar


def _summary(calendar: CalendarYear) -> dict:
    days = CalendarDay.objects.filter(calendar=calendar).order_by("date")
    return {
        "source": calendar.source,
        "holidays": [f"{day.date:%Y-%m-%d}" for day in days if day.kind == DayKind.HOLIDAY],
        "workdays": [f"{day.date:%Y-%m-%d}" for day in days if day.kind == DayKind.WORKDAY],
    }


def year_as_text(days: list[CalendarDay]) -> tuple[str, str]:
    """The stored days back in the entry format: consecutive holidays of one name as one line."""
    holiday_lines: list[list] = []
    swapped_lines = []
    for day in days:
        if day.kind == DayKind.WORKDAY:
            swapped_lines.append(f"{day.date:%Y-%m-%d} {day.name}".strip())
        elif holiday_lines and holiday_lines[-1][0] == day.name and holiday_lines[-1][2] + datetime.timedelta(days=1) == day.date:
            holiday_lines[-1][2] = day.date
        else:
            holiday_lines.append([day.name, day.date, day.date])
    holidays = [f"{name} {first:%Y-%m-%d}" + ("" if first == last else f" {last:%Y-%m-%d}") for name, first, last in holiday_lines]
    return "\n".join(holidays), "\n".join(swapped_lines)
