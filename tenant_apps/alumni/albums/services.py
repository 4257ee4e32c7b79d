"""Album writes (create, review, upload, activity photos) and the face search: consent and
enrolment, withdrawal, indexing, search, and deletion after the retention period."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.audit import audit_record, snapshot
from core.errors import ApplicationError, Conflict, PermissionDenied
from core.files import validate_upload
from tenant_apps.alumni.albums import selectors
from tenant_apps.alumni.albums.enums import (
    ConsentEnd,
    IndexStatus,
    ReviewStatus,
    UploadScope,
    ViewScope,
)
from tenant_apps.alumni.albums.errors import AlbumErrorCode
from tenant_apps.alumni.albums.models import (
    Album,
    AlbumPhoto,
    FaceConsent,
    FaceEnrolment,
    FaceSearchLog,
    PhotoFace,
)

logger = logging.getLogger(__name__)

CONSENT_VERSION = "2026-12"
CONSENT_TEXT = """人脸查找（找我的照片）敏感个人信息处理告知书（须您单独同意）

一、处理目的：仅用于在本校友会相册中为您本人查找含有您面部的照片，不用于身份核验、考勤、门禁或其他任何目的，不向第三方提供。
二、处理的信息：您本人自拍上传的一张照片所提取的人脸特征值（128 个数字，加密保存）。自拍原图在提取后立即丢弃、不保存。开启人脸查找的相册照片中的人脸特征值同样加密保存，仅用于与已授权本人的特征比对。
三、必要性：不通过人脸特征比对，无法在大量相册照片中自动找出有您的照片。人脸查找完全自愿；您随时可以不授权而直接浏览相册查找照片，不影响其他任何服务。
四、对您的影响：人脸信息属于敏感个人信息，一旦泄露可能对您的人身、财产安全造成影响。我们采取加密存储、单独数据表、访问审计等措施保护；查找只返回您本人有权浏览的相册中与您本人相符的照片，任何人不能用您的人脸或他人照片查找您。比对可能有误差，结果可能漏掉或多出个别照片。
五、保存期限：自同意之日起 {days} 天，期满自动删除，需继续使用请重新授权。
六、撤回：您可随时在“找我的照片”页面撤回同意，撤回后您的人脸特征立即删除，此后不会再被查找。撤回不影响撤回前基于同意已进行的处理。
七、未满十四周岁的未成年人不得自行授权，须由父母或其他监护人同意。
八、勾选“单独同意”并录入本人照片，即表示您在充分知悉上述内容后单独同意处理您的人脸信息；不同意不影响您使用相册的其他功能。
"""


def retention_days() -> int:
    return int(getattr(settings, "ALUMNI_FACE_RETENTION_DAYS", 365))


def consent_text() -> str:
    return CONSENT_TEXT.format(days=retention_days())


# --- albums ----------------------------------------------------------------------------------


@dataclass
class AlbumInput:
    title: str
    description: str = ""
    view_scope: str = ViewScope.EVERYONE
    upload_scope: str = UploadScope.OWNER
    chapter_id: int | None = None
    is_face_search_enabled: bool = False


def _check(data: AlbumInput) -> None:
    errors = {}
    if not data.title.strip():
        errors["title"] = ["请填写相册名称。"]
    if data.view_scope not in ViewScope.values:
        errors["view_scope"] = ["浏览权限无效。"]
    if data.upload_scope not in UploadScope.values:
        errors["upload_scope"] = ["上传权限无效。"]
    if ViewScope.CHAPTER in (data.view_scope, data.upload_scope) and not data.chapter_id:
        errors["chapter_id"] = ["请选择分会。"]
    if errors:
        raise ApplicationError("相册设置有误。", fields=errors)


@transaction.atomic
def album_create(*, actor, data: AlbumInput) -> Album:
    """新建相册: staff with add_album create it approved; an alumnus's album waits for review."""
    _check(data)
    is_staff_album = actor.has_perm("alumni_albums.add_album")
    if not is_staff_album and not selectors.is_member(actor):
        raise PermissionDenied("认证校友才能新建相册。", code=AlbumErrorCode.NOT_ALLOWED)
    album = Album(title=data.title.strip()[:60], description=data.description.strip()[:300], owner=actor, view_scope=data.view_scope,
                  upload_scope=data.upload_scope, chapter_id=data.chapter_id, is_face_search_enabled=data.is_face_search_enabled)
    if is_staff_album:
        album.status, album.reviewed_by, album.reviewed_at = ReviewStatus.APPROVED, actor, timezone.now()
    album.full_clean()
    album.save()
    audit_record(actor=actor, action="alumni_albums.album_create", target=album, after=snapshot(album, ["title", "view_scope", "upload_scope", "status"]))
    return album


