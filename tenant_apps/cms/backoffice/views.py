"""Back-office pages for site settings: basic info and upload limits, and the three lists
(carousel, friendly links, floating window) with one set of list / edit / delete / move views."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.views.generic import TemplateView

from core.errors import ApplicationError
from core.web.views import BackofficeMixin
from tenant_apps.cms import selectors, services
from tenant_apps.cms.backoffice import forms


class SiteSettingsView(BackofficeMixin, TemplateView):
    template_name = "cms/backoffice/settings.html"
    permission_required = "cms.change_sitesettings"
    page_title = "基本信息与上传"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        settings = selectors.site_settings()
        context.setdefault("form", forms.SiteSettingsForm(instance=settings))
        context["settings"] = settings
        context["logo_url"] = selectors.image_url(settings, "logo") if settings.pk else ""
        return context

    def post(self, request):
        form = forms.SiteSettingsForm(request.POST, request.FILES, instance=selectors.site_settings())
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k not in ("logo_upload", "remove_logo")}
            try:
                services.site_settings_update(
                    actor=request.user, data=data, logo=form.cleaned_data["logo_upload"], remove_logo=form.cleaned_data["remove_logo"]
                )
            except ApplicationError as exc:
                _add_errors(form, exc, {"logo": "logo_upload"})
            else:
                messages.success(request, "站点设置已保存。")
                return redirect("backoffice:site_settings")
        return self.render_to_response(self.get_context_data(form=form), status=400)


def _add_errors(form, exc: ApplicationError, rename: dict[str, str]) -> None:
    if not exc.fields:
        form.add_error(None, exc.message)
    for field, errors in exc.fields.items():
        name = rename.get(field, field)
        form.add_error(name if name in form.fields else None, errors)


@dataclass(frozen=True)
class Resource:
    key: str  # URL part and template suffix
    label: str
    model_name: str  # for permissions: cms.<verb>_<model_name>
    form: type
    queryset: Callable
    save: Callable
    delete: Callable
    instance_kwarg: str  # the service's keyword for the object
    move: Callable | None = None
    has_image: bool = False


RESOURCES = {
    "carousel": Resource("carousel", "轮播图", "carouselitem", forms.CarouselItemForm, selectors.carousel_list,
                         services.carousel_item_save, services.carousel_item_delete, "item", services.carousel_item_move, True),
    "link": Resource("link", "友情链接", "friendlylink", forms.FriendlyLinkForm, selectors.friendly_link_list,
                     services.friendly_link_save, services.friendly_link_delete, "link", services.friendly_link_move),
    "floating": Resource("floating", "飘窗", "floatingwindow", forms.FloatingWindowForm, selectors.floating_window_list,
                         services.floating_window_save, services.floating_window_delete, "window", None, True),
}


class ResourceMixin(BackofficeMixin):
    resource: Resource | None = None  # given to as_view() in urls.py
    verb = "view"

    def dispatch(self, request, *args, **kwargs):
        self.permission_required = f"cms.{self.verb}_{self.resource.model_name}"
        self.page_title = self.resource.label
        return super().dispatch(request, *args, **kwargs)

    def get_object(self):
        pk = self.kwargs.get("pk")
        if pk is None:
            return None
        try:
            return self.resource.queryset().get(pk=pk)
        except self.resource.queryset().model.DoesNotExist:
            raise Http404 from None

    def list_url(self):
        return f"backoffice:site_{self.resource.key}_list"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["resource"] = self.resource
        context["url_prefix"] = f"backoffice:site_{self.resource.key}"
        return context


class ResourceListView(ResourceMixin, TemplateView):
    template_name = "cms/backoffice/list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        items = list(self.resource.queryset())
        if self.resource.has_image:
            for item in items:
                item.image_url = selectors.image_url(item, self.resource.key)
        context["items"] = items
        user, model_name = self.request.user, self.resource.model_name
        context.update({f"can_{verb}": user.has_perm(f"cms.{verb}_{model_name}") for verb in ("add", "change", "delete")})
        context["rows_template"] = f"cms/backoffice/_rows_{self.resource.key}.html"
        return context


class ResourceEditView(ResourceMixin, TemplateView):
    template_name = "cms/backoffice/form.html"

    def dispatch(self, request, *args, **kwargs):
        self.verb = "change" if "pk" in kwargs else "add"
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        obj = self.get_object()
        context.setdefault("form", self.resource.form(instance=obj))
        context["object"] = obj
        context["image_url"] = selectors.image_url(obj, self.resource.key) if obj is not None and self.resource.has_image else ""
        return context

    def post(self, request, **kwargs):
        obj = self.get_object()
        # The form gets its own copy: ModelForm writes into its instance, and the service must
        # see the stored values to audit what changed.
        form = self.resource.form(request.POST, request.FILES, instance=self.get_object())
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k != "image_upload"}
            extra = {"image": form.cleaned_data.get("image_upload")} if self.resource.has_image else {}
            try:
                self.resource.save(actor=request.user, data=data, **{self.resource.instance_kwarg: obj}, **extra)
            except ApplicationError as exc:
                _add_errors(form, exc, {"image": "image_upload"})
            else:
                messages.success(request, f"{self.resource.label}已保存。")
                return redirect(self.list_url())
        return self.render_to_response(self.get_context_data(form=form), status=400)


class ResourceDeleteView(ResourceMixin, TemplateView):
    """GET shows a confirmation page; POST deletes."""

    template_name = "cms/backoffice/confirm_delete.html"
    verb = "delete"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["object"] = self.get_object()
        return context

    def post(self, request, **kwargs):
        obj = self.get_object()
        try:
            self.resource.delete(actor=request.user, **{self.resource.instance_kwarg: obj})
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"已删除{self.resource.label}“{obj}”。")
        return redirect(self.list_url())


class ResourceMoveView(ResourceMixin, TemplateView):
    verb = "change"
    http_method_names = ["post"]

    def post(self, request, **kwargs):
        direction = request.POST.get("direction")
        if direction not in ("up", "down") or self.resource.move is None:
            raise Http404
        self.resource.move(actor=request.user, **{self.resource.instance_kwarg: self.get_object()}, direction=direction)
        return redirect(self.list_url())
