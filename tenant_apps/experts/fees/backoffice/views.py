"""Back office of expert fees: projects to settle, per-project workload and letters, the
payout list for finance with its Excel sheet, fee standards and the workload import."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q, Sum
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header, url_has_allowed_host_and_scheme
from django.views.generic import TemplateView

from core.errors import ApplicationError
from core.importexport.views import ExportReasonPageMixin, ImportPageView, ImportTemplateView
from core.web.pagination import paginate
from core.web.views import BackofficeMixin
from tenant_apps.experts.enums import TitleLevel
from tenant_apps.experts.fees import documents, selectors, services
from tenant_apps.experts.fees.enums import FeeStatus
from tenant_apps.experts.fees.imports import IMPORT_SPEC_NAME
from tenant_apps.experts.fees.models import FeeLetter, FeeLine, FeeStandard
from tenant_apps.experts.panels.models import PanelMember
from tenant_apps.experts.panels.selectors import ProjectSearch, project_search

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _file(content: bytes, name: str, content_type: str, *, inline: bool = False) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(not inline, name)
    return response


def _safe_next(request, fallback: str) -> str:
    target = request.POST.get("next") or request.META.get("HTTP_REFERER") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return fallback


class FeesMixin(BackofficeMixin):
    """Domain errors from a POST come back as a message on the page the user came from."""

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except ApplicationError as exc:
            if request.method == "GET":
                raise
            messages.error(request, exc.message)
            return redirect(_safe_next(request, reverse("backoffice:experts_fees:project_list")))

    def require(self, permission: str) -> None:
        if not self.request.user.has_perm(permission):
            raise PermissionDenied

    def project(self, pk):
        project = selectors.project_get(actor=self.request.user, pk=int(pk))
        if project is None:
            raise Http404
        return project

    def line(self, pk) -> FeeLine:
        line = selectors.line_get(actor=self.request.user, pk=int(pk))
        if line is None:
            raise Http404
        return line


def _decimal(post, name: str, *, optional: bool = False) -> Decimal | None:
    raw = (post.get(name) or "").strip().replace(",", "").replace("，", "")
    if not raw:
        if optional:
            return None
        return Decimal("0")
    try:
        return Decimal(raw)
    except InvalidOperation as exc:
        raise ApplicationError("金额或天数格式不正确。", fields={name: ["格式不正确。"]}) from exc


def line_input(post) -> services.FeeLineInput:
    days = _decimal(post, "workload_days", optional=True)
    if days is None:
        raise ApplicationError("请填写工作量（天）。", fields={"workload_days": ["必填。"]})
    return services.FeeLineInput(workload_days=days, travel_fee=_decimal(post, "travel_fee", optional=True), other_fee=_decimal(post, "other_fee"),
                                 tax_withheld=_decimal(post, "tax_withheld"), review_fee=_decimal(post, "review_fee", optional=True), note=post.get("note", ""))


# --- projects -------------------------------------------------------------------------------


class ProjectListView(FeesMixin, TemplateView):
    """Projects to settle: panel size, lines by status and amounts (X27)."""

    permission_required = "expert_fees.view_feeline"
    template_name = "fees/backoffice/project_list.html"
    page_title = "专家劳务费"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        search = ProjectSearch.from_query(self.request.GET)
        projects = project_search(actor=self.request.user, search=search).annotate(
            line_count=Count("fee_lines", distinct=True),
            draft_count=Count("fee_lines", filter=Q(fee_lines__status=FeeStatus.DRAFT), distinct=True),
            sent_count=Count("fee_lines", filter=Q(fee_lines__status=FeeStatus.SENT), distinct=True),
            signed_count=Count("fee_lines", filter=Q(fee_lines__status=FeeStatus.SIGNED), distinct=True),
            paid_count=Count("fee_lines", filter=Q(fee_lines__status=FeeStatus.PAID), distinct=True),
            net_total=Sum("fee_lines__net_amount"),
        )
        context.update(search=search, **paginate(self.request, projects, per_page=20))
        return context


class ProjectFeesView(FeesMixin, TemplateView):
    """One project's workload list: attending members, their lines and letters, and the actions."""

    permission_required = "expert_fees.view_feeline"
    template_name = "fees/backoffice/project_fees.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        project = self.project(self.kwargs["pk"])
        rows = selectors.project_fee_rows(actor=self.request.user, project=project)
        context.update(project=project, page_title=f"劳务费 · {project.title}", rows=rows, totals=selectors.project_totals(project),
                       has_standards=selectors.standards().filter(is_active=True).exists(), today=timezone.localdate().isoformat(),
                       can_add=any(r["is_attending"] and r["line"] is None for r in rows))
        return context

    def post(self, request, *args, **kwargs):
        project = self.project(kwargs["pk"])
        action = request.POST.get("action", "")
        if action == "add":
            self.require("expert_fees.add_feeline")
            member = PanelMember.objects.filter(pk=int(request.POST.get("member") or 0)).select_related("expert").first()
            if member is None:
                raise ApplicationError("请选择专家。", fields={"member": ["必选。"]})
            services.fee_line_create(actor=request.user, project=project, member=member, data=line_input(request.POST))
            messages.success(request, "工作量已登记。")
        elif action == "send":
            self.require("expert_fees.send_letter")
            letter = services.fee_letter_send(actor=request.user, line=self._project_line(project, request.POST.get("line")))
            messages.success(request, f"确认函 {letter.number} 已发送，等待专家签字。")
        elif action == "send_all":
            self.require("expert_fees.send_letter")
            result = services.fee_letters_send(actor=request.user, project=project)
            messages.success(request, f"已发送 {len(result.sent)} 份确认函。")
            for line, reason in result.skipped:
                messages.error(request, f"{line.expert.name}：{reason}")
        elif action == "delete":
            self.require("expert_fees.delete_feeline")
            services.fee_line_delete(actor=request.user, line=self._project_line(project, request.POST.get("line")))
            messages.success(request, "已删除。")
        elif action == "withdraw":
            self.require("expert_fees.send_letter")
            letter = FeeLetter.objects.filter(pk=int(request.POST.get("letter") or 0), line__project=project).first()
            if letter is None:
                raise Http404
            services.fee_letter_withdraw(actor=request.user, letter=letter, reason=request.POST.get("reason", ""))
            messages.success(request, "确认函已作废，可修改后重新发送。")
        else:
            raise Http404
        return redirect("backoffice:experts_fees:project_fees", pk=project.pk)

    def _project_line(self, project, pk) -> FeeLine:
        line = FeeLine.objects.filter(project=project, pk=int(pk or 0)).first()
        if line is None:
            raise Http404
        return line


