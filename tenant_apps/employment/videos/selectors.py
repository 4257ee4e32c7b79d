"""Reads of career videos: the teachers' library, what students and the public portal may
watch, and the figures above the library."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet, Sum

from tenant_apps.employment.videos.enums import VideoAudience, VideoStatus
from tenant_apps.employment.videos.models import Video


def video_list(*, q: str = "", category: str = "", status: str = "") -> QuerySet[Video]:
    queryset = Video.objects.select_related("uploaded_by")
    if q:
        queryset = queryset.filter(Q(title__icontains=q) | Q(description__icontains=q))
    if category:
        queryset = queryset.filter(category=category)
    if status == "published":
        queryset = queryset.filter(is_published=True)
    elif status == "draft":
        queryset = queryset.filter(is_published=False)
    elif status in VideoStatus.values:
        queryset = queryset.filter(status=status)
    return queryset.order_by("-created_at", "-id")


def video_get(*, pk: int) -> Video | None:
    return Video.objects.select_related("uploaded_by").filter(pk=pk).first()


def watchable_videos(*, public_only: bool = False, q: str = "", category: str = "") -> QuerySet[Video]:
    """Published, processed videos: all of them for signed-in users of the school (H5),
    only those with the public audience for the portal's visitors."""
    queryset = Video.objects.filter(is_published=True, status=VideoStatus.READY)
    if public_only:
        queryset = queryset.filter(audience=VideoAudience.PUBLIC)
    if q:
        queryset = queryset.filter(Q(title__icontains=q) | Q(description__icontains=q))
    if category:
        queryset = queryset.filter(category=category)
    return queryset.order_by("-published_at", "-id")


def public_videos(*, limit: int | None = None, category: str = "") -> QuerySet[Video]:
    """For the public portal (home page block, video column): newest public videos first."""
    queryset = watchable_videos(public_only=True, category=category)
    return queryset[:limit] if limit else queryset


def watchable_video_get(*, pk: int, public_only: bool = False) -> Video | None:
    return watchable_videos(public_only=public_only).filter(pk=pk).first()


def video_statistics() -> dict[str, int]:
    figures = Video.objects.aggregate(total=Count("id"), published=Count("id", filter=Q(is_published=True)),
                                      processing=Count("id", filter=Q(status=VideoStatus.PROCESSING)),
                                      failed=Count("id", filter=Q(status=VideoStatus.FAILED)), plays=Sum("play_count"))
    figures["plays"] = figures["plays"] or 0
    return figures
