"""Writes of career videos: upload (checked against the tenant's upload limits by the file
field), the worker's processing (duration and poster through ffmpeg), edits, publishing,
deletion and counted plays."""

from __future__ import annotations

import datetime
import os
import shutil
import tempfile

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import storages
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from core.audit import audit_record, snapshot
from core.errors import ApplicationError, Conflict
from tenant_apps.employment.videos import media
from tenant_apps.employment.videos.enums import VideoAudience, VideoCategory, VideoStatus
from tenant_apps.employment.videos.errors import VideoErrorCode
from tenant_apps.employment.videos.models import Video, VideoPlay

AUDIT_FIELDS = ["title", "category", "audience", "status", "is_published", "duration_seconds"]


def _queue_processing(video: Video) -> None:
    from tenant_apps.employment.videos.tasks import process_video

    video_id = video.pk
    transaction.on_commit(lambda: process_video.delay(video_id))


def _check(video: Video) -> None:
    try:
        video.full_clean(exclude=["uploaded_by", "poster"])
    except ValidationError as exc:
        first = next(iter(exc.message_dict.values()))[0]
        raise ApplicationError(first if "file" in exc.message_dict else "视频信息不完整：标题必填。", fields=exc.message_dict) from exc


@transaction.atomic
def video_upload(*, actor, title: str, file, description: str = "", category: str = VideoCategory.GUIDANCE,
                 audience: str = VideoAudience.PUBLIC) -> Video:
    """Store the upload (the tenant's size limit applies) and queue the worker that reads its
    duration and takes the poster; the video is a draft until published."""
    if file is None:
        raise ApplicationError("请选择视频文件。", fields={"file": ["必填。"]})
    video = Video(title=(title or "").strip(), description=(description or "").strip(), category=category, audience=audience,
                  file=file, original_name=os.path.basename(getattr(file, "name", "") or "")[:200], size_bytes=getattr(file, "size", 0) or 0,
                  uploaded_by=actor)
    _check(video)
    video.save()
    audit_record(actor=actor, action="video.upload", target=video, after=snapshot(video, AUDIT_FIELDS) | {"size": video.size_bytes}, only_changes=False)
    _queue_processing(video)
    return video


@transaction.atomic
def video_update(*, actor, video: Video, title: str, description: str = "", category: str = VideoCategory.GUIDANCE,
                 audience: str = VideoAudience.PUBLIC) -> Video:
    video = Video.objects.select_for_update().get(pk=video.pk)
    before = snapshot(video, AUDIT_FIELDS)
    video.title, video.description, video.category, video.audience = (title or "").strip(), (description or "").strip(), category, audience
    _check(video)
    video.save()
    audit_record(actor=actor, action="video.update", target=video, before=before, after=snapshot(video, AUDIT_FIELDS))
    return video


@transaction.atomic
def video_set_published(*, actor, video: Video, is_published: bool) -> Video:
    video = Video.objects.select_for_update().get(pk=video.pk)
    if is_published and video.status != VideoStatus.READY:
        raise Conflict("视频处理完成后才能发布。", code=VideoErrorCode.NOT_READY)
    if video.is_published == is_published:
        return video
    before = snapshot(video, AUDIT_FIELDS)
    video.is_published = is_published
    if is_published and video.published_at is None:
        video.published_at = timezone.now()
    video.save(update_fields=["is_published", "published_at", "updated_at"])
    audit_record(actor=actor, action="video.publish" if is_published else "video.unpublish", target=video, before=before,
                 after=snapshot(video, AUDIT_FIELDS))
    return video


@transaction.atomic
def video_delete(*, actor, video: Video) -> None:
    names = [f.name for f in (video.file, video.poster) if f]
    audit_record(actor=actor, action="video.delete", target=video, before=snapshot(video, AUDIT_FIELDS), only_changes=False)
    video.delete()

    def remove_files():
        storage = storages["default"]
        for name in names:
            storage.delete(name)

    transaction.on_commit(remove_files)


@transaction.atomic
def video_reprocess(*, actor, video: Video) -> Video:
    video = Video.objects.select_for_update().get(pk=video.pk)
    video.status, video.processing_error = VideoStatus.PROCESSING, ""
    video.save(update_fields=["status", "processing_error", "updated_at"])
    audit_record(actor=actor, action="video.reprocess", target=video, after={"status": video.status}, only_changes=False)
    _queue_processing(video)
    return video


def _local_copy(name: str, directory: str) -> str:
    """A path ffmpeg can read: the file itself on disk storage, else a temporary copy (S3)."""
    storage = storages["default"]
    try:
        return storage.path(name)
    except NotImplementedError:
        target = os.path.join(directory, "source" + os.path.splitext(name)[1])
        with storage.open(name, "rb") as source, open(target, "wb") as copy:
            shutil.copyfileobj(source, copy, 1024 * 1024)
        return target


def video_process(*, video_id: int) -> Video | None:
    """The worker's job: duration, frame size and a poster frame (a third into the video, at
    most 5 s in). Running it again for a processed video does nothing; an unreadable file
    ends as failed with the reason shown to the teacher."""
    video = Video.objects.filter(pk=video_id).first()
    if video is None or video.status != VideoStatus.PROCESSING:
        return video
    with tempfile.TemporaryDirectory(prefix="video-") as directory:
        try:
            source = _local_copy(video.file.name, directory)
            info = media.probe(source)
            poster = os.path.join(directory, "poster.jpg")
            media.poster_frame(source, at_seconds=min(info.duration / 3, 5.0), output=poster)
        except (media.MediaError, OSError) as exc:
            message = str(exc) if isinstance(exc, media.MediaError) else "读取视频文件失败。"
            with transaction.atomic():
                Video.objects.filter(pk=video.pk, status=VideoStatus.PROCESSING).update(status=VideoStatus.FAILED, processing_error=message[:300],
                                                                                         updated_at=timezone.now())
                audit_record(actor=None, action="video.process_failed", target=video, after={"error": message}, only_changes=False)
            video.refresh_from_db()
            return video
        with transaction.atomic():
            video = Video.objects.select_for_update().get(pk=video.pk)
            if video.status != VideoStatus.PROCESSING:
                return video
            old_poster = video.poster.name if video.poster else ""
            with open(poster, "rb") as handle:
                video.poster.save("poster.jpg", File(handle), save=False)
            video.duration_seconds = round(info.duration)
            video.width, video.height = info.width, info.height
            video.status, video.processing_error = VideoStatus.READY, ""
            video.save()
            audit_record(actor=None, action="video.processed", target=video, after=snapshot(video, AUDIT_FIELDS), only_changes=False)
            if old_poster:
                transaction.on_commit(lambda: storages["default"].delete(old_poster))
    return video


def play_record(*, video: Video, viewer_key: str, user=None, day: datetime.date | None = None) -> bool:
    """Count a play once per viewer per video per day; True when this one counted."""
    if not video.is_playable:
        raise Conflict("视频暂不可播放。", code=VideoErrorCode.NOT_READY)
    try:
        with transaction.atomic():
            VideoPlay.objects.create(video=video, viewer_key=viewer_key[:64], user=user if getattr(user, "is_authenticated", False) else None,
                                     day=day or timezone.localdate())
            Video.objects.filter(pk=video.pk).update(play_count=F("play_count") + 1)
    except IntegrityError:
        return False
    return True