class LineEditView(FeesMixin, TemplateView):
    permission_required = ("expert_fees.view_feeline", "expert_fees.change_feeline")
    template_name = "fees/backoffice/line_form.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        line = self.line(self.kwargs["pk"])
        context.setdefault("values", {"workload_days": line.workload_days, "travel_fee": line.travel_fee, "other_fee": line.other_fee,
                                      "tax_withheld": line.tax_withheld, "review_fee": line.review_fee if line.is_fee_manual else "", "note": line.note})
        context.update(line=line, page_title=f"修改劳务费 · {line.project.title}", letters=selectors.line_letters(line),
                       name=selectors.display_name(actor=self.request.user, expert=line.expert, project=line.project))
        return context

    def post(self, request, *args, **kwargs):
        line = self.line(kwargs["pk"])
        try:
            line = services.fee_line_update(actor=request.user, line=line, data=line_input(request.POST))
        except ApplicationError as exc:
            return self.render_to_response(self.get_context_data(error=exc, values=request.POST.dict()), status=exc.status)
        messages.success(request, "已保存。" if line.status != FeeStatus.DRAFT or not line.letters.exists() else "已保存，金额有变化，请重新发送确认函并由专家签字。")
        return redirect("backoffice:experts_fees:project_fees", pk=line.project_id)


