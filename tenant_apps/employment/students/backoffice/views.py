"""Back office of graduate records: list, import, detail with the counsellor's review,
verification progress with reminders, settings. Thin views over services and selectors."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.views import View
from django.views.generic import TemplateView

from core.errors import ApplicationError
from core.importexport import services as importexport
from core.importexport.views import (
    ExportReasonPageMixin,
    ImportPageView,
    ImportTemplateView,
    export_start_response,
)
from core.web.pagination import paginate
from core.web.views import BackofficeMixin
from tenant_apps.accounts.selectors import org_units_in_scope
from tenant_apps.employment.students import selectors, services
from tenant_apps.employment.students.enums import ETHNICITY, POLITICAL_STATUS, VerificationStatus
from tenant_apps.employment.students.exports import ROSTER_EXPORT
from tenant_apps.employment.students.imports import GRADUATE_IMPORT
from tenant_apps.employment.students.roster import roster_normalise


def error_text(exc: ApplicationError) -> str:
    details = [m for messages_ in exc.fields.values() for m in messages_]
    return f"{exc.message}{'（' + '；'.join(details) + '）' if details else ''}"


class StudentsMixin(BackofficeMixin):
    """A write's ApplicationError comes back as a message on the page the user came from."""

    fallback_url = "backoffice:employment_students:record_list"

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except ApplicationError as exc:
            messages.error(request, error_text(exc))
            return redirect(request.META.get("HTTP_REFERER") or reverse(self.fallback_url))

    def require(self, permission: str) -> None:
        if not self.request.user.has_perm(permission):
            raise DjangoPermissionDenied


def _scope_units(actor):
    return org_units_in_scope(actor=actor).filter(kind__in=["college", "major", "class"]).order_by("path")


class RecordListView(StudentsMixin, TemplateView):
    permission_required = "employment_students.view_graduaterecord"
    template_name = "employment_students/backoffice/record_list.html"
    page_title = "生源信息"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        search = selectors.RecordSearch.from_query(self.request.GET)
        context.update(search=search, statuses=VerificationStatus.choices, years=selectors.graduation_years(), units=_scope_units(self.request.user),
                       **paginate(self.request, selectors.record_list(actor=self.request.user, search=search), per_page=30))
        return context


class RecordExportView(ExportReasonPageMixin, BackofficeMixin, View):
    """The roster with the list's filters through the export engine: GET asks for the reason
    (#export-reason), POST builds the file or starts a job for a large roster."""

    permission_required = ("employment_students.view_graduaterecord", "employment_students.import_graduaterecord")

    def _params(self, request) -> dict:
        source = request.POST if request.method == "POST" else request.GET
        return {key: source.get(key, "") for key in ROSTER_EXPORT.param_names}

    def get(self, request):
        count = importexport.export_count(actor=request.user, spec_name=ROSTER_EXPORT.name, params=self._params(request))
        return self.export_reason_page(request, title="生源信息花名册", count=count, back_url=reverse("backoffice:employment_students:record_list"))

    def post(self, request):
        try:
            return export_start_response(request, spec_name=ROSTER_EXPORT.name, params=self._params(request), reason=request.POST.get("reason", ""))
        except ApplicationError as exc:
            return self.export_reason_page(request, title="生源信息花名册", error=exc.message, status=400,
                                           back_url=reverse("backoffice:employment_students:record_list"))


class RecordDetailView(StudentsMixin, TemplateView):
    permission_required = "employment_students.view_graduaterecord"
    template_name = "employment_students/backoffice/record_detail.html"

    def record(self):
        try:
            return selectors.record_get(actor=self.request.user, pk=int(self.kwargs["pk"]))
        except ObjectDoesNotExist:
            raise Http404 from None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        record = self.record()
        college, major, class_name = selectors.unit_names(record)
        correction = selectors.pending_correction(record)
        context.update(record=record, page_title=f"生源信息 · {record.name}", college=college, major=major, class_name=class_name,
                       ethnicity=ETHNICITY.get(record.ethnicity, record.ethnicity), political=POLITICAL_STATUS.get(record.political_status, record.political_status),
                       correction=correction, corrections=record.corrections.all()[:10],
                       correction_rows=selectors.correction_rows(record, correction, {key: label for key, (label, _) in services.CORRECTABLE_FIELDS.items()}),
                       can_reveal=self.request.user.has_perm("employment_students.reveal_personal_data"),
                       correctable=services.CORRECTABLE_FIELDS)
        return context

    def post(self, request, *args, **kwargs):
        self.require("employment_students.review_graduaterecord")
        record = self.record()
        approve = request.POST.get("decision") == "approve"
        services.record_review(actor=request.user, record=record, approve=approve, reason=request.POST.get("reason", ""))
        messages.success(request, "已审核通过。" if approve else "已退回，学生会收到通知。")
        return redirect(request.POST.get("next") or reverse("backoffice:employment_students:record_detail", args=[record.pk]))


