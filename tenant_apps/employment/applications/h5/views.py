"""Students' application pages on the phone: apply to a job with a resume, my applications,
one application with its tracker (parcel-style), withdraw."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.views.generic import TemplateView

from core.errors import ApplicationError
from core.web.pagination import paginate
from core.web.views import H5Mixin
from tenant_apps.employment.applications import selectors, services
from tenant_apps.employment.applications.enums import OPEN_STATUSES, ApplicationStatus
from tenant_apps.employment.jobs.selectors import job_public_get
from tenant_apps.employment.resumes.models import ResumeAttachment
from tenant_apps.employment.resumes.selectors import resumes_of


def _recommendation(student, job_id: int):
    """Why this job was recommended to the student (part 3's recommendation), when that part is present."""
    from django.apps import apps

    if not apps.is_installed("tenant_apps.employment.recommend"):
        return None
    from tenant_apps.employment.recommend.selectors import recommendation_for

    return recommendation_for(student=student, job_id=job_id)


class ApplyView(H5Mixin, TemplateView):
    template_name = "applications/h5/apply.html"
    page_title = "投递简历"

    def get_job(self):
        job = job_public_get(pk=self.kwargs["job_pk"])
        if job is None:
            raise Http404
        return job

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        job = self.get_job()
        resumes = list(resumes_of(student=self.request.user))
        context.update(job=job, resumes=resumes, existing=selectors.live_application(student=self.request.user, job_id=job.pk),
                       attachments=list(ResumeAttachment.objects.filter(resume__student_id=self.request.user.pk).select_related("resume")),
                       fair=self.request.GET.get("fair", ""), recommendation=_recommendation(self.request.user, job.pk))
        return context

    def post(self, request, job_pk):
        def number(name):
            value = request.POST.get(name, "")
            return int(value) if value.isdigit() else None

        try:
            application = services.application_submit(actor=request.user, job_id=job_pk, resume_id=number("resume"), attachment_id=number("attachment"),
                                                       cover_note=request.POST.get("cover_note", ""), fair_id=number("fair"))
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return redirect("h5:employment_applications:apply", job_pk=job_pk)
        messages.success(request, "投递成功，可在此查看进度。")
        return redirect("h5:employment_applications:detail", pk=application.pk)


class ApplicationListView(H5Mixin, TemplateView):
    template_name = "applications/h5/list.html"
    page_title = "我的申请"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        status = self.request.GET.get("status", "")
        context.update(paginate(self.request, selectors.applications_of_student(student=self.request.user, status=status), per_page=20),
                       status=status, statuses=ApplicationStatus.choices)
        return context


class ApplicationDetailView(H5Mixin, TemplateView):
    template_name = "applications/h5/detail.html"

    def get_application(self):
        application = selectors.application_of_student(student=self.request.user, pk=self.kwargs["pk"])
        if application is None:
            raise Http404
        return application

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        application = self.get_application()
        context.update(application=application, events=selectors.tracker(application=application), page_title=application.job.title,
                       can_withdraw=application.status in OPEN_STATUSES,
                       responsiveness=selectors.responsiveness_of(employer_id=application.employer_id),
                       conversation=application.conversations.order_by("-id").first())
        return context

    def post(self, request, pk):
        try:
            services.application_withdraw(actor=request.user, application=self.get_application())
            messages.success(request, "已撤回申请。")
        except ApplicationError as exc:
            messages.error(request, exc.message)
        return redirect("h5:employment_applications:detail", pk=pk)
