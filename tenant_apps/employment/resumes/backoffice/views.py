"""Teachers' resume guidance (E15): resumes of students in their data scope, one resume with a
comment box per section, and the versions side by side."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.views import View
from django.views.generic import TemplateView

from core.errors import ApplicationError
from core.web.pagination import paginate
from core.web.views import BackofficeMixin
from tenant_apps.employment.resumes import selectors, services
from tenant_apps.employment.resumes.documents import pdf_http_response
from tenant_apps.employment.resumes.enums import Layout, ResumeStatus, Section


class TeacherResumeMixin(BackofficeMixin):
    permission_required = "employment_resumes.view_resume"

    def get_resume(self):
        resume = selectors.resume_get(actor=self.request.user, pk=self.kwargs["pk"])
        if resume is None:
            raise Http404
        return resume

    def profile(self, resume):
        return selectors.profile_for(student=resume.student, reveal=self.request.user.has_perm("employment_students.reveal_personal_data"))


class ResumeListView(BackofficeMixin, TemplateView):
    permission_required = "employment_resumes.view_resume"
    template_name = "resumes/backoffice/list.html"
    page_title = "简历指导"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        search = selectors.ResumeSearch.from_query(self.request.GET)
        context.update(paginate(self.request, selectors.resume_list(actor=self.request.user, search=search), per_page=20), search=search,
                       statuses=ResumeStatus.choices)
        return context


class ResumeDetailView(TeacherResumeMixin, TemplateView):
    template_name = "resumes/backoffice/detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        resume = self.get_resume()
        version = resume.current_version
        by_section = selectors.comments_by_section(selectors.comments_of(resume=resume))
        context.update(resume=resume, version=version, profile=self.profile(resume), page_title=f"简历指导：{resume.student.display_name}",
                       sections=[{"key": k, "label": label, "text": version.text(k) if version else "", "comments": by_section.get(k, [])}
                                 for k, label in Section.choices],
                       layouts=Layout.choices, can_guide=self.request.user.has_perm("employment_resumes.guide_resume"))
        return context

    def post(self, request, pk):
        if not request.user.has_perm("employment_resumes.guide_resume"):
            raise PermissionDenied
        resume = self.get_resume()
        try:
            rows = services.comments_add(actor=request.user, resume=resume, comments={k: request.POST.get(f"comment_{k}", "") for k in Section.values})
            messages.success(request, f"已提交 {len(rows)} 条修改建议，学生会收到微信提醒。")
        except ApplicationError as exc:
            messages.error(request, exc.message)
        return redirect("backoffice:employment_resumes:detail", pk=pk)


class ResumeVersionsView(TeacherResumeMixin, TemplateView):
    template_name = "resumes/backoffice/versions.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        resume = self.get_resume()
        context.update(resume=resume, page_title=f"版本对比：{resume.title}", **selectors.compare_context(resume, self.request.GET))
        return context


class ResumePdfView(TeacherResumeMixin, View):
    def get(self, request, pk):
        resume = self.get_resume()
        return pdf_http_response(resume, request.GET, profile=self.profile(resume))
