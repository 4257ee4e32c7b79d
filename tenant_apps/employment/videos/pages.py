"""The watching pages shared by the H5 (signed-in users, every published video) and the
public portal (visitors, public videos only): list, player, stream, poster and the play ping."""

from __future__ import annotations

from django.http import Http404, JsonResponse

from core.errors import ApplicationError
from core.web.pagination import paginate
from tenant_apps.employment.videos import selectors, services, streaming
from tenant_apps.employment.videos.enums import VideoCategory


class WatchMixin:
    public_only = False
    url_prefix = ""  # "h5:employment_videos" / "employment_videos_public"

    def watchable(self):
        video = selectors.watchable_video_get(pk=self.kwargs["pk"], public_only=self.public_only)
        if video is None:
            raise Http404
        return video

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["url_prefix"] = self.url_prefix
        return context


class VideoListMixin(WatchMixin):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        q, category = self.request.GET.get("q", "").strip(), self.request.GET.get("category", "")
        context.update(paginate(self.request, selectors.watchable_videos(public_only=self.public_only, q=q, category=category), per_page=12),
                       q=q, category=category, categories=VideoCategory.choices)
        return context


class VideoPlayerMixin(WatchMixin):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        video = self.watchable()
        related = selectors.watchable_videos(public_only=self.public_only, category=video.category).exclude(pk=video.pk)[:6]
        context.update(video=video, page_title=video.title, related=related)
        return context


class StreamMixin(WatchMixin):
    def get(self, request, pk):
        video = self.watchable()
        return streaming.serve(request, video.file, duration_seconds=video.duration_seconds)


class PosterMixin(WatchMixin):
    def get(self, request, pk):
        video = self.watchable()
        if not video.poster:
            raise Http404
        return streaming.serve(request, video.poster)


class PlayMixin(WatchMixin):
    """The player's first "play" event posts here; answers the (possibly unchanged) count."""

    def post(self, request, pk):
        video = self.watchable()
        try:
            counted = services.play_record(video=video, viewer_key=streaming.viewer_key(request), user=request.user)
        except ApplicationError as exc:
            return JsonResponse({"code": exc.code, "message": exc.message}, status=exc.status)
        video.refresh_from_db(fields=["play_count"])
        response = JsonResponse({"counted": counted, "play_count": video.play_count})
        response["Cache-Control"] = "no-store"
        return response
