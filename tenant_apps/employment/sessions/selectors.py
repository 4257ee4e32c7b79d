"""Reads of info sessions: queues, the calendar (month and week), students' lists, statistics."""

from __future__ import annotations

import calendar
import datetime

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from tenant_apps.employment.sessions.enums import SessionStatus
from tenant_apps.employment.sessions.models import InfoSession, SessionSignup, Venue


def session_list(*, status: str = "", q: str = "", employer=None) -> QuerySet[InfoSession]:
    queryset = InfoSession.objects.select_related("employer", "venue").annotate(signup_count=Count("signups"))
    if employer is not None:
        queryset = queryset.filter(employer=employer)
    if status in SessionStatus.values:
        queryset = queryset.filter(status=status)
    if q:
        queryset = queryset.filter(Q(title__icontains=q) | Q(employer__name__icontains=q))
    return queryset.order_by("-created_at", "-id")


def session_get(*, pk: int) -> InfoSession | None:
    return InfoSession.objects.select_related("employer", "venue").filter(pk=pk).first()


def published_sessions(*, upcoming_only: bool = True) -> QuerySet[InfoSession]:
    queryset = InfoSession.objects.filter(status=SessionStatus.PUBLISHED).select_related("employer", "venue").annotate(signup_count=Count("signups"))
    if upcoming_only:
        queryset = queryset.filter(ends_at__gte=timezone.now())
    return queryset.order_by("starts_at", "id")


def published_session_get(*, pk: int) -> InfoSession | None:
    return published_sessions(upcoming_only=False).filter(pk=pk).first()


def student_signups(*, student) -> QuerySet[SessionSignup]:
    return SessionSignup.objects.filter(student=student).select_related("session", "session__venue", "session__employer").order_by("-session__starts_at")


def venues(*, kind: str = "", active_only: bool = False) -> QuerySet[Venue]:
    queryset = Venue.objects.all()
    if kind:
        queryset = queryset.filter(kind=kind)
    if active_only:
        queryset = queryset.filter(is_active=True)
    return queryset


def month_calendar(*, year: int, month: int, published_only: bool = False) -> list[list[dict]]:
    """Weeks (Monday first) of days {date, in_month, sessions} for a month grid."""
    first = datetime.date(year, month, 1)
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    start = timezone.make_aware(datetime.datetime.combine(weeks[0][0], datetime.time.min))
    end = timezone.make_aware(datetime.datetime.combine(weeks[-1][-1] + datetime.timedelta(days=1), datetime.time.min))
    statuses = [SessionStatus.PUBLISHED] if published_only else [SessionStatus.PUBLISHED, SessionStatus.ASSIGNED]
    by_day: dict[datetime.date, list[InfoSession]] = {}
    for session in InfoSession.objects.filter(status__in=statuses, starts_at__gte=start, starts_at__lt=end).select_related("employer", "venue").order_by("starts_at"):
        by_day.setdefault(timezone.localtime(session.starts_at).date(), []).append(session)
    return [[{"date": day, "in_month": day.month == first.month, "sessions": by_day.get(day, [])} for day in week] for week in weeks]


def week_calendar(*, day: datetime.date, published_only: bool = False) -> list[dict]:
    monday = day - datetime.timedelta(days=day.weekday())
    days = [monday + datetime.timedelta(days=i) for i in range(7)]
    start = timezone.make_aware(datetime.datetime.combine(monday, datetime.time.min))
    statuses = [SessionStatus.PUBLISHED] if published_only else [SessionStatus.PUBLISHED, SessionStatus.ASSIGNED]
    by_day: dict[datetime.date, list[InfoSession]] = {}
    for session in InfoSession.objects.filter(status__in=statuses, starts_at__gte=start, starts_at__lt=start + datetime.timedelta(days=7)).select_related(
            "employer", "venue").order_by("starts_at"):
        by_day.setdefault(timezone.localtime(session.starts_at).date(), []).append(session)
    return [{"date": d, "sessions": by_day.get(d, [])} for d in days]


def session_statistics() -> dict[str, int]:
    """E21: sessions held, employers, jobs brought, sign-ups, attendance, resumes."""
    held = InfoSession.objects.filter(status=SessionStatus.PUBLISHED)
    signups = SessionSignup.objects.filter(session__status=SessionStatus.PUBLISHED)
    return {
        "sessions": held.count(), "employers": held.values("employer").distinct().count(),
        "jobs": InfoSession.jobs.through.objects.filter(infosession__status=SessionStatus.PUBLISHED).count(),
        "signups": signups.count(), "checked_in": signups.filter(checked_in_at__isnull=False).count(),
        "resumes": signups.exclude(resume="").count(), "waiting": InfoSession.objects.filter(status=SessionStatus.APPLIED).count(),
    }


def calendar_for(*, view: str, day: str, published_only: bool) -> dict:
    """Context of the month or week calendar around `day` (ISO date; today when empty)."""
    today = timezone.localdate()
    try:
        chosen = datetime.date.fromisoformat(day) if day else today
    except ValueError:
        chosen = today
    if view == "week":
        days = week_calendar(day=chosen, published_only=published_only)
        return {"view": "week", "days": days, "day": chosen, "previous": chosen - datetime.timedelta(days=7),
                "next": chosen + datetime.timedelta(days=7), "title": f"{days[0]['date']:%Y-%m-%d} 至 {days[-1]['date']:%m-%d}", "today": today}
    first = chosen.replace(day=1)
    return {"view": "month", "weeks": month_calendar(year=first.year, month=first.month, published_only=published_only), "day": first,
            "previous": (first - datetime.timedelta(days=1)).replace(day=1), "next": (first + datetime.timedelta(days=32)).replace(day=1),
            "title": f"{first.year} 年 {first.month} 月", "today": today}
