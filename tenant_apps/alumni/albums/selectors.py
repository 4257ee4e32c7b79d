"""Reads of albums, photos and face-search figures."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from core import hooks
from tenant_apps.alumni.albums.enums import IndexStatus, ReviewStatus, UploadScope, ViewScope
from tenant_apps.alumni.albums.models import (
    Album,
    AlbumPhoto,
    FaceConsent,
    FaceEnrolment,
    FaceSearchLog,
    PhotoFace,
)

VIEW_ALL = "alumni_albums.view_album"
REVIEW = "alumni_albums.review_album"


def is_member(user) -> bool:
    return getattr(user, "is_authenticated", False) and getattr(user, "kind", "") == "alumnus"


def in_chapter(user, chapter_id: int | None) -> bool:
    if not chapter_id or not getattr(user, "is_authenticated", False):
        return False
    return any(r for r in hooks.publish("alumni.chapter_member", user=user, chapter_id=chapter_id) if r is not None)


def _scope_allows(user, scope: str, chapter_id: int | None) -> bool:
    if scope == ViewScope.EVERYONE:
        return getattr(user, "is_authenticated", False)
    if scope == ViewScope.MEMBERS:
        return is_member(user)
    return in_chapter(user, chapter_id)


def may_view_album(user, album: Album) -> bool:
    if album.deleted_at is not None:
        return False
    if user.has_perm(VIEW_ALL) or (album.owner_id and album.owner_id == getattr(user, "pk", None)):
        return True
    return album.status == ReviewStatus.APPROVED and _scope_allows(user, album.view_scope, album.chapter_id)


def may_upload(user, album: Album) -> bool:
    if album.deleted_at is not None or album.status != ReviewStatus.APPROVED or album.activity_id:
        return False
    if album.owner_id == getattr(user, "pk", None) or user.has_perm("alumni_albums.change_album"):
        return True
    if album.upload_scope == UploadScope.OWNER:
        return False
    return may_view_album(user, album) and _scope_allows(user, album.upload_scope, album.chapter_id)


def albums_visible(user, *, keyword: str = "") -> QuerySet[Album]:
    """全部相册: approved albums the user may see, newest first, with their photo count."""
    queryset = Album.objects.filter(deleted_at__isnull=True, status=ReviewStatus.APPROVED)
    if not user.has_perm(VIEW_ALL):
        allowed = Q(view_scope=ViewScope.EVERYONE)
        if is_member(user):
            allowed |= Q(view_scope=ViewScope.MEMBERS)
        chapters = set(queryset.filter(view_scope=ViewScope.CHAPTER).values_list("chapter_id", flat=True).distinct())
        allowed |= Q(view_scope=ViewScope.CHAPTER, chapter_id__in=[c for c in chapters if in_chapter(user, c)])
        queryset = queryset.filter(allowed)
    if keyword:
        queryset = queryset.filter(Q(title__icontains=keyword) | Q(description__icontains=keyword))
    return queryset.annotate(photo_count=Count("photos", filter=Q(photos__status=ReviewStatus.APPROVED))).order_by("-id")


def albums_of(user) -> QuerySet[Album]:
    """我的相册: the albums the user asked for, in any review state."""
    return (Album.objects.filter(owner=user, deleted_at__isnull=True)
            .annotate(photo_count=Count("photos", filter=Q(photos__status=ReviewStatus.APPROVED))).order_by("-id"))


def albums_admin(*, keyword: str = "", status: str = "") -> QuerySet[Album]:
    queryset = Album.objects.filter(deleted_at__isnull=True).select_related("owner")
    if status:
        queryset = queryset.filter(status=status)
    if keyword:
        queryset = queryset.filter(Q(title__icontains=keyword) | Q(description__icontains=keyword))
    return queryset.annotate(photo_count=Count("photos", filter=Q(photos__status=ReviewStatus.APPROVED)),
                             pending_count=Count("photos", filter=Q(photos__status=ReviewStatus.PENDING))).order_by("-id")


def album_photos(album: Album, user) -> QuerySet[AlbumPhoto]:
    """The album's approved photos, plus the viewer's own still in review."""
    own = Q(uploaded_by=user, status=ReviewStatus.PENDING) if getattr(user, "is_authenticated", False) else Q(pk__in=[])
    return album.photos.filter(Q(status=ReviewStatus.APPROVED) | own).select_related("uploaded_by").order_by("-created_at", "-id")


def cover_of(album: Album) -> AlbumPhoto | None:
    return album.photos.filter(status=ReviewStatus.APPROVED).order_by("-created_at", "-id").first()


def albums_pending_review() -> QuerySet[Album]:
    return Album.objects.filter(deleted_at__isnull=True, status=ReviewStatus.PENDING).select_related("owner").order_by("created_at", "id")


def photos_pending_review() -> QuerySet[AlbumPhoto]:
    return (AlbumPhoto.objects.filter(status=ReviewStatus.PENDING, album__deleted_at__isnull=True)
            .select_related("album", "uploaded_by").order_by("created_at", "id"))


def index_progress(album: Album) -> dict:
    """Face indexing of an album: approved photos indexed / to index."""
    counts = dict(album.photos.filter(status=ReviewStatus.APPROVED).values_list("index_status").annotate(n=Count("id")).values_list("index_status", "n"))
    total = sum(counts.values())
    done = counts.get(IndexStatus.DONE, 0) + counts.get(IndexStatus.FAILED, 0)
    return {"enabled": album.is_face_search_enabled, "total": total, "done": done, "failed": counts.get(IndexStatus.FAILED, 0),
            "queued": counts.get(IndexStatus.QUEUED, 0), "percent": round(done * 100 / total) if total else 100,
            "running": album.is_face_search_enabled and counts.get(IndexStatus.QUEUED, 0) > 0}


def may_see_photo(user, photo: AlbumPhoto) -> bool:
    """Download rule (core.files): approved photos of an album the user may see; the uploader
    and reviewers see photos in review too."""
    if photo.uploaded_by_id and photo.uploaded_by_id == getattr(user, "pk", None):
        return True
    if user.has_perm(REVIEW):
        return True
    return photo.status == ReviewStatus.APPROVED and may_view_album(user, photo.album)


def hall_photos(request, limit: int) -> list:
    """The service hall's 相册 section: the latest approved photos the viewer may see."""
    from core.files import download_url
    from tenant_apps.alumni.hall import HallItem

    user = request.user
    albums = albums_visible(user).values_list("pk", flat=True)
    photos = AlbumPhoto.objects.filter(album_id__in=list(albums[:500]), status=ReviewStatus.APPROVED).select_related("album").order_by("-created_at", "-id")[:limit]
    return [HallItem(title=p.caption or p.album.title, url=reverse("h5:alumni_albums:detail", args=[p.album_id]), meta=p.album.title,
                     image=download_url(p.image, user=user)) for p in photos]


