"""Serializers of the videos API (component names start with "Videos")."""

from __future__ import annotations

from django.urls import reverse
from rest_framework import serializers

from tenant_apps.employment.videos.enums import VideoAudience, VideoCategory, VideoStatus


class VideoSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    title = serializers.CharField()
    description = serializers.CharField()
    category = serializers.ChoiceField(choices=VideoCategory.choices)
    audience = serializers.ChoiceField(choices=VideoAudience.choices)
    status = serializers.ChoiceField(choices=VideoStatus.choices)
    processing_error = serializers.CharField()
    duration_seconds = serializers.IntegerField(allow_null=True)
    width = serializers.IntegerField(allow_null=True)
    height = serializers.IntegerField(allow_null=True)
    size_bytes = serializers.IntegerField()
    is_published = serializers.BooleanField()
    published_at = serializers.DateTimeField(allow_null=True)
    play_count = serializers.IntegerField()
    created_at = serializers.DateTimeField()
    stream_url = serializers.SerializerMethodField(help_text="播放地址（支持 Range 请求，可拖动进度）")
    poster_url = serializers.SerializerMethodField(help_text="封面图地址，未生成时为空")

    class Meta:
        ref_name = "VideosVideo"

    def _prefix(self) -> str:
        return self.context.get("url_prefix", "backoffice:employment_videos")

    def get_stream_url(self, video) -> str:
        return reverse(f"{self._prefix()}:stream", args=[video.pk])

    def get_poster_url(self, video) -> str:
        return reverse(f"{self._prefix()}:poster", args=[video.pk]) if video.poster else ""


class VideoUploadSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
    category = serializers.ChoiceField(choices=VideoCategory.choices, default=VideoCategory.GUIDANCE)
    audience = serializers.ChoiceField(choices=VideoAudience.choices, default=VideoAudience.PUBLIC)
    file = serializers.FileField(help_text="mp4 / m4v / webm / mov，大小不超过本校文件上限")

    class Meta:
        ref_name = "VideosUploadInput"


class VideoUpdateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
    category = serializers.ChoiceField(choices=VideoCategory.choices)
    audience = serializers.ChoiceField(choices=VideoAudience.choices)

    class Meta:
        ref_name = "VideosUpdateInput"


class VideoPublishSerializer(serializers.Serializer):
    is_published = serializers.BooleanField()

    class Meta:
        ref_name = "VideosPublishInput"


class VideoPlaySerializer(serializers.Serializer):
    counted = serializers.BooleanField(help_text="false：今天已计过这位观看者")
    play_count = serializers.IntegerField()

    class Meta:
        ref_name = "VideosPlayOutput"
