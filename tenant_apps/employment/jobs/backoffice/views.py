"""Back office of jobs and announcements: the review queue with the linter's hits, the job
library with tags and export, announcements by teachers and their review."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import TemplateView

from core.errors import ApplicationError
from core.web.pagination import paginate
from core.web.views import BackofficeMixin
from tenant_apps.accounts.enums import OrgUnitKind
from tenant_apps.accounts.models import OrgUnit
from tenant_apps.employment.employers.models import EmployerListEntry
from tenant_apps.employment.jobs import selectors, services
from tenant_apps.employment.jobs.enums import (
    AnnouncementKind,
    AnnouncementStatus,
    Education,
    JobKind,
    JobStatus,
)
from tenant_apps.employment.jobs.models import Announcement, JobTag


class JobsMixin(BackofficeMixin):
    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except ApplicationError as exc:
            messages.error(request, exc.message + (" " + "；".join(exc.fields.get("lint", [])) if exc.fields.get("lint") else ""))
            return redirect(request.META.get("HTTP_REFERER") or reverse("backoffice:employment_jobs:list"))


class JobListView(JobsMixin, TemplateView):
    permission_required = "employment_jobs.view_job"
    template_name = "jobs/backoffice/job_list.html"
    page_title = "职位库"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        search = selectors.JobSearch.from_query(self.request.GET)
        context.update(paginate(self.request, selectors.job_library(search=search).prefetch_related("tags"), per_page=20), search=search,
                       statuses=JobStatus.choices, kinds=JobKind.choices, educations=Education.choices, tags=JobTag.objects.all(),
                       counts=selectors.job_status_counts(), export_params=search.as_params(),
                       units=OrgUnit.objects.filter(kind__in=[OrgUnitKind.COLLEGE, OrgUnitKind.MAJOR]).order_by("path"))
        return context


class JobDetailView(JobsMixin, TemplateView):
    permission_required = "employment_jobs.view_job"
    template_name = "jobs/backoffice/job_detail.html"

    def job(self):
        job = selectors.job_get(pk=self.kwargs["pk"])
        if job is None:
            raise Http404
        return job

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        job = self.job()
        context.update(job=job, page_title=job.title, comments=job.comments.select_related("author"), hits=job.lint_hits,
                       entries=EmployerListEntry.objects.filter(credit_code=job.employer.credit_code),
                       tag_names="，".join(job.tags.values_list("name", flat=True)), target_units=job.target_units.all(),
                       can_review=self.request.user.has_perm("employment_jobs.review_job"))
        return context

    def post(self, request, pk):
        job = self.job()
        action = request.POST.get("action", "")
        if action in ("comment", "approve", "decline", "close") and not request.user.has_perm("employment_jobs.review_job"):
            raise PermissionDenied
        if action == "tags" and not request.user.has_perm("employment_jobs.change_job"):
            raise PermissionDenied
        if action == "comment":
            services.job_comment_add(actor=request.user, job=job, body=request.POST.get("body", ""), from_school=True)
            messages.success(request, "已发送给单位，职位进入“审核中”。")
        elif action == "approve":
            services.job_approve(actor=request.user, job=job, note=request.POST.get("note", ""))
            messages.success(request, "职位已审核通过并发布。")
        elif action == "decline":
            services.job_decline(actor=request.user, job=job, reason=request.POST.get("reason", ""))
            messages.success(request, "职位已设为未通过。")
        elif action == "close":
            services.job_close(actor=request.user, job=job, reason=request.POST.get("reason", "") or "学校关闭")
            messages.success(request, "职位已关闭。")
        elif action == "tags":
            names = request.POST.get("tags", "").replace(",", "，").split("，")
            services.job_tags_set(actor=request.user, job=job, names=names)
            messages.success(request, "标签已保存。")
        return redirect("backoffice:employment_jobs:detail", pk=job.pk)


class AnnouncementListView(JobsMixin, TemplateView):
    permission_required = "employment_jobs.view_announcement"
    template_name = "jobs/backoffice/announcement_list.html"
    page_title = "校招公告"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        status, kind, q = self.request.GET.get("status", ""), self.request.GET.get("kind", ""), self.request.GET.get("q", "").strip()
        context.update(paginate(self.request, selectors.announcement_list(status=status, kind=kind, q=q), per_page=20), status=status, kind=kind,
                       q=q, statuses=AnnouncementStatus.choices, kinds=AnnouncementKind.choices, form=kwargs.get("form", {}))
        return context

    def post(self, request):
        action = request.POST.get("action", "create")
        if action == "create":
            if not request.user.has_perm("employment_jobs.add_announcement"):
                raise PermissionDenied
            valid_until = request.POST.get("valid_until", "")
            try:
                services.announcement_create(actor=request.user, kind=request.POST.get("kind", ""), title=request.POST.get("title", ""),
                                             body=request.POST.get("body", ""), source_name=request.POST.get("source_name", ""),
                                             valid_until=datetime.date.fromisoformat(valid_until) if valid_until else None)
            except (ApplicationError, ValueError) as exc:
                message = exc.message if isinstance(exc, ApplicationError) else "日期格式不正确。"
                return self.render_to_response(self.get_context_data(form=request.POST, error=message), status=400)
            messages.success(request, "公告已发布。")
            return redirect("backoffice:employment_jobs:announcements")
        announcement = Announcement.objects.filter(pk=request.POST.get("announcement") or 0).first()
        if announcement is None:
            raise Http404
        if action in ("approve", "decline"):
            if not request.user.has_perm("employment_jobs.review_announcement"):
                raise PermissionDenied
            services.announcement_review(actor=request.user, announcement=announcement, approve=action == "approve", reason=request.POST.get("reason", ""))
            messages.success(request, "已审核。")
        elif action == "withdraw":
            if not request.user.has_perm("employment_jobs.change_announcement"):
                raise PermissionDenied
            services.announcement_withdraw(actor=request.user, announcement=announcement)
            messages.success(request, "公告已撤下。")
        return redirect(reverse("backoffice:employment_jobs:announcements") + (f"?{request.POST['back']}" if request.POST.get("back") else ""))


class ComplaintListView(JobsMixin, TemplateView):
    """E10: postings students reported, most reported first; decide each posting's reports."""

    permission_required = "employment_jobs.view_jobcomplaint"
    template_name = "jobs/backoffice/complaints.html"
    page_title = "职位投诉"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        status = self.request.GET.get("status", "open")
        context.update(paginate(self.request, selectors.complaint_queue(status=status), per_page=20), status=status)
        for job in context["page_obj"]:
            job.complaint_rows = list(job.complaints.select_related("complainant").order_by("-created_at")[:10])
        return context

    def post(self, request):
        if not request.user.has_perm("employment_jobs.change_jobcomplaint"):
            raise PermissionDenied
        job = selectors.job_get(pk=int(request.POST.get("job") or 0))
        if job is None:
            raise Http404
        count = services.complaints_resolve(actor=request.user, job=job, upheld=request.POST.get("action") == "uphold",
                                            resolution=request.POST.get("resolution", ""))
        messages.success(request, f"已处理 {count} 条投诉，投诉人会收到处理结果。")
        return redirect("backoffice:employment_jobs:complaints")
