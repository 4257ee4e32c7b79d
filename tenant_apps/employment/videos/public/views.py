"""Public portal pages of career videos: visitors see and play videos whose audience is
public; drafts, students-only videos and other schools' videos are 404."""

from __future__ import annotations

from django.views import View
from django.views.generic import TemplateView

from tenant_apps.employment.videos.pages import (
    PlayMixin,
    PosterMixin,
    StreamMixin,
    VideoListMixin,
    VideoPlayerMixin,
)

PREFIX = "employment_videos_public"


class PublicMixin:
    public_only = True
    url_prefix = PREFIX


class VideoListView(PublicMixin, VideoListMixin, TemplateView):
    template_name = "videos/public/list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"page_title": "就业视频"}


class VideoPlayerView(PublicMixin, VideoPlayerMixin, TemplateView):
    template_name = "videos/public/detail.html"


class VideoStreamView(PublicMixin, StreamMixin, View):
    pass


class VideoPosterView(PublicMixin, PosterMixin, View):
    pass


class VideoPlayView(PublicMixin, PlayMixin, View):
    pass
