"""Employer portal pages for jobs and announcements: drafting with the live linter, submitting,
the review thread, closing."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.views import View
from django.views.generic import TemplateView

from core.errors import ApplicationError
from core.web.pagination import paginate
from tenant_apps.accounts.enums import OrgUnitKind
from tenant_apps.accounts.models import OrgUnit
from tenant_apps.employment.employers.portal.base import EmployerPortalMixin
from tenant_apps.employment.jobs import selectors, services
from tenant_apps.employment.jobs.enums import AnnouncementKind, Education, JobKind, JobStatus


def _form_choices() -> dict:
    return {"kinds": JobKind.choices, "educations": Education.choices,
            "units": OrgUnit.objects.filter(kind__in=[OrgUnitKind.COLLEGE, OrgUnitKind.MAJOR]).order_by("path")}


def _unit_ids(post) -> list[int]:
    return [int(v) for v in post.getlist("target_units") if v.isdigit()]


class JobListView(EmployerPortalMixin, TemplateView):
    template_name = "jobs/portal/job_list.html"
    page_title = "职位管理"
    portal_section = "jobs"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        status = self.request.GET.get("status", "")
        context.update(paginate(self.request, selectors.employer_jobs(employer=self.employer, status=status), per_page=20),
                       status=status, statuses=JobStatus.choices, counts=selectors.job_status_counts(employer=self.employer))
        return context


class JobFormView(EmployerPortalMixin, TemplateView):
    template_name = "jobs/portal/job_form.html"
    portal_section = "jobs"

    def job(self):
        if "pk" not in self.kwargs:
            return None
        job = selectors.employer_job_get(employer=self.employer, pk=self.kwargs["pk"])
        if job is None:
            raise Http404
        return job

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs) | _form_choices()
        job = self.job()
        context["job"] = job
        context["page_title"] = "修改职位" if job else "发布职位"
        if "form" not in kwargs:
            context["form"] = {**job.__dict__, "valid_until": job.valid_until.isoformat()} if job else {"kind": "full_time", "education": "bachelor"}
            context["selected_units"] = set(job.target_units.values_list("id", flat=True)) if job else set()
        hits = services.job_lint(data=context["form"], employer_nature=self.employer.nature)
        context["hits"] = hits
        return context

    def post(self, request, **kwargs):
        original = self.job()
        try:
            data = services.job_input_from_mapping(request.POST, target_unit_ids=_unit_ids(request.POST))
            with transaction.atomic():  # a refused submission saves nothing: the form keeps the text
                job = services.job_save(actor=request.user, employer=self.employer, data=data, job=original)
                if request.POST.get("submit"):
                    job = services.job_submit(actor=request.user, job=job)
        except ApplicationError as exc:
            context = self.get_context_data(form=request.POST, selected_units=set(_unit_ids(request.POST)), error=exc.message,
                                            errors=exc.fields)
            return self.render_to_response(context, status=exc.status)
        if request.POST.get("submit"):
            messages.success(request, "职位已发布。" if job.status == JobStatus.APPROVED else "职位已提交，等待学校审核。")
        else:
            messages.success(request, "已保存。")
        return redirect("employment_portal:job_detail", pk=job.pk)


class JobLintView(EmployerPortalMixin, View):
    """htmx: the linter's explanations while the employer types."""

    def post(self, request):
        hits = services.job_lint(data=request.POST, employer_nature=self.employer.nature)
        return render(request, "jobs/_lint.html", {"hits": hits, "live": True})


class JobDetailView(EmployerPortalMixin, TemplateView):
    template_name = "jobs/portal/job_detail.html"
    portal_section = "jobs"

    def job(self):
        job = selectors.employer_job_get(employer=self.employer, pk=self.kwargs["pk"])
        if job is None:
            raise Http404
        return job

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        job = self.job()
        context.update(job=job, page_title=job.title, comments=job.comments.select_related("author"), hits=job.lint_hits)
        return context

    def post(self, request, pk):
        job = self.job()
        action = request.POST.get("action", "")
        try:
            if action == "submit":
                job = services.job_submit(actor=request.user, job=job)
                messages.success(request, "职位已发布。" if job.status == JobStatus.APPROVED else "职位已提交，等待学校审核。")
            elif action == "comment":
                services.job_comment_add(actor=request.user, job=job, body=request.POST.get("body", ""), from_school=False)
                messages.success(request, "已发送。")
            elif action == "close":
                services.job_close(actor=request.user, job=job, reason="单位关闭")
                messages.success(request, "职位已关闭。")
        except ApplicationError as exc:
            messages.error(request, exc.message + (" " + "；".join(exc.fields.get("lint", [])) if exc.fields.get("lint") else ""))
        return redirect("employment_portal:job_detail", pk=job.pk)


class AnnouncementListView(EmployerPortalMixin, TemplateView):
    template_name = "jobs/portal/announcement_list.html"
    page_title = "校招公告"
    portal_section = "announcements"
    employer_permission = "can_post_jobs"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(paginate(self.request, selectors.announcement_list(employer=self.employer), per_page=20), form=kwargs.get("form", {}),
                       kinds=AnnouncementKind.choices)
        return context

    def post(self, request):
        try:
            services.announcement_create(actor=request.user, kind=AnnouncementKind.EMPLOYER, title=request.POST.get("title", ""),
                                         body=request.POST.get("body", ""), employer=self.employer)
        except ApplicationError as exc:
            return self.render_to_response(self.get_context_data(form=request.POST, error=exc.message, errors=exc.fields), status=exc.status)
        messages.success(request, "公告已提交，等待学校审核。")
        return redirect("employment_portal:announcement_list")
