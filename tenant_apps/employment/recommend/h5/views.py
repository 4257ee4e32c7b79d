"""Students' H5 pages: recommendations with their reasons (or jobs by date when personalised
recommendation is off), the intention form, and the two switches."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.views.generic import TemplateView

from core.errors import ApplicationError
from core.web.views import H5Mixin
from tenant_apps.employment.employers.enums import Industry
from tenant_apps.employment.jobs.enums import JobKind
from tenant_apps.employment.recommend import selectors, services
from tenant_apps.employment.recommend.regions import region_choices, region_name


class RecommendationListView(H5Mixin, TemplateView):
    template_name = "recommend/h5/list.html"
    page_title = "为你推荐"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        intention = selectors.intention_get(student=self.request.user)
        if intention.is_personalised:
            context.update(recommendations=selectors.recommendations_for_student(student=self.request.user), jobs=None)
        else:
            context.update(recommendations=None, jobs=selectors.jobs_by_date())
        context.update(intention=intention, cities=[region_name(c) for c in intention.city_codes])
        return context


def _int_or_none(value: str) -> int | None:
    value = (value or "").strip()
    return int(value) if value.isdigit() else None


class IntentionView(H5Mixin, TemplateView):
    template_name = "recommend/h5/intention.html"
    page_title = "求职意向"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        intention = kwargs.get("intention") or selectors.intention_get(student=self.request.user)
        context.update(intention=intention, kinds=JobKind.choices, industries=Industry.choices, regions=region_choices(),
                       job_types_text="、".join(intention.job_types))
        return context

    def post(self, request):
        post = request.POST
        types = [t for part in post.get("job_types", "").replace("，", "、").replace(",", "、").split("、") if (t := part.strip())]
        try:
            services.intention_save(student=request.user, job_kinds=post.getlist("job_kinds"), job_types=types, city_codes=post.getlist("city_codes"),
                                    industries=post.getlist("industries"), salary_floor=_int_or_none(post.get("salary_floor", "")),
                                    wants_daily_push=post.get("wants_daily_push") == "1")
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return self.render_to_response(self.get_context_data(), status=400)
        messages.success(request, "求职意向已保存，推荐结果正在更新。")
        return redirect("h5:employment_recommend:list")


class PreferencesView(H5Mixin, TemplateView):
    template_name = "recommend/h5/preferences.html"
    page_title = "推荐设置"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"intention": selectors.intention_get(student=self.request.user)}

    def post(self, request):
        field = request.POST.get("setting")
        enabled = request.POST.get("enabled") == "1"
        try:
            if field == "personalised":
                services.preferences_set(student=request.user, is_personalised=enabled)
                messages.success(request, "已开启个性化推荐。" if enabled else "已关闭个性化推荐，将按发布时间为你展示职位。")
            elif field == "push":
                services.preferences_set(student=request.user, wants_daily_push=enabled)
                messages.success(request, "已开启每日推送。" if enabled else "已关闭每日推送。")
        except ApplicationError as exc:
            messages.error(request, exc.message)
        return redirect("h5:employment_recommend:preferences")
