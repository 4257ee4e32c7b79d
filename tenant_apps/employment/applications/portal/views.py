"""HR's applicant pages in the employer portal: the applicants of the employer's jobs with
filters and bulk steps, and one application (opening it records that the resume was viewed)."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.views import View
from django.views.generic import TemplateView

from core.errors import ApplicationError
from core.files.links import download_url
from core.web.pagination import paginate
from tenant_apps.employment.applications import selectors, services
from tenant_apps.employment.applications.enums import OPEN_STATUSES, ApplicationStatus, Decision
from tenant_apps.employment.employers.portal.base import EmployerPortalMixin
from tenant_apps.employment.resumes.documents import pdf_http_response
from tenant_apps.employment.resumes.enums import Section
from tenant_apps.employment.resumes.selectors import profile_for


def parse_interview_at(value: str):
    value = (value or "").strip()
    parsed = parse_datetime(value) if value else None
    if parsed is not None and timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


def decide_from_post(request, employer, ids: list[int]) -> None:
    try:
        count = services.applications_decide(actor=request.user, employer=employer, application_ids=ids, decision=request.POST.get("decision", ""),
                                             interview_at=parse_interview_at(request.POST.get("interview_at", "")),
                                             interview_place=request.POST.get("interview_place", ""), interview_link=request.POST.get("interview_link", ""),
                                             note=request.POST.get("note", ""))
        messages.success(request, f"已处理 {count} 份申请，学生会收到通知。")
    except ApplicationError as exc:
        messages.error(request, exc.message + ("（" + "；".join(m for ms in (exc.fields or {}).values() for m in ms) + "）" if exc.fields else ""))


class ApplicantListView(EmployerPortalMixin, TemplateView):
    template_name = "applications/portal/list.html"
    page_title = "简历管理"
    portal_section = "applications"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        search = selectors.ApplicantSearch.from_query(self.request.GET)
        context.update(paginate(self.request, selectors.applicants_of(employer=self.employer, search=search), per_page=20), search=search,
                       statuses=[c for c in ApplicationStatus.choices if c[0] != ApplicationStatus.WITHDRAWN], decisions=Decision.choices,
                       jobs=selectors.employer_jobs_with_applications(employer=self.employer),
                       counts=selectors.applicant_counts(employer=self.employer),
                       min_interview=(timezone.localtime() + datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"))
        return context

    def post(self, request):
        ids = [int(i) for i in request.POST.getlist("ids") if i.isdigit()]
        decide_from_post(request, self.employer, ids)
        return redirect(request.get_full_path())


class ApplicantDetailView(EmployerPortalMixin, TemplateView):
    template_name = "applications/portal/detail.html"
    portal_section = "applications"

    def get_application(self):
        application = selectors.applicant_of(employer=self.employer, pk=self.kwargs["pk"])
        if application is None:
            raise Http404
        return application

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        application = self.get_application()
        if "done" not in self.request.GET:  # the page shown again after HR's own step is not a new opening
            services.application_open(actor=self.request.user, application=application)
            application.refresh_from_db()
        version = application.resume_version
        context.update(application=application, version=version, profile=profile_for(student=application.student),
                       sections=[{"key": k, "label": label, "text": version.text(k)} for k, label in Section.choices if version.text(k)],
                       events=selectors.tracker(application=application), decisions=Decision.choices,
                       can_decide=application.status in OPEN_STATUSES, views=application.views.select_related("viewer")[:20],
                       attachment_url=download_url(application.attachment.file, user=self.request.user, filename=application.attachment.name)
                       if application.attachment_id else "",
                       page_title=f"{application.student.display_name} · {application.job.title}",
                       min_interview=(timezone.localtime() + datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"))
        return context

    def post(self, request, pk):
        application = self.get_application()
        if "chat" in request.POST:
            from tenant_apps.employment.chat.services import conversation_start_by_employer

            try:
                conversation = conversation_start_by_employer(actor=request.user, application=application)
            except ApplicationError as exc:
                messages.error(request, exc.message)
                return redirect("employment_portal:application_detail", pk=pk)
            return redirect("employment_portal:chat_detail", pk=conversation.pk)
        decide_from_post(request, self.employer, [application.pk])
        return redirect(reverse("employment_portal:application_detail", args=[pk]) + "?done=1")


class ApplicantResumePdfView(EmployerPortalMixin, View):
    """The delivered version as PDF (also counts as an opening)."""

    def get(self, request, pk):
        application = selectors.applicant_of(employer=self.employer, pk=pk)
        if application is None:
            raise Http404
        services.application_open(actor=request.user, application=application)
        return pdf_http_response(application.resume_version.resume, request.GET, profile=profile_for(student=application.student), version=application.resume_version)
