"""A person's own personal-data requests on the phone: file one, follow it, get the copy."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.views.generic import TemplateView

from core.errors import ApplicationError
from core.files import download_url
from core.web.pagination import paginate
from core.web.views import H5Mixin
from tenant_apps.privacy import selectors, services
from tenant_apps.privacy.enums import RequestChannel, RequestKind
from tenant_apps.privacy.forms import corrections_from


class MyRequestsView(H5Mixin, TemplateView):
    template_name = "privacy/h5/list.html"
    page_title = "我的个人信息"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(paginate(self.request, selectors.requests_of(self.request.user), per_page=20))
        return context


class RequestCreateView(H5Mixin, TemplateView):
    template_name = "privacy/h5/form.html"
    page_title = "提交个人信息请求"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        kind = self.request.GET.get("kind", "")
        context.update(kinds=RequestKind.choices, form=kwargs.get("form") or {"kind": kind if kind in RequestKind.values else RequestKind.ACCESS},
                       rows=range(3))
        return context

    def post(self, request):
        post = request.POST
        try:
            created = services.request_create(actor=request.user, subject=request.user, kind=post.get("kind", ""), details=post.get("details", ""),
                                              corrections=corrections_from(post), channel=RequestChannel.H5)
        except ApplicationError as exc:
            return self.render_to_response(self.get_context_data(error=exc.message, field_errors=exc.fields, form=post), status=exc.status)
        messages.success(request, f"已提交，我们将在 {created.due_on:%Y年%m月%d日} 前答复您。")
        return redirect("h5:privacy:detail", pk=created.pk)


class RequestDetailView(H5Mixin, TemplateView):
    template_name = "privacy/h5/detail.html"

    def get_object(self):
        found = selectors.requests_of(self.request.user).filter(pk=self.kwargs["pk"]).first()
        if found is None:
            raise Http404
        return found

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        obj = self.get_object()
        user = self.request.user
        may = selectors.may_download_export(user, obj)
        context.update(obj=obj, page_title=str(obj), error=kwargs.get("error", ""),
                       archive_url=download_url(obj.export_archive, user=user, filename=f"个人信息副本-{obj.pk}.zip") if may else "",
                       pdf_url=download_url(obj.export_pdf, user=user, filename=f"个人信息副本-{obj.pk}.pdf") if may else "")
        return context

    def post(self, request, pk):
        try:
            services.request_withdraw(actor=request.user, request=self.get_object())
        except ApplicationError as exc:
            return self.render_to_response(self.get_context_data(error=exc.message), status=exc.status)
        messages.success(request, "请求已撤回。")
        return redirect("h5:privacy:detail", pk=pk)
