"""Albums on the phone: all albums and mine, a new album, an album with upload, and 找我的照片
(the consent, the selfie one enrols oneself, the photos found, withdrawal)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.views.generic import TemplateView

from core.errors import ApplicationError
from core.web.pagination import paginate
from core.web.views import H5Mixin
from tenant_apps.alumni.albums import selectors, services
from tenant_apps.alumni.albums.enums import UploadScope, ViewScope
from tenant_apps.alumni.albums.forms import album_input, chapter_choices
from tenant_apps.alumni.albums.models import Album


def visible_album(request, pk) -> Album:
    album = Album.objects.filter(pk=pk, deleted_at__isnull=True).first()
    if album is None or not selectors.may_view_album(request.user, album):
        raise Http404
    return album


class AlbumListView(H5Mixin, TemplateView):
    template_name = "alumni_albums/h5/list.html"
    page_title = "校友相册"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        mine = self.request.GET.get("tab") == "mine"
        q = self.request.GET.get("q", "").strip()
        queryset = selectors.albums_of(self.request.user) if mine else selectors.albums_visible(self.request.user, keyword=q)
        page = paginate(self.request, queryset, per_page=20)
        page["object_list"] = [(album, selectors.cover_of(album)) for album in page["object_list"]]
        context.update(page, mine=mine, q=q, may_create=selectors.is_member(self.request.user) or self.request.user.has_perm("alumni_albums.add_album"))
        return context


class AlbumCreateView(H5Mixin, TemplateView):
    template_name = "alumni_albums/h5/form.html"
    page_title = "新建相册"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(view_scopes=ViewScope.choices, upload_scopes=UploadScope.choices, chapters=chapter_choices(), form=kwargs.get("form") or {})
        return context

    def post(self, request):
        try:
            album = services.album_create(actor=request.user, data=album_input(request.POST))
        except ApplicationError as exc:
            return self.render_to_response(self.get_context_data(error=exc.message, form=request.POST), status=400)
        messages.success(request, "相册已创建。" if album.status == "approved" else "相册已提交，管理员审核通过后其他校友可见。")
        return redirect("h5:alumni_albums:detail", pk=album.pk)


class AlbumDetailView(H5Mixin, TemplateView):
    template_name = "alumni_albums/h5/detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        album = visible_album(self.request, self.kwargs["pk"])
        context.update(album=album, page_title=album.title, may_upload=selectors.may_upload(self.request.user, album),
                       progress=selectors.index_progress(album), enrolled=selectors.enrolment_of(self.request.user) is not None,
                       **paginate(self.request, selectors.album_photos(album, self.request.user), per_page=60))
        return context

    def post(self, request, pk):
        album = visible_album(request, pk)
        try:
            images = request.FILES.getlist("images")[:20]
            if not images:
                raise ApplicationError("请选择照片。")
            photos = [services.photo_upload(actor=request.user, album=album, image=image, caption=request.POST.get("caption", "")) for image in images]
            pending = sum(1 for p in photos if p.status == "pending")
            messages.success(request, f"已上传 {len(photos)} 张照片" + (f"，其中 {pending} 张待审核后显示。" if pending else "。"))
        except ApplicationError as exc:
            messages.error(request, exc.message)
        return redirect("h5:alumni_albums:detail", pk=pk)


class AlbumProgressView(H5Mixin, TemplateView):
    template_name = "alumni_albums/_progress.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        album = visible_album(self.request, self.kwargs["pk"])
        context.update(album=album, progress=selectors.index_progress(album), poll_url=self.request.path)
        return context


class FaceView(H5Mixin, TemplateView):
    """找我的照片: consent and enrolment, or (enrolled) the status and withdrawal."""

    template_name = "alumni_albums/h5/face.html"
    page_title = "找我的照片"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(enrolment=selectors.enrolment_of(self.request.user), consent_text=services.consent_text(), consent_version=services.CONSENT_VERSION,
                       retention_days=services.retention_days())
        return context

    def post(self, request):
        try:
            if request.POST.get("action") == "withdraw":
                services.face_withdraw(actor=request.user)
                messages.success(request, "已撤回同意，您的人脸特征已删除。")
                return redirect("h5:alumni_albums:face")
            services.face_enrol(actor=request.user, selfie=request.FILES.get("selfie"), agreed=request.POST.get("agreed") == "on",
                                text_version=request.POST.get("version", ""))
        except ApplicationError as exc:
            return self.render_to_response(self.get_context_data(error=exc.message), status=400)
        messages.success(request, "录入成功，正在为您查找照片。")
        return redirect("h5:alumni_albums:found")


class FoundPhotosView(H5Mixin, TemplateView):
    template_name = "alumni_albums/h5/found.html"
    page_title = "找到的照片"

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except ApplicationError as exc:  # not enrolled, withdrawn or expired: back to the notice
            if selectors.enrolment_of(request.user) is not None:
                messages.info(request, exc.message)
            return redirect("h5:alumni_albums:face")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["found"] = services.face_search(actor=self.request.user)[:200]
        return context