@transaction.atomic
def album_update(*, actor, album: Album, data: AlbumInput) -> Album:
    if not (actor.has_perm("alumni_albums.change_album") or album.owner_id == actor.pk):
        raise PermissionDenied("没有修改该相册的权限。", code=AlbumErrorCode.NOT_ALLOWED)
    _check(data)
    before = snapshot(album)
    was_enabled = album.is_face_search_enabled
    album.title, album.description = data.title.strip()[:60], data.description.strip()[:300]
    album.view_scope, album.upload_scope, album.chapter_id = data.view_scope, data.upload_scope, data.chapter_id
    album.is_face_search_enabled = data.is_face_search_enabled
    album.full_clean()
    album.save()
    audit_record(actor=actor, action="alumni_albums.album_update", target=album, before=before, after=snapshot(album))
    if was_enabled and not album.is_face_search_enabled:
        _drop_album_faces(album)
    elif album.is_face_search_enabled and not was_enabled:
        _queue_album_index(album)
    return album


@transaction.atomic
def album_review(*, actor, album: Album, approve: bool, note: str = "") -> Album:
    if not actor.has_perm("alumni_albums.review_album"):
        raise PermissionDenied("没有审核相册的权限。")
    if not approve and not note.strip():
        raise ApplicationError("请填写不通过的原因，创建人会看到。", code=AlbumErrorCode.NOTE_REQUIRED, fields={"note": ["请填写原因。"]})
    album.status = ReviewStatus.APPROVED if approve else ReviewStatus.REJECTED
    album.review_note, album.reviewed_by, album.reviewed_at = note.strip()[:200], actor, timezone.now()
    album.save(update_fields=["status", "review_note", "reviewed_by", "reviewed_at"])
    audit_record(actor=actor, action="alumni_albums.album_review", target=album, after={"status": album.status, "note": album.review_note})
    return album


@transaction.atomic
def album_delete(*, actor, album: Album) -> Album:
    if not (actor.has_perm("alumni_albums.delete_album") or album.owner_id == actor.pk):
        raise PermissionDenied("没有删除该相册的权限。", code=AlbumErrorCode.NOT_ALLOWED)
    album.deleted_at = timezone.now()
    album.save(update_fields=["deleted_at"])
    _drop_album_faces(album)
    audit_record(actor=actor, action="alumni_albums.album_delete", target=album)
    return album


# --- photos ----------------------------------------------------------------------------------


@transaction.atomic
def photo_upload(*, actor, album: Album, image, caption: str = "") -> AlbumPhoto:
    """上传照片: within the tenant's image limits; the owner's and staff photos show at once,
    the others after review."""
    if not selectors.may_upload(actor, album):
        raise PermissionDenied("您没有向该相册上传照片的权限。", code=AlbumErrorCode.UPLOAD_NOT_ALLOWED)
    if image is None:
        raise ApplicationError("请选择照片。", fields={"image": ["请选择照片。"]})
    photo = AlbumPhoto(album=album, image=image, caption=caption.strip()[:100], uploaded_by=actor)
    if album.owner_id == actor.pk or actor.has_perm("alumni_albums.review_album"):
        photo.status, photo.reviewed_by, photo.reviewed_at = ReviewStatus.APPROVED, actor, timezone.now()
    try:
        photo.full_clean()
    except ValidationError as exc:
        message = next(iter(exc.message_dict.values()))[0]
        raise ApplicationError(message, code="upload_rejected", fields=exc.message_dict) from exc
    if photo.status == ReviewStatus.APPROVED and album.is_face_search_enabled:
        photo.index_status = IndexStatus.QUEUED
    photo.save()
    audit_record(actor=actor, action="alumni_albums.photo_upload", target=photo, after={"album": album.pk, "status": photo.status})
    if photo.index_status == IndexStatus.QUEUED:
        _queue_task(album.pk)
    return photo


