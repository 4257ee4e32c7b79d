"""H5 (phones, in WeChat): confirmed famous alumni and alumni enterprises with their news,
each with the page it came from. Any signed-in user of the tenant; nothing unconfirmed."""

from __future__ import annotations

from django.http import Http404
from django.views.generic import TemplateView

from core.web.pagination import paginate
from core.web.views import H5Mixin
from tenant_apps.alumni.famous import selectors
from tenant_apps.alumni.famous.enums import CandidateStatus


class HomeView(H5Mixin, TemplateView):
    template_name = "alumni_famous/h5/home.html"
    page_title = "知名校友"

    def get_context_data(self, **kwargs):
        tab = self.request.GET.get("tab", "people")
        tab = tab if tab in ("people", "enterprises", "news") else "people"
        q = self.request.GET.get("q", "").strip()[:50]
        if tab == "people":
            queryset = selectors.person_search(q=q, status=CandidateStatus.CONFIRMED)
        elif tab == "enterprises":
            queryset = selectors.enterprise_search(q=q, status=CandidateStatus.CONFIRMED)
        else:
            queryset = selectors.published_news().filter(title__icontains=q) if q else selectors.published_news()
        return {**super().get_context_data(**kwargs), "tab": tab, "q": q, **paginate(self.request, queryset, per_page=20)}


class PersonView(H5Mixin, TemplateView):
    template_name = "alumni_famous/h5/person.html"

    def get_context_data(self, **kwargs):
        person = selectors.person_get(pk=self.kwargs["pk"], confirmed_only=True)
        if person is None:
            raise Http404
        return {**super().get_context_data(**kwargs), "person": person, "page_title": person.name,
                "news": selectors.published_news().filter(person=person)[:20]}


class EnterpriseView(H5Mixin, TemplateView):
    template_name = "alumni_famous/h5/enterprise.html"

    def get_context_data(self, **kwargs):
        enterprise = selectors.enterprise_get(pk=self.kwargs["pk"], confirmed_only=True)
        if enterprise is None:
            raise Http404
        return {**super().get_context_data(**kwargs), "enterprise": enterprise, "page_title": enterprise.name,
                "news": selectors.published_news().filter(enterprise=enterprise)[:20]}
