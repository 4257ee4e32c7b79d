"""Students' H5 pages: job search, job detail, announcements, an employer's public page."""

from __future__ import annotations

from django.http import Http404
from django.views.generic import TemplateView

from core.web.pagination import paginate
from core.web.views import H5Mixin
from tenant_apps.employment.employers.selectors import employer_public_get
from tenant_apps.employment.jobs import selectors
from tenant_apps.employment.jobs.enums import AnnouncementKind, JobKind

PER_PAGE = 20


class JobListView(H5Mixin, TemplateView):
    template_name = "jobs/h5/job_list.html"
    page_title = "职位"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        search = selectors.JobSearch.from_query(self.request.GET)
        queryset = selectors.job_public_search(search=search)
        page = self.request.GET.get("page", "1")
        number = max(1, min(int(page) if page.isdigit() else 1, 50))
        rows = list(queryset[(number - 1) * PER_PAGE: number * PER_PAGE + 1])
        total = selectors.capped_count(queryset)
        params = self.request.GET.copy()
        params.pop("page", None)
        context.update(jobs=rows[:PER_PAGE], number=number, has_next=len(rows) > PER_PAGE, total=total, capped=total > selectors.PUBLIC_COUNT_CAP,
                       cap=selectors.PUBLIC_COUNT_CAP, query=params.urlencode(), search=search, kinds=JobKind.choices)
        return context


class JobDetailView(H5Mixin, TemplateView):
    template_name = "jobs/h5/job_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        job = selectors.job_public_get(pk=self.kwargs["pk"])
        if job is None:
            raise Http404
        from tenant_apps.employment.jobs.enums import ComplaintReason

        context.update(job=job, page_title=job.title, reasons=ComplaintReason.choices,
                       complained=job.complaints.filter(complainant=self.request.user).exists())
        return context

    def post(self, request, pk):
        """Report the posting as false (E10)."""
        from django.contrib import messages
        from django.shortcuts import redirect

        from core.errors import ApplicationError
        from tenant_apps.employment.jobs.services import complaint_create

        job = selectors.job_public_get(pk=pk)
        if job is None:
            raise Http404
        try:
            complaint_create(student=request.user, job=job, reason=request.POST.get("reason", ""), details=request.POST.get("details", ""))
            messages.success(request, "投诉已提交，学校核实后会通知您处理结果。")
        except ApplicationError as exc:
            messages.error(request, exc.message)
        return redirect("h5:employment_jobs:detail", pk=pk)


class EmployerView(H5Mixin, TemplateView):
    template_name = "jobs/h5/employer.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        employer = employer_public_get(pk=self.kwargs["pk"])
        if employer is None:
            raise Http404
        search = selectors.JobSearch(employer=employer.pk)
        context.update(employer=employer, page_title=employer.name, jobs=selectors.job_public_search(search=search)[:50])
        return context


class AnnouncementListView(H5Mixin, TemplateView):
    template_name = "jobs/h5/announcement_list.html"
    page_title = "校招公告"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        kind, q = self.request.GET.get("kind", ""), self.request.GET.get("q", "").strip()[:100]
        context.update(paginate(self.request, selectors.announcement_public_list(kind=kind, q=q), per_page=20), kind=kind, q=q,
                       kinds=AnnouncementKind.choices)
        return context


class AnnouncementDetailView(H5Mixin, TemplateView):
    template_name = "jobs/h5/announcement_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        announcement = selectors.announcement_public_list().filter(pk=self.kwargs["pk"]).first()
        if announcement is None:
            raise Http404
        context.update(announcement=announcement, page_title=announcement.title)
        return context


class SchoolView(H5Mixin, TemplateView):
    """E22 for students: the school and its career office."""

    template_name = "jobs/h5/school.html"
    page_title = "就业指导中心"

    def get_context_data(self, **kwargs):
        from tenant_apps.employment.employers.models import SchoolProfile

        return super().get_context_data(**kwargs) | {"profile": SchoolProfile.current()}
