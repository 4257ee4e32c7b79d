"""Back office of 毕业去向登记: list, detail with the level's review, queues per level with
anomaly flags, disputes, filing on a student's behalf, exports, chain verification."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views import View
from django.views.generic import TemplateView

from core.errors import ApplicationError
from core.importexport.views import ExportReasonPageMixin
from core.importexport.xlsx import XLSX_CONTENT_TYPE
from core.web.pagination import paginate
from core.web.views import BackofficeMixin
from tenant_apps.accounts.selectors import org_units_in_scope
from tenant_apps.employment.destinations import exports, forms, ledger, selectors, services
from tenant_apps.employment.destinations.enums import (
    CATEGORIES,
    CATEGORY_CHOICES,
    LEVEL_FLOW,
    Confirmation,
    DestinationStatus,
    EmployerNature,
    EmployerSize,
    ReviewLevel,
)
from tenant_apps.employment.students.backoffice.views import error_text
from tenant_apps.employment.students.selectors import (
    graduation_years,
    record_get,
    unit_names,
)

VIEW = "employment_destinations.view_destination"


class DestinationsMixin(BackofficeMixin):
    fallback_url = "backoffice:employment_destinations:destination_list"

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except ApplicationError as exc:
            messages.error(request, error_text(exc))
            return redirect(request.META.get("HTTP_REFERER") or reverse(self.fallback_url))

    def require(self, permission: str) -> None:
        if not self.request.user.has_perm(permission):
            raise DjangoPermissionDenied

    def destination(self, pk: int):
        try:
            return selectors.destination_get(actor=self.request.user, pk=pk)
        except ObjectDoesNotExist:
            raise Http404 from None


def _levels_for(user) -> list[tuple[str, str]]:
    return [(level, ReviewLevel(level).label) for level, (_, perm, _) in LEVEL_FLOW.items() if user.has_perm(perm)]


class DestinationListView(DestinationsMixin, TemplateView):
    permission_required = VIEW
    template_name = "employment_destinations/backoffice/destination_list.html"
    page_title = "毕业去向"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        search = selectors.DestinationSearch.from_query(self.request.GET)
        page = paginate(self.request, selectors.destination_list(actor=self.request.user, search=search), per_page=30)
        flags = selectors.anomaly_flags(list(page["object_list"]))
        for d in page["object_list"]:
            d.flags = flags.get(d.pk, [])
        context.update(search=search, statuses=DestinationStatus.choices, categories=CATEGORY_CHOICES, confirmations=Confirmation.choices[1:],
                       years=graduation_years(), units=org_units_in_scope(actor=self.request.user).filter(kind__in=["college", "major", "class"]).order_by("path"),
                       levels=_levels_for(self.request.user), templates=selectors.export_templates(actor=self.request.user),
                       export_query=self.request.GET.urlencode(), **page)
        return context


class ReviewQueueView(DestinationsMixin, TemplateView):
    template_name = "employment_destinations/backoffice/review_queue.html"

    def dispatch(self, request, *args, **kwargs):
        if kwargs.get("level") not in LEVEL_FLOW:
            raise Http404
        self.permission_required = LEVEL_FLOW[kwargs["level"]][1]
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        level = self.kwargs["level"]
        search = selectors.DestinationSearch.from_query(self.request.GET)
        page = paginate(self.request, selectors.review_queue(actor=self.request.user, level=level, search=search), per_page=30)
        flags = selectors.anomaly_flags(list(page["object_list"]))
        for d in page["object_list"]:
            d.flags = flags.get(d.pk, [])
        context.update(level=level, level_label=ReviewLevel(level).label, page_title=f"毕业去向审核（{ReviewLevel(level).label}）", search=search,
                       years=graduation_years(), levels=_levels_for(self.request.user), **page)
        return context


class DestinationDetailView(DestinationsMixin, TemplateView):
    permission_required = VIEW
    template_name = "employment_destinations/backoffice/destination_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        destination = self.destination(int(self.kwargs["pk"]))
        record = destination.record
        college, major, class_name = unit_names(record)
        level = next((lvl for lvl, (waiting, perm, _) in LEVEL_FLOW.items() if destination.status == waiting and self.request.user.has_perm(perm)), None)
        entries = list(selectors.ledger_of_record(record))
        for entry in entries:
            entry.label = ledger.ACTION_LABELS.get(entry.action, entry.action)
        context.update(destination=destination, record=record, college=college, class_name=class_name, category=CATEGORIES[destination.category],
                       page_title=f"毕业去向 · {record.name}", level=level, level_label=ReviewLevel(level).label if level else "",
                       flags=selectors.anomaly_flags([destination]).get(destination.pk, []), entries=entries,
                       fields=forms.FIELD_LABELS, values=forms.field_values(destination))
        return context

    def post(self, request, pk: int):
        destination = self.destination(pk)
        action = request.POST.get("action")
        if action == "review":
            approve = request.POST.get("decision") == "approve"
            services.destination_review(actor=request.user, destination=destination, level=request.POST.get("level", ""), approve=approve,
                                        reason=request.POST.get("reason", ""))
            messages.success(request, "已审核通过。" if approve else "已退回，学生会收到通知。")
        elif action == "resolve":
            services.dispute_resolve(actor=request.user, destination=destination, uphold=request.POST.get("uphold") == "yes",
                                     resolution=request.POST.get("resolution", ""))
            messages.success(request, "异议已处理。")
        return redirect(request.POST.get("next") or reverse("backoffice:employment_destinations:destination_detail", args=[pk]))


class DisputeListView(DestinationsMixin, TemplateView):
    permission_required = "employment_destinations.review_university"
    template_name = "employment_destinations/backoffice/disputes.html"
    page_title = "学生异议"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(**paginate(self.request, selectors.disputes(actor=self.request.user), per_page=30))
        return context


class FileOnBehalfView(DestinationsMixin, TemplateView):
    """Staff file (and submit) a destination for a student of their scope, marked as such."""

    permission_required = "employment_destinations.file_on_behalf"
    template_name = "employment_destinations/backoffice/file_on_behalf.html"

    def record(self):
        try:
            return record_get(actor=self.request.user, pk=int(self.kwargs["record_pk"]))
        except ObjectDoesNotExist:
            raise Http404 from None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        record = self.record()
        destination = selectors.destination_of_record(record)
        context.update(record=record, destination=destination, categories=CATEGORY_CHOICES, fields=forms.FIELD_LABELS, date_inputs=forms.DATE_INPUTS,
                       natures=EmployerNature.choices, sizes=EmployerSize.choices, page_title=f"代填毕业去向 · {record.name}",
                       values=kwargs.get("values") or forms.field_values(destination), category_help=forms.category_help())
        return context

    def post(self, request, record_pk: int):
        record = self.record()
        try:
            destination = services.destination_save(actor=request.user, record=record, data=forms.destination_input(request.POST),
                                                    evidence_files=request.FILES.getlist("evidence"), on_behalf=True)
            if request.POST.get("submit") == "1":
                destination = services.destination_submit(actor=request.user, record=record, on_behalf=True)
        except ApplicationError as exc:
            messages.error(request, error_text(exc))
            return self.render_to_response(self.get_context_data(values=request.POST.dict()), status=exc.status)
        messages.success(request, "已代学生填报（标记为老师代填）。")
        return redirect("backoffice:employment_destinations:destination_detail", pk=destination.pk)


def _xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


class ExportView(DestinationsMixin, TemplateView):
    """Export templates of the signed-in user (columns, order, names) and the downloads."""

    permission_required = "employment_destinations.export_destination"
    template_name = "employment_destinations/backoffice/export.html"
    page_title = "毕业去向导出"
    fallback_url = "backoffice:employment_destinations:export"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(templates=selectors.export_templates(actor=self.request.user), columns=[(k, v[0]) for k, v in exports.EXPORT_COLUMNS.items()],
                       query=self.request.GET.urlencode())
        return context

    def post(self, request):
        if request.POST.get("action") == "delete":
            template = selectors.export_templates(actor=request.user).filter(pk=request.POST.get("template") or 0).first()
            if template is not None:
                services.export_template_delete(actor=request.user, template=template)
            messages.success(request, "模板已删除。")
            return redirect("backoffice:employment_destinations:export")
        chosen = []
        for key in exports.EXPORT_COLUMNS:
            if request.POST.get(f"use_{key}") == "on":
                order = request.POST.get(f"order_{key}", "")
                chosen.append((int(order) if order.isdigit() else 999, key, request.POST.get(f"header_{key}", "")))
        chosen.sort()
        services.export_template_save(actor=request.user, name=request.POST.get("name", ""), columns=[(key, header) for _, key, header in chosen])
        messages.success(request, "模板已保存。")
        return redirect("backoffice:employment_destinations:export")


class ExportDownloadView(ExportReasonPageMixin, DestinationsMixin, View):
    """Destination exports on the export engine's rule (issue 19): GET asks for the reason, POST
    builds the file; ID numbers masked unless the exporter may see full personal data (both the
    staff's own templates and the national layout); requester, time and reason in the file; audited."""

    permission_required = "employment_destinations.export_destination"

    def _query(self, request):
        return request.POST if request.method == "POST" else request.GET

    def _setup(self, request, kind: str):
        query = self._query(request)
        search = selectors.DestinationSearch.from_query(query)
        queryset = selectors.destination_list(actor=request.user, search=search)
        if kind == "national":
            return queryset, None, "毕业去向登记（国家格式）"
        template = selectors.export_templates(actor=request.user).filter(pk=query.get("template") or 0).first()
        if template is None:
            raise Http404
        return queryset, template, f"毕业去向（{template.name}）"

    def get(self, request, kind: str):
        queryset, _template, title = self._setup(request, kind)
        return self.export_reason_page(request, title=title, count=queryset.count(), back_url=reverse("backoffice:employment_destinations:destination_list"))

    def post(self, request, kind: str):
        _queryset, template, title = self._setup(request, kind)
        try:
            content, filename = exports.destination_export(actor=request.user, search=selectors.DestinationSearch.from_query(request.POST), template=template,
                                                           reason=request.POST.get("reason", ""))
        except ApplicationError as exc:
            return self.export_reason_page(request, title=title, error=exc.message, status=400,
                                           back_url=reverse("backoffice:employment_destinations:destination_list"))
        return _xlsx_response(content, filename)


class LedgerVerifyView(DestinationsMixin, TemplateView):
    permission_required = "employment_destinations.verify_ledger"
    template_name = "employment_destinations/backoffice/ledger_verify.html"
    page_title = "去向变更链校验"

    def post(self, request):
        from tenant_apps.employment.students.models import GraduateRecord

        checked, problems = ledger.chains_verify()
        names = dict((pk, f"{number} {name}") for pk, number, name in GraduateRecord.objects.filter(pk__in={p.record_id for p in problems})
                     .values_list("pk", "student_number", "name"))
        rows = [{"record": names.get(p.record_id, p.record_id), "sequence": p.sequence, "problem": p.problem} for p in problems]
        return self.render_to_response(self.get_context_data(checked=checked, problems=rows, ran=True))
