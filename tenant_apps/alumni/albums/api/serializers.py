from __future__ import annotations

from rest_framework import serializers

from core.files import download_url
from tenant_apps.alumni.albums.enums import ReviewStatus, UploadScope, ViewScope
from tenant_apps.alumni.albums.models import Album, AlbumPhoto


class AlumniAlbumSerializer(serializers.ModelSerializer):
    photo_count = serializers.IntegerField(read_only=True, default=0)

    class Meta:
        model = Album
        fields = ["id", "title", "description", "owner_id", "view_scope", "upload_scope", "chapter_id", "is_face_search_enabled", "status", "review_note",
                  "activity_id", "photo_count", "created_at"]


class AlumniAlbumWriteSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=60)
    description = serializers.CharField(max_length=300, required=False, default="", allow_blank=True)
    view_scope = serializers.ChoiceField(choices=ViewScope.choices, default=ViewScope.EVERYONE)
    upload_scope = serializers.ChoiceField(choices=UploadScope.choices, default=UploadScope.OWNER)
    chapter_id = serializers.IntegerField(required=False, allow_null=True, default=None)
    is_face_search_enabled = serializers.BooleanField(default=False)


class AlumniAlbumPhotoSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = AlbumPhoto
        fields = ["id", "album_id", "caption", "uploaded_by_id", "status", "review_note", "index_status", "face_count", "created_at", "url"]

    def get_url(self, photo) -> str:
        return download_url(photo.image, user=self.context["request"].user)


class AlumniAlbumPhotoUploadSerializer(serializers.Serializer):
    image = serializers.ImageField()
    caption = serializers.CharField(max_length=100, required=False, default="", allow_blank=True)


class AlumniAlbumReviewSerializer(serializers.Serializer):
    approve = serializers.BooleanField()
    note = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)


class AlumniAlbumProgressSerializer(serializers.Serializer):
    enabled = serializers.BooleanField()
    total = serializers.IntegerField()
    done = serializers.IntegerField()
    failed = serializers.IntegerField()
    queued = serializers.IntegerField()
    percent = serializers.IntegerField()
    running = serializers.BooleanField()


class AlumniAlbumReviewQueueSerializer(serializers.Serializer):
    albums = AlumniAlbumSerializer(many=True)
    photos = AlumniAlbumPhotoSerializer(many=True)


class AlumniFaceEnrolmentSerializer(serializers.Serializer):
    is_enrolled = serializers.BooleanField()
    consented_at = serializers.DateTimeField(allow_null=True)
    expires_at = serializers.DateTimeField(allow_null=True)
    consent_version = serializers.CharField(help_text="录入时须回传的告知书版本")
    consent_text = serializers.CharField(help_text="单独告知与同意书全文（目的、必要性、影响、期限、撤回）")


class AlumniFaceEnrolSerializer(serializers.Serializer):
    selfie = serializers.ImageField(help_text="本人正面自拍；只提取特征，原图不保存")
    agreed = serializers.BooleanField(help_text="本人已阅读告知书并单独同意")
    consent_version = serializers.CharField()


class AlumniFaceFoundSerializer(serializers.Serializer):
    photo = AlumniAlbumPhotoSerializer()
    album_title = serializers.CharField()
    distance = serializers.FloatField(help_text="人脸特征距离，越小越相似")


class AlumniFaceStatisticsSerializer(serializers.Serializer):
    enrolled = serializers.IntegerField(help_text="已授权录入人数（备案门槛 100,000 人）")
    consents_total = serializers.IntegerField()
    withdrawn = serializers.IntegerField()
    expired = serializers.IntegerField()
    albums_enabled = serializers.IntegerField()
    photos_indexed = serializers.IntegerField()
    photos_queued = serializers.IntegerField()
    faces_indexed = serializers.IntegerField()
    searches_30d = serializers.IntegerField()
    searchers_30d = serializers.IntegerField()
    found_30d = serializers.IntegerField()
    filing_threshold = serializers.IntegerField()


REVIEW_STATUSES = ReviewStatus.values