class LetterPdfView(FeesMixin, TemplateView):
    permission_required = "expert_fees.view_feeline"

    def get(self, request, *args, **kwargs):
        letter = selectors.letter_get(actor=request.user, pk=int(kwargs["pk"]))
        if letter is None:
            raise Http404
        signature = letter.signature.open("rb").read() if letter.signature else None
        return _file(documents.letter_pdf(letter, signature=signature), f"劳务费确认函-{letter.number}.pdf", "application/pdf", inline=True)


# --- payout ---------------------------------------------------------------------------------


class LineListView(FeesMixin, TemplateView):
    """All lines by project, period and status: what finance pays from (专家费发放统计)."""

    permission_required = "expert_fees.view_feeline"
    template_name = "fees/backoffice/line_list.html"
    page_title = "劳务费发放"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        search = selectors.LineSearch.from_query(self.request.GET)
        lines = selectors.line_search(actor=self.request.user, search=search)
        pagination = paginate(self.request, lines, per_page=30)
        for line in pagination["object_list"]:
            line.display_name = selectors.display_name(actor=self.request.user, expert=line.expert, project=line.project)
        context.update(search=search, statuses=FeeStatus.choices, totals=selectors.search_totals(lines), today=timezone.localdate().isoformat(),
                       export_query=urlencode(search.as_query()), **pagination)
        return context


class PayoutSheetView(ExportReasonPageMixin, FeesMixin, TemplateView):
    """The payout workbook for the current filters (by default: signed and paid lines). It holds
    names, ID numbers and bank accounts: GET asks for the export reason, the form POSTs back
    (same query string) for the file."""

    permission_required = ("expert_fees.view_feeline", "expert_fees.export_payout")

    def _lines_and_title(self, request):
        search = selectors.LineSearch.from_query(request.GET)
        if not search.status:
            search.status = "payable"
        lines = selectors.line_search(actor=request.user, search=search)
        title = "专家劳务费发放表"
        if search.project_id:
            project = self.project(search.project_id)
            title = f"{project.title} 专家劳务费发放表"
        elif search.date_from or search.date_to:
            title = f"专家劳务费发放表（{search.date_from or '…'} 至 {search.date_to or '…'}）"
        return lines, title

    def get(self, request, *args, **kwargs):
        lines, title = self._lines_and_title(request)
        return self.export_reason_page(request, title=title, count=lines.count(), back_url=reverse("backoffice:experts_fees:line_list"))

    def post(self, request, *args, **kwargs):
        lines, title = self._lines_and_title(request)
        try:
            content = services.payout_sheet_export(actor=request.user, lines=lines[:10000], title=title, reason=request.POST.get("reason", ""))
        except ApplicationError as exc:
            return self.export_reason_page(request, title=title, count=lines.count(), error=exc.message, status=400,
                                           back_url=reverse("backoffice:experts_fees:line_list"))
        response = _file(content, f"{title}.xlsx", XLSX)
        response["Cache-Control"] = "no-store"
        return response


class MarkPaidView(FeesMixin, TemplateView):
    permission_required = ("expert_fees.view_feeline", "expert_fees.mark_paid")

    def get(self, request, *args, **kwargs):
        raise Http404

    def post(self, request, *args, **kwargs):
        ids = [int(v) for v in request.POST.getlist("line") if str(v).isdigit()]
        lines = list(selectors.line_scope(actor=request.user).filter(pk__in=ids))
        try:
            paid_on = datetime.date.fromisoformat(request.POST.get("paid_on", ""))
        except ValueError as exc:
            raise ApplicationError("请填写发放日期。", fields={"paid_on": ["日期无效。"]}) from exc
        count = services.fee_lines_mark_paid(actor=request.user, lines=lines, paid_on=paid_on, reference=request.POST.get("reference", ""))
        messages.success(request, f"已登记 {count} 条劳务费发放。")
        return redirect(_safe_next(request, reverse("backoffice:experts_fees:line_list")))


