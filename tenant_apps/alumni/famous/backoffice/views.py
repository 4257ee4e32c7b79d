"""Back office of famous alumni and alumni enterprises: the confirmation queue, the confirmed
lists with their sources and news, the exclusion list and the school names the crawler uses."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View
from django.views.generic import TemplateView

from core.errors import ApplicationError
from core.web.pagination import paginate
from core.web.views import BackofficeMixin
from tenant_apps.alumni.famous import selectors, services
from tenant_apps.alumni.famous.enums import (
    CHANGE_SETTINGS,
    CONFIRM,
    VIEW,
    CandidateStatus,
    PersonCategory,
    SubjectKind,
)

KINDS = {"person": "知名校友", "enterprise": "校友企业", "news": "校友动态"}


def _status(value: str, default: str = "") -> str:
    return value if value in CandidateStatus.values or value == "" else default


class FamousMixin(BackofficeMixin):
    permission_required = VIEW

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(can_confirm=self.request.user.has_perm(CONFIRM), statuses=CandidateStatus.choices, pending=selectors.pending_counts())
        return context


class QueueView(FamousMixin, TemplateView):
    """What the crawler found and nobody has decided on yet, one kind per tab."""

    template_name = "alumni_famous/backoffice/queue.html"
    page_title = "待确认"

    def get_context_data(self, **kwargs):
        kind = self.request.GET.get("kind", "person")
        kind = kind if kind in KINDS else "person"
        q = self.request.GET.get("q", "").strip()[:100]
        search = {"person": selectors.person_search, "enterprise": selectors.enterprise_search, "news": selectors.news_search}[kind]
        pages = paginate(self.request, search(q=q, status=CandidateStatus.PENDING), per_page=20)
        return {**super().get_context_data(**kwargs), "kind": kind, "kinds": KINDS, "q": q, **pages}


class PersonListView(FamousMixin, TemplateView):
    template_name = "alumni_famous/backoffice/person_list.html"
    page_title = "知名校友"

    def get_context_data(self, **kwargs):
        q = self.request.GET.get("q", "").strip()[:100]
        status = _status(self.request.GET.get("status", CandidateStatus.CONFIRMED), CandidateStatus.CONFIRMED)
        category = self.request.GET.get("category", "")
        category = category if category in PersonCategory.values else ""
        pages = paginate(self.request, selectors.person_search(q=q, status=status, category=category), per_page=20)
        return {**super().get_context_data(**kwargs), "q": q, "status": status, "category": category, "categories": PersonCategory.choices, **pages}


class EnterpriseListView(FamousMixin, TemplateView):
    template_name = "alumni_famous/backoffice/enterprise_list.html"
    page_title = "校友企业"

    def get_context_data(self, **kwargs):
        q = self.request.GET.get("q", "").strip()[:100]
        status = _status(self.request.GET.get("status", CandidateStatus.CONFIRMED), CandidateStatus.CONFIRMED)
        pages = paginate(self.request, selectors.enterprise_search(q=q, status=status), per_page=20)
        return {**super().get_context_data(**kwargs), "q": q, "status": status, **pages}


class NewsListView(FamousMixin, TemplateView):
    template_name = "alumni_famous/backoffice/news_list.html"
    page_title = "校友动态"

    def get_context_data(self, **kwargs):
        q = self.request.GET.get("q", "").strip()[:100]
        status = _status(self.request.GET.get("status", CandidateStatus.CONFIRMED), CandidateStatus.CONFIRMED)
        pages = paginate(self.request, selectors.news_search(q=q, status=status), per_page=20)
        return {**super().get_context_data(**kwargs), "q": q, "status": status, **pages}


class PersonDetailView(FamousMixin, TemplateView):
    template_name = "alumni_famous/backoffice/person_detail.html"

    def get_context_data(self, **kwargs):
        person = selectors.person_get(pk=self.kwargs["pk"])
        if person is None:
            raise Http404
        return {**super().get_context_data(**kwargs), "person": person, "page_title": f"知名校友：{person.name}",
                "news": selectors.news_search(person_id=person.pk)[:50]}


class EnterpriseDetailView(FamousMixin, TemplateView):
    template_name = "alumni_famous/backoffice/enterprise_detail.html"

    def get_context_data(self, **kwargs):
        enterprise = selectors.enterprise_get(pk=self.kwargs["pk"])
        if enterprise is None:
            raise Http404
        return {**super().get_context_data(**kwargs), "enterprise": enterprise, "page_title": f"校友企业：{enterprise.name}",
                "news": selectors.news_search(enterprise_id=enterprise.pk)[:50]}


class DecisionView(BackofficeMixin, View):
    """POST confirm / reject / exclude on a person, an enterprise or a news item."""

    permission_required = (VIEW, CONFIRM)
    ACTIONS = {"confirm": "已确认，校友在移动端可以看到。", "reject": "已标记为“不是校友”。", "exclude": "已排除，今后不会再抓取。"}

    def post(self, request, kind: str, pk: int, action: str):
        getter = {"person": selectors.person_get, "enterprise": selectors.enterprise_get, "news": selectors.news_get}.get(kind)
        if getter is None or action not in self.ACTIONS or (kind == "news" and action == "exclude"):
            raise Http404
        candidate = getter(pk=pk)
        if candidate is None:
            raise Http404
        try:
            if action == "confirm":
                services.candidate_confirm(actor=request.user, candidate=candidate)
            elif action == "reject":
                services.candidate_reject(actor=request.user, candidate=candidate)
            else:
                services.candidate_exclude(actor=request.user, candidate=candidate, reason=request.POST.get("reason", ""))
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"{candidate}：{self.ACTIONS[action]}")
        back = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
            back = reverse("backoffice:alumni_famous:queue") + f"?kind={kind}"
        return redirect(back)


class ExclusionListView(FamousMixin, TemplateView):
    template_name = "alumni_famous/backoffice/exclusion_list.html"
    page_title = "排除名单"

    def get_context_data(self, **kwargs):
        q = self.request.GET.get("q", "").strip()[:100]
        kind = self.request.GET.get("kind", "")
        kind = kind if kind in SubjectKind.values else ""
        pages = paginate(self.request, selectors.exclusion_search(q=q, kind=kind), per_page=20)
        return {**super().get_context_data(**kwargs), "q": q, "kind": kind, "subject_kinds": SubjectKind.choices, **pages}


class ExclusionLiftView(BackofficeMixin, View):
    permission_required = (VIEW, CONFIRM)

    def post(self, request, pk: int):
        exclusion = selectors.exclusion_get(pk=pk)
        if exclusion is None:
            raise Http404
        services.exclusion_lift(actor=request.user, exclusion=exclusion)
        messages.success(request, f"已撤销对“{exclusion.name}”的排除，之后的采集可能再次发现。")
        return redirect("backoffice:alumni_famous:exclusions")


class SettingsView(FamousMixin, TemplateView):
    template_name = "alumni_famous/backoffice/settings.html"
    page_title = "采集设置"

    def get_context_data(self, **kwargs):
        current = selectors.settings_get()
        values = kwargs.pop("values", None) or {"school_name": current.school_name, "former_names": "\n".join(current.former_names)}
        return {**super().get_context_data(**kwargs), "values": values, "can_change": self.request.user.has_perm(CHANGE_SETTINGS)}

    def post(self, request):
        if not request.user.has_perm(CHANGE_SETTINGS):
            raise PermissionDenied
        values = {"school_name": request.POST.get("school_name", ""), "former_names": request.POST.get("former_names", "")}
        try:
            services.settings_update(actor=request.user, school_name=values["school_name"], former_names=values["former_names"].splitlines())
        except ApplicationError as exc:
            context = self.get_context_data(values=values, errors=exc.fields, error=exc.message)
            return self.render_to_response(context, status=400)
        messages.success(request, "已保存。下次采集按新的名称检索。")
        return redirect("backoffice:alumni_famous:settings")
