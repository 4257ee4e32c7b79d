"""Students' resume pages on the phone: my resumes, edit by section (personal data read-only
from the graduate record), preview with the teachers' suggestions, PDF in three layouts,
attachments, versions side by side."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.views import View
from django.views.generic import TemplateView

from core.errors import ApplicationError
from core.files.links import download_url
from core.web.views import H5Mixin
from tenant_apps.employment.resumes import selectors, services
from tenant_apps.employment.resumes.documents import pdf_http_response
from tenant_apps.employment.resumes.enums import REQUIRED_SECTIONS, Layout, Section


class StudentResumeMixin(H5Mixin):
    def get_resume(self):
        resume = selectors.resume_of(student=self.request.user, pk=self.kwargs["pk"])
        if resume is None:
            raise Http404
        return resume


def section_rows(version, comments_by_section: dict | None = None) -> list[dict]:
    comments_by_section = comments_by_section or {}
    return [{"key": key, "label": label, "text": version.text(key) if version else "", "comments": comments_by_section.get(key, []),
             "required": key in REQUIRED_SECTIONS, "errors": []} for key, label in Section.choices]


class ResumeListView(H5Mixin, TemplateView):
    template_name = "resumes/h5/list.html"
    page_title = "我的简历"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(resumes=list(selectors.resumes_of(student=self.request.user)), is_student=self.request.user.kind == "student")
        return context

    def post(self, request):
        try:
            resume = services.resume_create(actor=request.user, title=request.POST.get("title", ""))
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return redirect("h5:employment_resumes:list")
        messages.success(request, "简历已创建，教育经历已按生源信息预填。")
        return redirect("h5:employment_resumes:edit", pk=resume.pk)


class ResumeDetailView(StudentResumeMixin, TemplateView):
    template_name = "resumes/h5/detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        resume = self.get_resume()
        version = resume.current_version
        comments = list(selectors.comments_of(resume=resume))
        open_comments = [c for c in comments if c.addressed_in_id is None]
        context.update(resume=resume, version=version, page_title=resume.title, profile=selectors.profile_for(student=self.request.user),
                       sections=section_rows(version, selectors.comments_by_section(open_comments)), open_comments=open_comments,
                       layouts=Layout.choices,
                       attachments=[(a, download_url(a.file, user=self.request.user, filename=a.name)) for a in resume.attachments.all()])
        return context

    def post(self, request, pk):
        resume = self.get_resume()
        action = request.POST.get("action", "")
        try:
            if action == "default":
                services.resume_set_default(actor=request.user, resume=resume)
                messages.success(request, "已设为默认简历。")
            elif action == "delete":
                services.resume_delete(actor=request.user, resume=resume)
                messages.success(request, "简历已删除。")
                return redirect("h5:employment_resumes:list")
            elif action == "attach" and request.FILES.get("file"):
                services.attachment_add(actor=request.user, resume=resume, upload=request.FILES["file"], name=request.POST.get("name", ""))
                messages.success(request, "附件已上传。")
            elif action == "detach":
                attachment = resume.attachments.filter(pk=request.POST.get("attachment") or 0).first()
                if attachment is None:
                    raise Http404
                services.attachment_delete(actor=request.user, attachment=attachment)
                messages.success(request, "附件已删除。")
            else:
                messages.error(request, "请选择要上传的文件。")
        except ApplicationError as exc:
            messages.error(request, exc.message)
        return redirect("h5:employment_resumes:detail", pk=pk)


class ResumeEditView(StudentResumeMixin, TemplateView):
    template_name = "resumes/h5/edit.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        resume = kwargs.get("resume") or self.get_resume()
        open_comments = [c for c in selectors.comments_of(resume=resume) if c.addressed_in_id is None]
        rows = section_rows(resume.current_version, selectors.comments_by_section(open_comments))
        for row in rows:
            if "posted" in kwargs:
                row["text"] = kwargs["posted"].get(row["key"], "")
            row["errors"] = kwargs.get("errors", {}).get(row["key"], [])
        context.update(resume=resume, sections=rows, layouts=Layout.choices, page_title=f"编辑：{resume.title}",
                       profile=selectors.profile_for(student=self.request.user), errors=kwargs.get("errors", {}))
        return context

    def post(self, request, pk):
        resume = self.get_resume()
        posted = {key: request.POST.get(key, "") for key in Section.values}
        try:
            version = services.resume_save(actor=request.user, resume=resume, sections=posted, title=request.POST.get("title"),
                                           layout=request.POST.get("layout"), note=request.POST.get("note", ""))
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return self.render_to_response(self.get_context_data(resume=resume, posted=posted, errors=exc.fields or {}))
        messages.success(request, f"已保存（第 {version.number} 版）。")
        return redirect("h5:employment_resumes:detail", pk=pk)


class ResumeVersionsView(StudentResumeMixin, TemplateView):
    template_name = "resumes/h5/versions.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        resume = self.get_resume()
        context.update(resume=resume, page_title="版本对比", **selectors.compare_context(resume, self.request.GET))
        return context


class ResumePdfView(StudentResumeMixin, View):
    def get(self, request, pk):
        resume = self.get_resume()
        return pdf_http_response(resume, request.GET, profile=selectors.profile_for(student=request.user))