# --- standards ------------------------------------------------------------------------------


def standard_input(post) -> services.FeeStandardInput:
    try:
        effective = datetime.date.fromisoformat(post.get("effective_from", ""))
    except ValueError as exc:
        raise ApplicationError("请填写生效日期。", fields={"effective_from": ["日期无效。"]}) from exc
    level = post.get("title_level", "")
    return services.FeeStandardInput(
        name=post.get("name", ""), title_level=level if level in TitleLevel.values else "", half_day_rate=_decimal(post, "half_day_rate"),
        day_rate=_decimal(post, "day_rate"), travel_allowance=_decimal(post, "travel_allowance"), effective_from=effective,
        is_active=bool(post.get("is_active")), note=post.get("note", ""),
    )


class StandardListView(FeesMixin, TemplateView):
    permission_required = "expert_fees.view_feestandard"
    template_name = "fees/backoffice/standard_list.html"
    page_title = "劳务费标准"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("values", {"is_active": "on", "effective_from": timezone.localdate().isoformat()})
        context.update(page=Paginator(selectors.standards(), 50).get_page(self.request.GET.get("page")), levels=TitleLevel.choices)
        return context

    def post(self, request, *args, **kwargs):
        self.require("expert_fees.add_feestandard")
        try:
            services.fee_standard_save(actor=request.user, data=standard_input(request.POST))
        except ApplicationError as exc:
            return self.render_to_response(self.get_context_data(error=exc, values=request.POST.dict()), status=exc.status)
        messages.success(request, "劳务费标准已添加。")
        return redirect("backoffice:experts_fees:standard_list")


class StandardEditView(FeesMixin, TemplateView):
    permission_required = ("expert_fees.view_feestandard", "expert_fees.change_feestandard")
    template_name = "fees/backoffice/standard_form.html"

    def standard(self) -> FeeStandard:
        standard = selectors.standards().filter(pk=int(self.kwargs["pk"])).first()
        if standard is None:
            raise Http404
        return standard

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        standard = self.standard()
        context.setdefault("values", {"name": standard.name, "title_level": standard.title_level, "half_day_rate": standard.half_day_rate,
                                      "day_rate": standard.day_rate, "travel_allowance": standard.travel_allowance,
                                      "effective_from": standard.effective_from.isoformat(), "is_active": "on" if standard.is_active else "", "note": standard.note})
        context.update(standard=standard, levels=TitleLevel.choices, page_title=f"修改劳务费标准 · {standard.name}")
        return context

    def post(self, request, *args, **kwargs):
        standard = self.standard()
        if request.POST.get("action") == "delete":
            self.require("expert_fees.delete_feestandard")
            services.fee_standard_delete(actor=request.user, standard=standard)
            messages.success(request, "已删除。")
            return redirect("backoffice:experts_fees:standard_list")
        try:
            services.fee_standard_save(actor=request.user, standard=standard, data=standard_input(request.POST))
        except ApplicationError as exc:
            return self.render_to_response(self.get_context_data(error=exc, values=request.POST.dict()), status=exc.status)
        messages.success(request, "已保存。")
        return redirect("backoffice:experts_fees:standard_list")


# --- import ---------------------------------------------------------------------------------


class WorkloadImportView(ImportPageView):
    """Template, upload and recent jobs; rows are checked and saved by the import kernel's worker
    (report of rejected rows with reasons on the job page)."""

    spec_name = IMPORT_SPEC_NAME
    permission_required = ("expert_fees.view_feeline", "expert_fees.import_workload")
    template_name = "fees/backoffice/workload_import.html"
    template_download_url = "backoffice:experts_fees:workload_import_template"
    page_title = "导入专家工作量"


class WorkloadImportTemplateView(ImportTemplateView):
    spec_name = IMPORT_SPEC_NAME
    permission_required = ("expert_fees.view_feeline", "expert_fees.import_workload")
