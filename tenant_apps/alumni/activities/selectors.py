"""Reads of activities and registrations for pages, the API and other alumni sub-apps."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils import timezone

from tenant_apps.alumni.activities.enums import HOLDING, ActivityStatus, RegistrationStatus
from tenant_apps.alumni.activities.models import Activity, Registration


def published() -> QuerySet[Activity]:
    return Activity.objects.filter(status=ActivityStatus.PUBLISHED, deleted_at__isnull=True)


def latest_published(limit: int = 5) -> list[Activity]:
    """The newest published activities (pinned first) with their registration state, for the
    H5 service hall: each has `title`, `starts_at`, `place`, `capacity`, `places_taken`,
    `places_left`, `is_registration_open` and `get_h5_url`."""
    now = timezone.now()
    rows = list(published().order_by("-is_pinned", "-published_at", "-id")[: max(0, int(limit))])
    for activity in rows:
        activity.is_registration_open = activity.ends_at > now and (activity.registration_closes_at is None or activity.registration_closes_at > now)
    return rows


def activity_search(*, queryset: QuerySet[Activity] | None = None, keyword: str = "", organiser: str = "", tag: str = "", place: str = "",
                    status: str = "", when: str = "") -> QuerySet[Activity]:
    qs = (queryset if queryset is not None else Activity.objects.filter(deleted_at__isnull=True))
    if keyword:
        qs = qs.filter(Q(title__icontains=keyword) | Q(summary__icontains=keyword) | Q(description__icontains=keyword))
    if organiser:
        qs = qs.filter(organiser_name__icontains=organiser)
    if tag:
        qs = qs.filter(tags__contains=[tag])
    if place:
        qs = qs.filter(Q(place__icontains=place) | Q(city__icontains=place))
    if status:
        qs = qs.filter(status=status)
    now = timezone.now()
    if when == "upcoming":
        qs = qs.filter(ends_at__gte=now)
    elif when == "past":
        qs = qs.filter(ends_at__lt=now)
    return qs


def registrations_of(activity: Activity, *, status: str = "", keyword: str = "") -> QuerySet[Registration]:
    qs = activity.registrations.select_related("ticket_type", "user")
    if status:
        qs = qs.filter(status=status)
    if keyword:
        qs = qs.filter(attendee_name__icontains=keyword)
    return qs.order_by("created_at", "id")


def waitlist(activity: Activity) -> QuerySet[Registration]:
    return activity.registrations.filter(status=RegistrationStatus.WAITLISTED).order_by("waitlisted_at", "id")


def my_registrations(user) -> QuerySet[Registration]:
    return Registration.objects.filter(user=user).select_related("activity", "ticket_type").order_by("-created_at")


def holding_count(activity: Activity) -> int:
    return activity.registrations.filter(status__in=HOLDING).count()