def review_todo(request) -> list[tuple[str, int, str]]:
    if not request.user.has_perm(REVIEW):
        return []
    albums, photos = albums_pending_review().count(), photos_pending_review().count()
    url = reverse("backoffice:alumni_albums:review")
    return [(label, n, url) for label, n in (("待审核相册", albums), ("待审核相册照片", photos)) if n]


# --- face search ---------------------------------------------------------------------------


def enrolment_of(user) -> FaceEnrolment | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return FaceEnrolment.objects.filter(user=user).select_related("consent").first()


def consents_of(user) -> QuerySet[FaceConsent]:
    return FaceConsent.objects.filter(user=user).order_by("-consented_at", "-id")


def searchable_faces(user) -> QuerySet[PhotoFace]:
    """Faces in approved photos of face-search albums the user may see."""
    album_ids = list(albums_visible(user).filter(is_face_search_enabled=True).values_list("pk", flat=True))
    return PhotoFace.objects.filter(album_id__in=album_ids, photo__status=ReviewStatus.APPROVED)


def face_usage() -> dict[str, int]:
    """Usage counter for the vendor console: people whose face data is stored (备案 at 100,000)."""
    return {"face_search_people": FaceEnrolment.objects.count()}


def face_statistics() -> dict:
    since = timezone.now() - timezone.timedelta(days=30)
    ended = dict(FaceConsent.objects.exclude(ended_reason="").values_list("ended_reason").annotate(n=Count("id")).values_list("ended_reason", "n"))
    searches = FaceSearchLog.objects.filter(created_at__gte=since)
    return {
        "enrolled": FaceEnrolment.objects.count(),
        "consents_total": FaceConsent.objects.count(),
        "withdrawn": ended.get("withdrawn", 0),
        "expired": ended.get("expired", 0),
        "albums_enabled": Album.objects.filter(deleted_at__isnull=True, is_face_search_enabled=True).count(),
        "photos_indexed": AlbumPhoto.objects.filter(index_status=IndexStatus.DONE).count(),
        "photos_queued": AlbumPhoto.objects.filter(index_status=IndexStatus.QUEUED).count(),
        "faces_indexed": PhotoFace.objects.count(),
        "searches_30d": searches.count(),
        "searchers_30d": searches.values("user_id").distinct().count(),
        "found_30d": sum(searches.values_list("photos_found", flat=True)),
        "filing_threshold": 100_000,
    }
