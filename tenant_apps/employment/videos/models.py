"""Career videos (在线视频, E13): the uploaded file, what ffmpeg found in it (duration, a poster
frame), who may watch it, and play counts (one per viewer per day)."""

from __future__ import annotations

import uuid

from django.db import models

from core.files import TenantFileField
from tenant_apps.employment.videos.enums import VideoAudience, VideoCategory, VideoStatus

VIDEO_EXTENSIONS = ("mp4", "m4v", "webm", "mov")


def video_path(instance, filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "mp4"
    return f"employment/videos/{uuid.uuid4().hex}.{extension}"


def poster_path(instance, filename: str) -> str:
    return f"employment/videos/posters/{uuid.uuid4().hex}.jpg"


class Video(models.Model):
    """视频: uploaded by a teacher; a worker reads its duration and takes a poster frame
    (status processing → ready / failed). Shown to students when published and ready; on the
    public portal too when the audience is public."""

    title = models.CharField("标题", max_length=200)
    description = models.TextField("简介", blank=True, max_length=5000)
    category = models.CharField("分类", max_length=20, choices=VideoCategory.choices, default=VideoCategory.GUIDANCE, db_index=True)
    audience = models.CharField("可见范围", max_length=20, choices=VideoAudience.choices, default=VideoAudience.PUBLIC)
    file = TenantFileField("视频文件", upload_to=video_path, extensions=VIDEO_EXTENSIONS)
    original_name = models.CharField("原文件名", max_length=200, blank=True)
    size_bytes = models.PositiveBigIntegerField("文件大小", default=0)
    poster = models.FileField("封面", upload_to=poster_path, blank=True)
    duration_seconds = models.PositiveIntegerField("时长（秒）", null=True, blank=True)
    width = models.PositiveIntegerField("宽", null=True, blank=True)
    height = models.PositiveIntegerField("高", null=True, blank=True)
    status = models.CharField("处理状态", max_length=20, choices=VideoStatus.choices, default=VideoStatus.PROCESSING, db_index=True)
    processing_error = models.CharField("处理错误", max_length=300, blank=True)
    is_published = models.BooleanField("已发布", default=False, db_index=True)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    play_count = models.PositiveBigIntegerField("播放次数", default=0)
    uploaded_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="上传人")
    created_at = models.DateTimeField("上传时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "视频"
        verbose_name_plural = "视频"
        ordering = ["-published_at", "-id"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_playable(self) -> bool:
        return self.status == VideoStatus.READY and self.is_published

    @property
    def duration_label(self) -> str:
        if self.duration_seconds is None:
            return ""
        minutes, seconds = divmod(self.duration_seconds, 60)
        hours, minutes = divmod(minutes, 60)
        return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"


class VideoPlay(models.Model):
    """One counted play: a viewer (a user, or an anonymous visitor's keyed hash) counts once per
    video per day, however often the player restarts."""

    video = models.ForeignKey(Video, on_delete=models.CASCADE, related_name="plays", verbose_name="视频")
    viewer_key = models.CharField("观看者", max_length=64)
    user = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="用户")
    day = models.DateField("日期")
    created_at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "视频播放"
        verbose_name_plural = "视频播放"
        constraints = [models.UniqueConstraint(fields=["video", "viewer_key", "day"], name="emp_video_one_play_per_viewer_day")]

    def __str__(self) -> str:
        return f"{self.video_id}:{self.viewer_key[:8]}"
