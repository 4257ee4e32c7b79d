"""Students' (and every signed-in user's) H5: published career videos, the player with
seeking, play counting."""

from __future__ import annotations

from django.views import View
from django.views.generic import TemplateView

from core.web.views import H5Mixin
from tenant_apps.employment.videos.pages import (
    PlayMixin,
    PosterMixin,
    StreamMixin,
    VideoListMixin,
    VideoPlayerMixin,
)

PREFIX = "h5:employment_videos"


class VideoListView(H5Mixin, VideoListMixin, TemplateView):
    template_name = "videos/h5/list.html"
    page_title = "就业视频"
    url_prefix = PREFIX


class VideoPlayerView(H5Mixin, VideoPlayerMixin, TemplateView):
    template_name = "videos/h5/detail.html"
    url_prefix = PREFIX


class VideoStreamView(H5Mixin, StreamMixin, View):
    url_prefix = PREFIX


class VideoPosterView(H5Mixin, PosterMixin, View):
    url_prefix = PREFIX


class VideoPlayView(H5Mixin, PlayMixin, View):
    url_prefix = PREFIX
