"""H5 message centre: the user's in-app letters."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.views import View
from django.views.generic import TemplateView

from core.errors import NotFound
from core.web.views import H5Mixin
from tenant_apps.messaging import selectors, services


class LetterListView(H5Mixin, TemplateView):
    template_name = "messaging/h5/letter_list.html"
    page_title = "消息中心"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        only_unread = self.request.GET.get("unread") == "1"
        letters = selectors.letter_list(user=self.request.user, is_read=False if only_unread else None)
        page = Paginator(letters, 20).get_page(self.request.GET.get("page"))
        context.update({"page_obj": page, "letters": page.object_list, "only_unread": only_unread, "unread_count": selectors.letter_unread_count(user=self.request.user)})
        return context


class LetterDetailView(H5Mixin, TemplateView):
    template_name = "messaging/h5/letter_detail.html"
    page_title = "消息详情"

    def get_context_data(self, **kwargs):
        from django.http import Http404

        context = super().get_context_data(**kwargs)
        try:
            context["letter"] = services.letter_mark_read(user=self.request.user, letter_id=self.kwargs["pk"])
        except NotFound as exc:
            raise Http404 from exc
        return context


class LetterReadAllView(H5Mixin, View):
    def post(self, request):
        services.letter_mark_all_read(user=request.user)
        return redirect("h5:letter_list")