@transaction.atomic
def photo_review(*, actor, photo: AlbumPhoto, approve: bool, note: str = "") -> AlbumPhoto:
    if not actor.has_perm("alumni_albums.review_album"):
        raise PermissionDenied("没有审核照片的权限。")
    if not approve and not note.strip():
        raise ApplicationError("请填写不通过的原因，上传人会看到。", code=AlbumErrorCode.NOTE_REQUIRED, fields={"note": ["请填写原因。"]})
    photo = AlbumPhoto.objects.select_for_update().select_related("album").get(pk=photo.pk)
    photo.status = ReviewStatus.APPROVED if approve else ReviewStatus.REJECTED
    photo.review_note, photo.reviewed_by, photo.reviewed_at = note.strip()[:200], actor, timezone.now()
    fields = ["status", "review_note", "reviewed_by", "reviewed_at"]
    if approve and photo.album.is_face_search_enabled and photo.index_status != IndexStatus.DONE:
        photo.index_status = IndexStatus.QUEUED
        fields.append("index_status")
    photo.save(update_fields=fields)
    if not approve:
        _drop_photo_faces(photo)
    audit_record(actor=actor, action="alumni_albums.photo_review", target=photo, after={"status": photo.status, "note": photo.review_note})
    if photo.index_status == IndexStatus.QUEUED:
        _queue_task(photo.album_id)
    return photo


@transaction.atomic
def photo_delete(*, actor, photo: AlbumPhoto) -> None:
    if not (photo.uploaded_by_id == actor.pk or actor.has_perm("alumni_albums.review_album")):
        raise PermissionDenied("没有删除该照片的权限。")
    audit_record(actor=actor, action="alumni_albums.photo_delete", target=photo, after={"album": photo.album_id})
    photo.delete()  # its faces go with it (cascade); a shared activity photo file stays


# --- activity photos (alumni_activities publishes, albums take them in) ----------------------


def _activity_album(activity) -> Album:
    album = Album.objects.filter(activity_id=activity.pk).first()
    if album is None:
        album = Album.objects.create(title=f"活动照片 · {activity.title}"[:60], description="活动主办方与参加者分享的照片（经审核）", owner=None,
                                     view_scope=ViewScope.EVERYONE, upload_scope=UploadScope.OWNER, status=ReviewStatus.APPROVED,
                                     reviewed_at=timezone.now(), activity_id=activity.pk)
        audit_record(actor=None, action="alumni_albums.activity_album_create", target=album, after={"activity": activity.pk})
    return album


@transaction.atomic
def activity_photo_take(*, photo) -> AlbumPhoto | None:
    """An approved activity photo shows in its activity's album (same stored file). Twice is harmless."""
    from tenant_apps.alumni.activities.selectors import photos_for_albums

    existing = AlbumPhoto.objects.filter(activity_photo_id=photo.pk).first()
    if existing is not None:
        return existing
    album = _activity_album(photo.activity)
    item = AlbumPhoto(album=album, caption=photo.caption, uploaded_by_id=photo.uploaded_by_id, status=ReviewStatus.APPROVED,
                      reviewed_at=photo.reviewed_at or timezone.now(), activity_photo_id=photo.pk,
                      index_status=IndexStatus.QUEUED if album.is_face_search_enabled else IndexStatus.NOT_INDEXED)
    item.image = photo.image.name  # shared file: no copy, no second upload check
    item.save()
    photos_for_albums(activity_id=photo.activity_id).filter(pk=photo.pk).update(album_id=album.pk)
    if item.index_status == IndexStatus.QUEUED:
        _queue_task(album.pk)
    return item


def activity_photos_sync() -> int:
    """Take in approved activity photos no album has yet (first start, or a missed event)."""
    from tenant_apps.alumni.activities.selectors import photos_for_albums

    taken = 0
    for photo in photos_for_albums(not_in_album=True)[:2000]:
        activity_photo_take(photo=photo)
        taken += 1
    return taken


def on_activity_photo_approved(*, photo, **_ignored) -> None:
    try:
        activity_photo_take(photo=photo)
    except Exception:  # noqa: BLE001 - the activity's approval stands; the hourly sync takes the photo in later
        logger.exception("album could not take activity photo %s", getattr(photo, "pk", None))


def on_activity_photo_withdrawn(*, photo_id: int, **_ignored) -> None:
    AlbumPhoto.objects.filter(activity_photo_id=photo_id).delete()


# --- indexing ----------------------------------------------------------------------------------


