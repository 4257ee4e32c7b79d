"""Albums (相册, A17) and the opt-in face search (找我的照片).

Face data lives in two tables of its own so that it can be deleted at once and counted:
`FaceEnrolment` (one encrypted encoding per person who opted in, from a selfie they took; the
selfie itself is never stored) and `PhotoFace` (encrypted encodings of the faces found in photos
of albums where face search is switched on; no identity is attached to them). `FaceConsent`
is the record of each 单独同意: what the person agreed to, when, until when, and how it ended.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from core.files import TenantFileField
from tenant_apps.alumni.albums.enums import (
    ConsentEnd,
    IndexStatus,
    ReviewStatus,
    UploadScope,
    ViewScope,
)


class Album(models.Model):
    """相册: created by staff (shown at once) or by an alumnus (after review). An activity's
    approved photos gather in the album of that activity (`activity_id`)."""

    title = models.CharField("相册名称", max_length=60)
    description = models.CharField("简介", max_length=300, blank=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="创建人")
    view_scope = models.CharField("浏览权限", max_length=10, choices=ViewScope.choices, default=ViewScope.EVERYONE)
    upload_scope = models.CharField("上传权限", max_length=10, choices=UploadScope.choices, default=UploadScope.OWNER)
    chapter_id = models.BigIntegerField("分会ID", null=True, blank=True)
    is_face_search_enabled = models.BooleanField("允许人脸查找", default=False)
    status = models.CharField("审核状态", max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.PENDING, db_index=True)
    review_note = models.CharField("审核意见", max_length=200, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="审核人")
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)
    activity_id = models.BigIntegerField("活动ID", null=True, blank=True, unique=True)
    deleted_at = models.DateTimeField("删除时间", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "相册"
        verbose_name_plural = "相册"
        ordering = ["-id"]
        permissions = [("review_album", "审核相册与照片"), ("view_face_statistics", "查看人脸查找统计")]

    def __str__(self) -> str:
        return self.title


class AlbumPhoto(models.Model):
    """A photo of an album: the uploader's own or one taken in from an activity (then it shares
    the activity photo's stored file, `activity_photo_id`)."""

    album = models.ForeignKey(Album, on_delete=models.CASCADE, related_name="photos", verbose_name="相册")
    image = TenantFileField("照片", upload_to="alumni/albums/%Y/%m/", kind="image")
    caption = models.CharField("说明", max_length=100, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="上传人")
    status = models.CharField("审核状态", max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.PENDING, db_index=True)
    review_note = models.CharField("审核意见", max_length=200, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="审核人")
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)
    activity_photo_id = models.BigIntegerField("活动照片ID", null=True, blank=True, unique=True)
    index_status = models.CharField("人脸索引", max_length=10, choices=IndexStatus.choices, default=IndexStatus.NOT_INDEXED, db_index=True)
    face_count = models.PositiveIntegerField("人脸数", default=0)
    indexed_at = models.DateTimeField("索引时间", null=True, blank=True)
    created_at = models.DateTimeField("上传时间", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "相册照片"
        verbose_name_plural = "相册照片"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["album", "status", "created_at"], name="album_photo_listing")]

    def __str__(self) -> str:
        return self.caption or f"照片 #{self.pk}"


class FaceConsent(models.Model):
    """人脸查找单独同意记录: kept after the face data is gone, as the proof of what was agreed."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name="本人")
    text_version = models.CharField("告知书版本", max_length=20)
    text = models.TextField("告知与同意内容")
    consented_at = models.DateTimeField("同意时间", auto_now_add=True)
    expires_at = models.DateTimeField("人脸数据保存至")
    ended_at = models.DateTimeField("结束时间", null=True, blank=True)
    ended_reason = models.CharField("结束原因", max_length=10, choices=ConsentEnd.choices, blank=True)

    class Meta:
        verbose_name = "人脸查找授权"
        verbose_name_plural = "人脸查找授权"
        ordering = ["-consented_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["user"], condition=models.Q(ended_at__isnull=True), name="one_open_face_consent_per_user")]

    def __str__(self) -> str:
        return f"{self.user_id} · {self.consented_at:%Y-%m-%d}"


class FaceEnrolment(models.Model):
    """人脸特征（本人录入）: one encrypted 128-d encoding per opted-in person."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name="本人")
    consent = models.ForeignKey(FaceConsent, on_delete=models.CASCADE, related_name="+", verbose_name="授权")
    encoding = models.TextField("人脸特征（加密）")
    created_at = models.DateTimeField("录入时间", auto_now_add=True)

    class Meta:
        verbose_name = "人脸特征"
        verbose_name_plural = "人脸特征"

    def __str__(self) -> str:
        return f"face of {self.user_id}"


class PhotoFace(models.Model):
    """照片人脸索引: an encrypted encoding of one face found in a photo (no identity attached)."""

    photo = models.ForeignKey(AlbumPhoto, on_delete=models.CASCADE, related_name="faces", verbose_name="照片")
    album_id = models.BigIntegerField("相册ID", db_index=True)
    encoding = models.TextField("人脸特征（加密）")
    box = models.JSONField("位置", default=list)
    created_at = models.DateTimeField("索引时间", auto_now_add=True)

    class Meta:
        verbose_name = "照片人脸索引"
        verbose_name_plural = "照片人脸索引"

    def __str__(self) -> str:
        return f"face in photo {self.photo_id}"


class FaceSearchLog(models.Model):
    """One search of one's own photos: for the statistics and the audit of face data use."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name="本人")
    faces_compared = models.PositiveIntegerField("比对人脸数", default=0)
    photos_found = models.PositiveIntegerField("找到照片数", default=0)
    took_ms = models.PositiveIntegerField("耗时（毫秒）", default=0)
    created_at = models.DateTimeField("时间", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "人脸查找记录"
        verbose_name_plural = "人脸查找记录"
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.user_id} · {self.photos_found}"
