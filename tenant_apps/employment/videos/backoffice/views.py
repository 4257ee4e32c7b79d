"""Back office of career videos: the library with upload, one video with preview, edit,
publish / unpublish, re-process and delete."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.views import View
from django.views.generic import TemplateView

from core.errors import ApplicationError
from core.web.pagination import paginate
from core.web.views import BackofficeMixin
from tenant_apps.employment.videos import selectors, services, streaming
from tenant_apps.employment.videos.enums import VideoAudience, VideoCategory, VideoStatus

VIEW, ADD, CHANGE, DELETE = (f"employment_videos.{p}_video" for p in ("view", "add", "change", "delete"))


class VideoMixin(BackofficeMixin):
    def video(self):
        video = selectors.video_get(pk=self.kwargs["pk"])
        if video is None:
            raise Http404
        return video


class VideoListView(VideoMixin, TemplateView):
    permission_required = VIEW
    template_name = "videos/backoffice/list.html"
    page_title = "在线视频"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        q, category, status = (self.request.GET.get(k, "").strip() for k in ("q", "category", "status"))
        context.update(paginate(self.request, selectors.video_list(q=q, category=category, status=status), per_page=20), q=q, category=category,
                       status=status, categories=VideoCategory.choices, audiences=VideoAudience.choices, stats=selectors.video_statistics(),
                       statuses=[("published", "已发布"), ("draft", "未发布"), *VideoStatus.choices], form=kwargs.get("form", {}),
                       can_add=self.request.user.has_perm(ADD))
        return context

    def post(self, request):
        if not request.user.has_perm(ADD):
            raise PermissionDenied
        try:
            video = services.video_upload(actor=request.user, title=request.POST.get("title", ""), description=request.POST.get("description", ""),
                                          category=request.POST.get("category", VideoCategory.GUIDANCE),
                                          audience=request.POST.get("audience", VideoAudience.PUBLIC), file=request.FILES.get("file"))
        except ApplicationError as exc:
            return self.render_to_response(self.get_context_data(form=request.POST, error=exc.message), status=exc.status)
        messages.success(request, "视频已上传，正在读取时长并生成封面。")
        return redirect("backoffice:employment_videos:detail", pk=video.pk)


class VideoDetailView(VideoMixin, TemplateView):
    permission_required = VIEW
    template_name = "videos/backoffice/detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        video = kwargs.get("video") or self.video()
        context.update(video=video, page_title=video.title, categories=VideoCategory.choices, audiences=VideoAudience.choices,
                       can_change=self.request.user.has_perm(CHANGE), can_delete=self.request.user.has_perm(DELETE))
        return context

    def post(self, request, pk):
        video = self.video()
        action = request.POST.get("action", "")
        needed = DELETE if action == "delete" else CHANGE
        if not request.user.has_perm(needed):
            raise PermissionDenied
        try:
            if action == "delete":
                services.video_delete(actor=request.user, video=video)
                messages.success(request, "视频已删除。")
                return redirect("backoffice:employment_videos:list")
            if action in ("publish", "unpublish"):
                services.video_set_published(actor=request.user, video=video, is_published=action == "publish")
                messages.success(request, "已发布到官网与移动端。" if action == "publish" else "已取消发布。")
            elif action == "reprocess":
                services.video_reprocess(actor=request.user, video=video)
                messages.success(request, "已重新开始处理。")
            else:
                services.video_update(actor=request.user, video=video, title=request.POST.get("title", ""), description=request.POST.get("description", ""),
                                      category=request.POST.get("category", video.category), audience=request.POST.get("audience", video.audience))
                messages.success(request, "已保存。")
        except ApplicationError as exc:
            messages.error(request, exc.message)
        return redirect("backoffice:employment_videos:detail", pk=video.pk)


class VideoStreamView(VideoMixin, View):
    """Preview for teachers (also drafts)."""

    permission_required = VIEW

    def get(self, request, pk):
        video = self.video()
        return streaming.serve(request, video.file, duration_seconds=video.duration_seconds)


class VideoPosterView(VideoMixin, View):
    permission_required = VIEW

    def get(self, request, pk):
        video = self.video()
        if not video.poster:
            raise Http404
        return streaming.serve(request, video.poster)