def _queue_task(album_id: int) -> None:
    from tenant_apps.alumni.albums.tasks import index_album

    transaction.on_commit(lambda: index_album.delay(album_id))


def _queue_album_index(album: Album) -> int:
    queued = album.photos.filter(status=ReviewStatus.APPROVED).exclude(index_status=IndexStatus.DONE).update(index_status=IndexStatus.QUEUED)
    if queued:
        _queue_task(album.pk)
    return queued


def _drop_album_faces(album: Album) -> None:
    PhotoFace.objects.filter(album_id=album.pk).delete()
    album.photos.exclude(index_status=IndexStatus.NOT_INDEXED).update(index_status=IndexStatus.NOT_INDEXED, face_count=0, indexed_at=None)


def _drop_photo_faces(photo: AlbumPhoto) -> None:
    PhotoFace.objects.filter(photo=photo).delete()
    AlbumPhoto.objects.filter(pk=photo.pk).update(index_status=IndexStatus.NOT_INDEXED, face_count=0, indexed_at=None)


@transaction.atomic
def album_index_start(*, actor, album: Album) -> int:
    """重新索引: queue the album's photos that are not indexed yet; progress shows on its page."""
    if not album.is_face_search_enabled:
        raise Conflict("该相册未开启人脸查找。", code="face_search_off")
    queued = _queue_album_index(album)
    audit_record(actor=actor, action="alumni_albums.index_start", target=album, after={"queued": queued})
    return queued


def photo_index(*, photo_id: int) -> int:
    """Find and store the faces of one photo (encrypted); returns the number found. Runs in the
    worker. Twice is harmless: the photo's faces are replaced."""
    from tenant_apps.alumni.albums import faces

    photo = AlbumPhoto.objects.select_related("album").filter(pk=photo_id).first()
    if photo is None or photo.index_status != IndexStatus.QUEUED:
        return 0
    if photo.status != ReviewStatus.APPROVED or not photo.album.is_face_search_enabled or photo.album.deleted_at:
        AlbumPhoto.objects.filter(pk=photo.pk).update(index_status=IndexStatus.NOT_INDEXED)
        return 0
    try:
        with photo.image.open("rb") as handle:
            found = faces.find_faces(handle.read())
    except (OSError, faces.FaceImageError):
        logger.warning("face indexing failed for album photo %s", photo.pk, exc_info=True)
        AlbumPhoto.objects.filter(pk=photo.pk).update(index_status=IndexStatus.FAILED, indexed_at=timezone.now())
        return 0
    with transaction.atomic():
        locked = AlbumPhoto.objects.select_for_update().filter(pk=photo.pk, index_status=IndexStatus.QUEUED).first()
        if locked is None:
            return 0
        PhotoFace.objects.filter(photo=locked).delete()
        PhotoFace.objects.bulk_create([PhotoFace(photo=locked, album_id=locked.album_id, encoding=faces.pack(face.encoding), box=list(face.box)) for face in found])
        AlbumPhoto.objects.filter(pk=locked.pk).update(index_status=IndexStatus.DONE, face_count=len(found), indexed_at=timezone.now())
    return len(found)


def album_index_run(*, album_id: int, batch: int = 500) -> int:
    """Index the queued photos of an album (the worker's loop); returns how many it did."""
    done = 0
    for photo_id in list(AlbumPhoto.objects.filter(album_id=album_id, index_status=IndexStatus.QUEUED).order_by("pk").values_list("pk", flat=True)[:batch]):
        photo_index(photo_id=photo_id)
        done += 1
    return done


# --- consent, enrolment, withdrawal, search -------------------------------------------------


def _end_consent(consent: FaceConsent, reason: str) -> None:
    consent.ended_at, consent.ended_reason = timezone.now(), reason
    consent.save(update_fields=["ended_at", "ended_reason"])


