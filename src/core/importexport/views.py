"""Back-office pages for import/export jobs, and generic import pages that apps subclass."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.http import content_disposition_header
from django.views import View
from django.views.generic import ListView, TemplateView

from core.errors import ApplicationError
from core.importexport import selectors, services, xlsx
from core.importexport.spec import import_spec, spec_title
from core.models import FileJob
from core.web.menus import menu_for
from core.web.views import BackofficeMixin


def _job_or_404(request, job_id: int) -> FileJob:
    try:
        return selectors.job_get(user=request.user, job_id=job_id)
    except FileJob.DoesNotExist:
        raise Http404 from None


def _decorate(job: FileJob) -> FileJob:
    job.spec_title = spec_title(job.kind, job.spec)
    stamp = job.finished_at or job.created_at
    job.download_name = f"{job.spec_title}导出-{stamp:%Y%m%d%H%M}-{job.pk}.xlsx" if stamp else f"{job.spec_title}-{job.pk}.xlsx"
    return job


class JobListView(BackofficeMixin, ListView):
    template_name = "core/jobs/list.html"
    page_title = "导入导出任务"
    paginate_by = 20
    context_object_name = "jobs"

    def get_queryset(self):
        return selectors.job_list(user=self.request.user, kind=self.request.GET.get("kind", ""))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        for job in context["jobs"]:
            _decorate(job)
        context["kind"] = self.request.GET.get("kind", "")
        context["kinds"] = FileJob.Kind.choices
        return context


class JobDetailView(BackofficeMixin, TemplateView):
    """The job page; htmx polls it every second and gets only the progress fragment."""

    template_name = "core/jobs/detail.html"
    page_title = "任务详情"

    def get(self, request, *args, **kwargs):
        job = _decorate(_job_or_404(request, kwargs["pk"]))
        if request.htmx:
            self.template_name = "core/jobs/_progress.html"
        return self.render_to_response(self.get_context_data(job=job))


class JobDownloadView(BackofficeMixin, View):
    FILES = {"source": "source_file", "report": "report_file", "result": "result_file"}

    def get(self, request, pk: int, which: str):
        job = _job_or_404(request, pk)
        field = self.FILES.get(which)
        stored = getattr(job, field) if field else None
        if not stored:
            raise Http404
        labels = {"source": "原文件", "report": "失败报告", "result": "结果"}
        filename = f"{spec_title(job.kind, job.spec)}-{labels[which]}-{job.pk}.xlsx"
        return FileResponse(stored.open("rb"), as_attachment=True, filename=filename, content_type=xlsx.XLSX_CONTENT_TYPE)


class JobRetryView(BackofficeMixin, View):
    def post(self, request, pk: int):
        job = _job_or_404(request, pk)
        try:
            services.job_retry(actor=request.user, job=job)
        except ApplicationError as exc:
            messages.error(request, exc.message)
        return redirect("backoffice:jobs:detail", pk=job.pk)


class ExportStartView(BackofficeMixin, View):
    """POST from any list page: `spec` in the URL, the page's filters and `reason` (required
    when the export holds personal data) in the form. A refused export goes back to the page
    with the message."""

    def post(self, request, spec: str):
        try:
            job = services.export_job_create(actor=request.user, spec_name=spec, params=request.POST.dict())
        except ApplicationError as exc:
            if exc.status in (403, 404):
                raise Http404 from None
            messages.error(request, exc.message)
            return redirect(request.headers.get("referer") or "backoffice:jobs:list")
        return redirect("backoffice:jobs:detail", pk=job.pk)


class ImportTemplateView(BackofficeMixin, View):
    """Subclass with `spec_name` and `permission_required`."""

    spec_name = ""

    def get(self, request):
        spec = import_spec(self.spec_name)
        response = HttpResponse(xlsx.build_template(spec), content_type=xlsx.XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = content_disposition_header(True, f"{spec.title}导入模板.xlsx")
        return response


class ImportPageView(BackofficeMixin, TemplateView):
    """Template download, upload form and recent jobs. Subclass with `spec_name`,
    `permission_required`, `template_download_url` (a URL name) and, if needed, `template_name`."""

    template_name = "core/jobs/import.html"
    spec_name = ""
    template_download_url = ""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        spec = import_spec(self.spec_name)
        context.update({
            "spec": spec,
            "template_download_url": self.template_download_url,
            "max_upload_mb": services.max_upload_bytes() // 1024 // 1024,
            "recent_jobs": [_decorate(j) for j in selectors.job_list(user=self.request.user, kind=FileJob.Kind.IMPORT, spec=spec.name)[:5]],
        })
        return context

    def post(self, request):
        try:
            job = services.import_job_create(actor=request.user, spec_name=self.spec_name, upload=request.FILES.get("file"))
        except ApplicationError as exc:
            return self.render_to_response(self.get_context_data(error=exc.message), status=400)
        messages.success(request, "文件已上传，正在后台导入。")
        return redirect("backoffice:jobs:detail", pk=job.pk)


class ExportReasonPageMixin:
    """For a back-office view that hands out a file holding personal data: GET shows the reason
    form (`export_reason_page`), the form POSTs back to the same URL, and the view builds the
    file through `services.export_document` or `services.export_start`; a refusal shows the
    form again with the message (400)."""

    export_reason_template = "core/jobs/export_reason.html"

    def export_reason_page(self, request, *, title: str, count: int | None = None, error: str = "", back_url: str = "",
                           status: int = 200) -> HttpResponse:
        from django.shortcuts import render

        query = {k: v for k, v in request.GET.items() if k not in {"reason", "csrfmiddlewaretoken"}}
        if request.method == "POST":
            query.update({k: v for k, v in request.POST.items() if k not in {"reason", "csrfmiddlewaretoken"}})
        context = {"export_title": title, "export_count": count, "error": error, "back_url": back_url, "export_query": query,
                   "reason": request.POST.get("reason", "") if request.method == "POST" else "", "page_title": f"导出{title}"}
        context["menu"] = menu_for(request, getattr(self, "menu_area", "backoffice"))
        return render(request, self.export_reason_template, context, status=status)


def file_response(content: bytes, filename: str, content_type: str = xlsx.XLSX_CONTENT_TYPE) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "no-store"
    return response


def export_start_response(request, *, spec_name: str, params: dict, reason: str):
    """Run `services.export_start` for a page: the file itself when small, else a redirect to
    the job page (progress, then the signed download link). ApplicationError propagates."""
    result = services.export_start(actor=request.user, spec_name=spec_name, params=params, reason=reason)
    if isinstance(result, FileJob):
        messages.info(request, "数据较多，已转入后台导出，完成后可在本页下载。")
        return redirect("backoffice:jobs:detail", pk=result.pk)
    return file_response(result.content, result.filename)
