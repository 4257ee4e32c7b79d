"""Teachers' view of applications (in their data scope), one application with its tracker,
and the school's no-response days (the application SLA)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.views.generic import TemplateView

from core.errors import ApplicationError
from core.web.pagination import paginate
from core.web.views import BackofficeMixin
from tenant_apps.employment.applications import selectors, services
from tenant_apps.employment.applications.enums import ApplicationStatus


class ApplicationListView(BackofficeMixin, TemplateView):
    permission_required = "employment_applications.view_application"
    template_name = "applications/backoffice/list.html"
    page_title = "职位申请"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        search = selectors.ApplicantSearch.from_query(self.request.GET)
        context.update(paginate(self.request, selectors.applications_in_scope(actor=self.request.user, search=search), per_page=20), search=search,
                       statuses=ApplicationStatus.choices)
        return context


class ApplicationDetailView(BackofficeMixin, TemplateView):
    permission_required = "employment_applications.view_application"
    template_name = "applications/backoffice/detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        application = selectors.application_in_scope(actor=self.request.user, pk=self.kwargs["pk"])
        if application is None:
            raise Http404
        context.update(application=application, events=selectors.tracker(application=application), page_title="职位申请详情",
                       view_count=application.views.count())
        return context


class SettingsView(BackofficeMixin, TemplateView):
    permission_required = "employment_applications.manage_application_settings"
    template_name = "applications/backoffice/settings.html"
    page_title = "申请未回复设置"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"settings": selectors.settings_get()}

    def post(self, request):
        value = request.POST.get("no_response_days", "")
        try:
            services.settings_save(actor=request.user, no_response_days=int(value) if value.isdigit() else 0)
            messages.success(request, "已保存。")
        except (ApplicationError, ValidationError):
            messages.error(request, "请输入 1-90 之间的天数。")
        return redirect("backoffice:employment_applications:settings")