@transaction.atomic
def face_enrol(*, actor, selfie, agreed: bool, text_version: str = CONSENT_VERSION) -> FaceEnrolment:
    """开启人脸查找: the person's 单独同意 (recorded with time and the text agreed to) and one
    selfie they take themselves. Only the encoding is kept, encrypted; the selfie is not."""
    from tenant_apps.alumni.albums import faces

    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied("请先登录。")
    if not agreed:
        raise ApplicationError("请阅读告知书并勾选单独同意后再录入。", code=AlbumErrorCode.CONSENT_REQUIRED, fields={"agreed": ["须单独同意。"]})
    if text_version != CONSENT_VERSION:
        raise Conflict("告知书已更新，请刷新页面重新阅读。", code="consent_text_changed")
    if selfie is None:
        raise ApplicationError("请拍摄或选择一张本人正面照片。", code=AlbumErrorCode.NO_FACE, fields={"selfie": ["请选择照片。"]})
    try:
        validate_upload(selfie, kind="image")
    except ValidationError as exc:
        raise ApplicationError(exc.messages[0], code="upload_rejected", fields={"selfie": exc.messages}) from exc
    selfie.seek(0)
    try:
        encoding = faces.encode_selfie(selfie.read())
    except faces.FaceImageError as exc:
        raise ApplicationError(str(exc), code=exc.code, fields={"selfie": [str(exc)]}) from exc
    for open_consent in FaceConsent.objects.select_for_update().filter(user=actor, ended_at__isnull=True):
        _end_consent(open_consent, ConsentEnd.RENEWED)
    FaceEnrolment.objects.filter(user=actor).delete()
    consent = FaceConsent.objects.create(user=actor, text_version=CONSENT_VERSION, text=consent_text(),
                                         expires_at=timezone.now() + timezone.timedelta(days=retention_days()))
    enrolment = FaceEnrolment.objects.create(user=actor, consent=consent, encoding=faces.pack(encoding))
    audit_record(actor=actor, action="alumni_albums.face_enrol", target=consent, after={"version": CONSENT_VERSION, "expires_at": consent.expires_at.isoformat()})
    return enrolment


@transaction.atomic
def face_withdraw(*, actor) -> bool:
    """撤回同意: the person's face data is deleted at once; the consent record says when."""
    deleted, _ = FaceEnrolment.objects.filter(user=actor).delete()
    consents = list(FaceConsent.objects.select_for_update().filter(user=actor, ended_at__isnull=True))
    for consent in consents:
        _end_consent(consent, ConsentEnd.WITHDRAWN)
    if deleted or consents:
        audit_record(actor=actor, action="alumni_albums.face_withdraw", object_type="alumni_albums.faceconsent", object_id=str(actor.pk),
                     after={"deleted": bool(deleted)})
    return bool(deleted or consents)


@transaction.atomic
def face_purge_expired() -> int:
    """Delete the face data of people whose consent ran past the retention period (periodic)."""
    expired = list(FaceConsent.objects.select_for_update(skip_locked=True).filter(ended_at__isnull=True, expires_at__lte=timezone.now()))
    if not expired:
        return 0
    FaceEnrolment.objects.filter(consent__in=expired).delete()
    for consent in expired:
        _end_consent(consent, ConsentEnd.EXPIRED)
    audit_record(actor=None, action="alumni_albums.face_purge_expired", object_type="alumni_albums.faceconsent", after={"people": len(expired)})
    return len(expired)


@dataclass(frozen=True)
class FoundPhoto:
    photo: AlbumPhoto
    distance: float


def face_search(*, actor) -> list[FoundPhoto]:
    """找我的照片: photos the person may see that hold a face close to their own enrolled face.
    One can search only with one's own enrolment; the search is logged."""
    from tenant_apps.alumni.albums import faces

    enrolment = selectors.enrolment_of(actor)
    if enrolment is None or enrolment.consent.ended_at is not None or enrolment.consent.expires_at <= timezone.now():
        raise PermissionDenied("请先阅读告知书、单独同意并录入本人照片。", code=AlbumErrorCode.NOT_ENROLLED)
    started = time.monotonic()
    rows = list(selectors.searchable_faces(actor).values_list("photo_id", "encoding"))
    probe = faces.unpack_many([enrolment.encoding])[0]
    distances = faces.distances(faces.unpack_many([token for _, token in rows]), probe)
    best: dict[int, float] = {}
    for (photo_id, _), distance in zip(rows, distances, strict=True):
        if distance <= faces.MATCH_THRESHOLD and distance < best.get(photo_id, 9.0):
            best[photo_id] = float(distance)
    photos = AlbumPhoto.objects.filter(pk__in=list(best)).select_related("album")
    found = sorted((FoundPhoto(photo=p, distance=round(best[p.pk], 3)) for p in photos), key=lambda f: (f.distance, -f.photo.pk))
    FaceSearchLog.objects.create(user=actor, faces_compared=len(rows), photos_found=len(found), took_ms=int((time.monotonic() - started) * 1000))
    return found
