"""Reads of activities and registrations for pages, the API and other alumni sub-apps."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils import timezone

from tenant_apps.alumni.activities.enums import (
    HOLDING,
    ActivityStatus,
    PhotoStatus,
    RegistrationStatus,
)
from tenant_apps.alumni.activities.models import Activity, ActivityPhoto, Registration
from tenant_apps.alumni.orgs import selectors as org_selectors

# Association-wide organisers: every activity. Anyone else organises only for the chapters they
# run as an active chapter admin (alumni_orgs.OrgAdmin, with their sub-chapters): the chapter
# scope of activities and registrations, in pages and the API (docs/decisions/0130).
VIEW_ALL = "alumni_activities.view_activity"
MANAGE_ALL = "alumni_activities.manage_registration"


def chapter_scope(user) -> set[int] | None:
    """None = every activity; otherwise the ids of the chapters the user runs (maybe empty)."""
    if user.has_perm(VIEW_ALL):
        return None
    return org_selectors.admin_org_ids(user)


def managed_activities(user) -> QuerySet[Activity]:
    """Activities the user may see as an organiser (all statuses, not deleted)."""
    queryset = Activity.objects.filter(deleted_at__isnull=True)
    scope = chapter_scope(user)
    if scope is None:
        return queryset
    return queryset.filter(chapter_id__in=scope) if scope else queryset.none()


def is_organiser(user) -> bool:
    """Sees any organiser page at all: association staff or an active chapter admin."""
    scope = chapter_scope(user)
    return scope is None or bool(scope)


def may_manage(user, activity: Activity, perm: str = MANAGE_ALL) -> bool:
    """Registrations of `activity`: staff with `perm`, or an admin of the activity's chapter."""
    if user.has_perm(perm):
        return True
    return activity.chapter_id is not None and activity.chapter_id in org_selectors.admin_org_ids(user)


def chapter_choices(user) -> list:
    """The chapter picker: association staff who add activities pick any active organisation;
    a chapter admin only the chapters they run (with sub-chapters)."""
    from tenant_apps.alumni.orgs.models import Organization

    queryset = Organization.objects.filter(is_active=True, parent__isnull=False).order_by("path", "sort_order", "pk")  # chapters, not the association
    if user.has_perm("alumni_activities.add_activity") and user.has_perm(VIEW_ALL):
        return list(queryset)
    ids = org_selectors.admin_org_ids(user)
    return list(queryset.filter(pk__in=ids)) if ids else []


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
    """Search by keyword, organiser, tag and place (back office, H5 and API alike)."""
    qs = (queryset if queryset is not None else Activity.objects.filter(deleted_at__isnull=True))
    if keyword:  # one box on the phone: the keyword also finds the organiser, the place and a tag
        qs = qs.filter(Q(title__icontains=keyword) | Q(summary__icontains=keyword) | Q(description__icontains=keyword)
                       | Q(organiser_name__icontains=keyword) | Q(place__icontains=keyword) | Q(city__icontains=keyword) | Q(tags__contains=[keyword]))
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


# --- photos --------------------------------------------------------------------------------


def photos_visible(activity: Activity, user) -> QuerySet[ActivityPhoto]:
    """The activity page's photos: approved ones, plus the viewer's own still in review."""
    own = Q(uploaded_by=user) if getattr(user, "is_authenticated", False) else Q(pk__in=[])
    return (activity.photos.filter(Q(status=PhotoStatus.APPROVED) | (own & Q(status=PhotoStatus.PENDING)))
            .select_related("uploaded_by").order_by("-status", "-created_at", "-id"))


def photos_to_moderate(user, *, status: str = PhotoStatus.PENDING) -> QuerySet[ActivityPhoto]:
    """Photos of the activities the user organises (chapter scope), oldest first."""
    queryset = ActivityPhoto.objects.filter(activity__in=managed_activities(user)).select_related("activity", "uploaded_by")
    if status:
        queryset = queryset.filter(status=status)
    return queryset.order_by("created_at", "id")


def photos_for_albums(*, activity_id: int | None = None, since=None, not_in_album: bool = False) -> QuerySet[ActivityPhoto]:
    """For part 3's albums (相册): approved photos of published, not deleted activities, oldest
    first, with `activity`. `since` (a datetime) for incremental pick-up, `not_in_album` for
    photos no album took yet (album_id is set by the albums app). New approvals also arrive as
    the hook event `alumni.activity_photo_approved` (services.PHOTO_APPROVED)."""
    queryset = ActivityPhoto.objects.filter(status=PhotoStatus.APPROVED, activity__status=ActivityStatus.PUBLISHED,
                                            activity__deleted_at__isnull=True).select_related("activity")
    if activity_id is not None:
        queryset = queryset.filter(activity_id=activity_id)
    if since is not None:
        queryset = queryset.filter(reviewed_at__gte=since)
    if not_in_album:
        queryset = queryset.filter(album_id__isnull=True)
    return queryset.order_by("created_at", "id")


def may_see_photo(user, photo: ActivityPhoto) -> bool:
    """Download rule of photo files (core.files): approved photos of a published activity for
    anyone signed in; others for the uploader and the activity's moderators."""
    if photo.status == PhotoStatus.APPROVED and photo.activity.status == ActivityStatus.PUBLISHED and photo.activity.deleted_at is None:
        return True
    return photo.uploaded_by_id == getattr(user, "pk", None) or may_manage(user, photo.activity, "alumni_activities.moderate_comment")


def user_by_username_or_phone(who: str):
    """The account named by a username or a phone number (black list entries), or None."""
    from core.crypto import blind_index
    from tenant_apps.accounts.models import User

    who = (who or "").strip()
    if not who:
        return None
    return User.objects.filter(username=who).first() or User.objects.filter(phone_hash=blind_index(who)).first()