class ReviewQueueView(StudentsMixin, TemplateView):
    permission_required = "employment_students.review_graduaterecord"
    template_name = "employment_students/backoffice/review_queue.html"
    page_title = "生源信息核验审核"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        search = selectors.RecordSearch.from_query(self.request.GET)
        context.update(search=search, years=selectors.graduation_years(),
                       **paginate(self.request, selectors.review_queue(actor=self.request.user, search=search).prefetch_related("corrections"), per_page=30))
        return context


class ProgressView(StudentsMixin, TemplateView):
    permission_required = "employment_students.view_graduaterecord"
    template_name = "employment_students/backoffice/progress.html"
    page_title = "核验进度"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        years = selectors.graduation_years()
        search = selectors.RecordSearch.from_query(self.request.GET)
        year = search.year or (years[0] if years else None)
        level = "class" if self.request.GET.get("level") == "class" else "college"
        context.update(years=years, year=year, level=level, rows=selectors.verification_progress(actor=self.request.user, year=year, level=level))
        return context

    def post(self, request, *args, **kwargs):
        self.require("employment_students.remind_graduaterecord")
        search = selectors.RecordSearch.from_query(request.POST)
        count = services.verification_remind(actor=request.user, records=selectors.record_list(actor=request.user, search=search))
        messages.success(request, f"已向 {count} 名未核验的学生发送提醒。")
        return redirect(f"{reverse('backoffice:employment_students:progress')}?year={search.year or ''}")


class GraduateImportView(ImportPageView):
    permission_required = "employment_students.import_graduaterecord"
    spec_name = GRADUATE_IMPORT
    template_download_url = "backoffice:employment_students:import_template"
    page_title = "导入生源信息"

    def post(self, request):
        try:
            upload = request.FILES.get("file")
            if upload is None:
                raise ApplicationError("请选择要上传的文件。", fields={"file": ["请选择文件。"]})
            job = importexport.import_job_create(actor=request.user, spec_name=self.spec_name, upload=roster_normalise(upload))
        except ApplicationError as exc:
            return self.render_to_response(self.get_context_data(error=exc.message), status=400)
        messages.success(request, "文件已上传，正在后台导入。")
        return redirect("backoffice:jobs:detail", pk=job.pk)


class GraduateImportTemplateView(ImportTemplateView):
    permission_required = "employment_students.import_graduaterecord"
    spec_name = GRADUATE_IMPORT


class SettingsView(StudentsMixin, TemplateView):
    permission_required = "employment_students.manage_settings"
    template_name = "employment_students/backoffice/settings.html"
    page_title = "就业管理设置"
    fallback_url = "backoffice:employment_students:settings"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(settings_obj=selectors.settings_get(), years=selectors.graduation_years())
        return context

    def post(self, request, *args, **kwargs):
        if request.POST.get("action") == "graduate":
            year = request.POST.get("year", "")
            from tenant_apps.employment.destinations.services import (
                cohort_graduate_with_destinations,
            )

            count = cohort_graduate_with_destinations(actor=request.user, graduation_year=int(year) if year.isdigit() else 0)
            messages.success(request, f"已将 {count} 名已核验毕业生推送给校友模块。")
            return redirect("backoffice:employment_students:settings")

        def number(key: str) -> int:
            value = request.POST.get(key, "")
            return int(value) if value.isdigit() else 0

        services.settings_save(actor=request.user, change_deadline_month=number("change_deadline_month"), change_deadline_day=number("change_deadline_day"),
                               archive_needs_student_confirmation=request.POST.get("archive_needs_student_confirmation") == "on",
                               school_code=request.POST.get("school_code", "").strip(), minimum_monthly_wage=number("minimum_monthly_wage") or None)
        messages.success(request, "设置已保存。")
        return redirect("backoffice:employment_students:settings")


class RemindView(StudentsMixin, View):
    """Remind one student (from the record page)."""

    permission_required = "employment_students.remind_graduaterecord"

    def post(self, request, pk: int):
        try:
            record = selectors.record_get(actor=request.user, pk=pk)
        except ObjectDoesNotExist:
            raise Http404 from None
        services.verification_remind(actor=request.user, records=selectors.record_list(actor=request.user).filter(pk=record.pk))
        messages.success(request, "已发送提醒。")
        return redirect("backoffice:employment_students:record_detail", pk=record.pk)
