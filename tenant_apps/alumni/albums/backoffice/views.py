"""Back office of albums: list, create and edit, an album with its photos and indexing progress,
the review queue (albums and photos), and the face-search statistics."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import TemplateView

from core.errors import ApplicationError
from core.web.pagination import paginate
from core.web.views import BackofficeMixin
from tenant_apps.alumni.albums import selectors, services
from tenant_apps.alumni.albums.enums import ReviewStatus, UploadScope, ViewScope
from tenant_apps.alumni.albums.forms import album_input, chapter_choices
from tenant_apps.alumni.albums.models import Album, AlbumPhoto


def _album(pk) -> Album:
    return get_object_or_404(Album, pk=pk, deleted_at__isnull=True)


class AlbumListView(BackofficeMixin, TemplateView):
    template_name = "alumni_albums/backoffice/list.html"
    permission_required = "alumni_albums.view_album"
    page_title = "相册管理"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        q, status = self.request.GET.get("q", "").strip(), self.request.GET.get("status", "")
        context.update(paginate(self.request, selectors.albums_admin(keyword=q, status=status), per_page=30), q=q, status=status,
                       statuses=ReviewStatus.choices)
        return context


class AlbumFormView(BackofficeMixin, TemplateView):
    template_name = "alumni_albums/backoffice/form.html"
    permission_required = "alumni_albums.add_album"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        album = _album(self.kwargs["pk"]) if self.kwargs.get("pk") else None
        initial = {"title": "", "description": "", "view_scope": ViewScope.EVERYONE, "upload_scope": UploadScope.MEMBERS, "chapter_id": "",
                   "is_face_search_enabled": False}
        if album:
            initial.update(title=album.title, description=album.description, view_scope=album.view_scope, upload_scope=album.upload_scope,
                           chapter_id=album.chapter_id or "", is_face_search_enabled=album.is_face_search_enabled)
        if kwargs.get("form") is not None:
            form = kwargs["form"]
            initial.update({k: form.get(k, "") for k in ("title", "description", "view_scope", "upload_scope")},
                           chapter_id=int(form["chapter_id"]) if form.get("chapter_id", "").isdigit() else "",
                           is_face_search_enabled=form.get("is_face_search_enabled") == "on")
        context.update(album=album, initial=initial, view_scopes=ViewScope.choices, upload_scopes=UploadScope.choices, chapters=chapter_choices(),
                       page_title="编辑相册" if album else "新建相册")
        return context

    def post(self, request, pk=None):
        if pk and not request.user.has_perm("alumni_albums.change_album"):
            raise PermissionDenied
        try:
            data = album_input(request.POST)
            album = services.album_update(actor=request.user, album=_album(pk), data=data) if pk else services.album_create(actor=request.user, data=data)
        except ApplicationError as exc:
            return self.render_to_response(self.get_context_data(error=exc.message, field_errors=exc.fields, form=request.POST), status=400)
        messages.success(request, "相册已保存。")
        return redirect("backoffice:alumni_albums:detail", pk=album.pk)


class AlbumDetailView(BackofficeMixin, TemplateView):
    template_name = "alumni_albums/backoffice/detail.html"
    permission_required = "alumni_albums.view_album"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        album = _album(self.kwargs["pk"])
        photos = album.photos.select_related("uploaded_by").order_by("-created_at", "-id")
        context.update(album=album, page_title=album.title, progress=selectors.index_progress(album), **paginate(self.request, photos, per_page=40))
        return context

    def post(self, request, pk):
        album = _album(pk)
        action = request.POST.get("action", "")
        needed = {"delete": "alumni_albums.delete_album", "index": "alumni_albums.change_album", "upload": "alumni_albums.change_album"}.get(
            action, "alumni_albums.review_album")
        if not request.user.has_perm(needed):
            raise PermissionDenied
        try:
            if action == "delete":
                services.album_delete(actor=request.user, album=album)
                messages.success(request, "相册已删除。")
                return redirect("backoffice:alumni_albums:list")
            if action == "index":
                queued = services.album_index_start(actor=request.user, album=album)
                messages.success(request, f"已开始后台索引 {queued} 张照片。")
            elif action == "upload":
                for image in request.FILES.getlist("images")[:50]:
                    services.photo_upload(actor=request.user, album=album, image=image)
                messages.success(request, "照片已上传。")
            elif action in ("approve", "reject"):
                services.album_review(actor=request.user, album=album, approve=action == "approve", note=request.POST.get("note", ""))
                messages.success(request, "已审核。")
            elif action == "photo_delete":
                services.photo_delete(actor=request.user, photo=get_object_or_404(AlbumPhoto, pk=request.POST.get("photo"), album=album))
                messages.success(request, "照片已删除。")
        except ApplicationError as exc:
            messages.error(request, exc.message)
        return redirect("backoffice:alumni_albums:detail", pk=pk)


class AlbumProgressView(BackofficeMixin, TemplateView):
    """The indexing progress fragment the album page polls (htmx) while indexing runs."""

    template_name = "alumni_albums/_progress.html"
    permission_required = "alumni_albums.view_album"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        album = _album(self.kwargs["pk"])
        context.update(album=album, progress=selectors.index_progress(album), poll_url=self.request.path)
        return context


class ReviewView(BackofficeMixin, TemplateView):
    template_name = "alumni_albums/backoffice/review.html"
    permission_required = "alumni_albums.review_album"
    page_title = "相册审核"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(albums=selectors.albums_pending_review()[:100], **paginate(self.request, selectors.photos_pending_review(), per_page=40))
        return context

    def post(self, request):
        action, note = request.POST.get("action", ""), request.POST.get("note", "")
        try:
            if request.POST.get("album"):
                services.album_review(actor=request.user, album=_album(request.POST["album"]), approve=action == "approve", note=note)
            else:
                photo = get_object_or_404(AlbumPhoto, pk=request.POST.get("photo"))
                services.photo_review(actor=request.user, photo=photo, approve=action == "approve", note=note)
            messages.success(request, "已审核。")
        except ApplicationError as exc:
            messages.error(request, exc.message)
        return redirect("backoffice:alumni_albums:review")


class FaceStatisticsView(BackofficeMixin, TemplateView):
    template_name = "alumni_albums/backoffice/faces.html"
    permission_required = "alumni_albums.view_face_statistics"
    page_title = "人脸查找统计"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        stats = selectors.face_statistics()
        context.update(stats=stats, filing_percent=round(stats["enrolled"] * 100 / stats["filing_threshold"], 2),
                       retention_days=services.retention_days(), threshold=_threshold())
        return context


def _threshold() -> float:
    from tenant_apps.alumni.albums import faces  # constants only: faces imports the model lazily

    return faces.MATCH_THRESHOLD
