"""Back-office audit log (P10): search, detail with before/after side by side, Excel export."""

from __future__ import annotations

import datetime
import json
import tempfile

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView

from core.errors import ApplicationError
from core.importexport.spec import ExportField, ExportSpec, register_export
from core.importexport.views import ExportReasonPageMixin, export_start_response
from core.models import AuditEvent
from core.web.filtering import day_start, is_ip_address, parse_day
from core.web.pagination import paginate
from core.web.views import BackofficeMixin

VIEW_PERMISSION = "core.view_auditevent"
EXPORT_PERMISSION = "core.export_auditevent"
FILTER_KEYS = ("actor", "action", "object_type", "object_id", "ip", "date_from", "date_to")
# A synchronous export is bounded; narrow the filters for more (the file says when it was cut).
EXPORT_MAX_ROWS = 100_000


def audit_filters(params) -> dict[str, str]:
    return {key: (params.get(key) or "").strip() for key in FILTER_KEYS}


def audit_event_search(filters: dict[str, str]) -> QuerySet[AuditEvent]:
    """Audit events of the current schema matching the page's filters."""
    queryset = AuditEvent.objects.all()
    actor = filters.get("actor")
    if actor:
        query = Q(actor_label__icontains=actor) | Q(impersonator_label__icontains=actor)
        if actor.isdigit():
            query |= Q(actor_id=int(actor))
        queryset = queryset.filter(query)
    if filters.get("action"):
        queryset = queryset.filter(action__startswith=filters["action"])
    if filters.get("object_type"):
        queryset = queryset.filter(object_type=filters["object_type"].lower())
    if filters.get("object_id"):
        queryset = queryset.filter(object_id=filters["object_id"])
    if filters.get("ip"):
        queryset = queryset.filter(ip=filters["ip"]) if is_ip_address(filters["ip"]) else queryset.none()
    date_from, date_to = parse_day(filters.get("date_from", "")), parse_day(filters.get("date_to", ""))
    if date_from:
        queryset = queryset.filter(created_at__gte=day_start(date_from))
    if date_to:
        queryset = queryset.filter(created_at__lt=day_start(date_to + datetime.timedelta(days=1)))
    return queryset.order_by("-created_at", "-id")


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def changes(event: AuditEvent) -> list[dict]:
    """One row per key of before ∪ after, marking the keys whose values differ."""
    before = event.before if isinstance(event.before, dict) else {}
    after = event.after if isinstance(event.after, dict) else {}
    rows = []
    for key in sorted(set(before) | set(after)):
        old, new = before.get(key), after.get(key)
        rows.append({
            "key": key,
            "before": _text(old) if key in before else "",
            "after": _text(new) if key in after else "",
            "in_before": key in before,
            "in_after": key in after,
            "changed": key not in before or key not in after or old != new,
        })
    return rows


class AuditEventListView(BackofficeMixin, TemplateView):
    template_name = "core/audit/list.html"
    permission_required = VIEW_PERMISSION
    page_title = "审计日志"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filters = audit_filters(self.request.GET)
        context.update(paginate(self.request, audit_event_search(filters), per_page=50))
        context["filters"] = filters
        context["export_query"] = self.request.GET.urlencode()
        context["can_export"] = self.request.user.has_perm(EXPORT_PERMISSION)
        context["object_types"] = AuditEvent.objects.order_by("object_type").values_list("object_type", flat=True).distinct()
        return context


class AuditEventDetailView(BackofficeMixin, TemplateView):
    template_name = "core/audit/detail.html"
    permission_required = VIEW_PERMISSION
    page_title = "审计日志详情"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        event = get_object_or_404(AuditEvent, pk=self.kwargs["pk"])
        context.update(event=event, changes=changes(event), back_query=self.request.GET.urlencode())
        return context


EXPORT_COLUMNS = [
    ("时间", lambda e: timezone.localtime(e.created_at).strftime("%Y-%m-%d %H:%M:%S")),
    ("操作人", lambda e: e.actor_label),
    ("操作人ID", lambda e: e.actor_id),
    ("代操作人（平台客服）", lambda e: e.impersonator_label),
    ("动作", lambda e: e.action),
    ("对象类型", lambda e: e.object_type),
    ("对象ID", lambda e: e.object_id),
    ("对象", lambda e: e.object_label),
    ("修改前", lambda e: _text(e.before)),
    ("修改后", lambda e: _text(e.after)),
    ("IP", lambda e: e.ip or ""),
    ("客户端", lambda e: e.user_agent),
    ("请求ID", lambda e: e.request_id),
]


# The back-office export goes through the export engine (issue 19): it names people (operators,
# objects) and holds their IP addresses, so it needs a stated reason, is stamped with the
# requester and time, audited as "audit.export", and IPs are masked for roles without the right
# to full personal data. Large trails run as a background job (core/exports.py registers the spec
# for the worker). The console's per-tenant export (audit_workbook) stays as it is.
REVEAL_PERMISSION = "accounts.reveal_personal_data"


def _mask_ip(value: str) -> str:
    if ":" in value:
        return value.split(":", 1)[0] + ":****"
    parts = value.split(".")
    return ".".join(parts[:2] + ["*", "*"]) if len(parts) == 4 else "****"


def _audit_rows(params: dict):
    return audit_event_search(audit_filters(params))[:EXPORT_MAX_ROWS]


_PERSONAL_COLUMNS = {"操作人", "代操作人（平台客服）", "对象"}


def _safe_getter(getter):
    return lambda event: _excel_safe(getter(event))


AUDIT_EXPORT = register_export(ExportSpec(
    name="core.audit_events",
    title="审计日志",
    permission=VIEW_PERMISSION,
    extra_permissions=(EXPORT_PERMISSION,),
    rows=lambda *, actor, params: _audit_rows(params).iterator(chunk_size=2000),
    count=lambda *, actor, params: min(audit_event_search(audit_filters(params)).count(), EXPORT_MAX_ROWS),
    param_names=FILTER_KEYS,
    personal_data=True,  # operators' names and IP addresses
    fields=[
        ExportField(f"c{index}", title, _safe_getter(getter),
                    permission=REVEAL_PERMISSION if title == "IP" else None, mask=_mask_ip if title == "IP" else None,
                    personal=title in _PERSONAL_COLUMNS)
        for index, (title, getter) in enumerate(EXPORT_COLUMNS)
    ],
    audit_action="audit.export",
    file_title="审计日志",
))


class AuditEventExportView(ExportReasonPageMixin, BackofficeMixin, View):
    """The filtered trail as .xlsx through the export engine: GET asks for the reason, POST builds
    the file (or starts a job for a large trail)."""

    permission_required = (VIEW_PERMISSION, EXPORT_PERMISSION)

    def _filters(self, request) -> dict[str, str]:
        return {k: v for k, v in audit_filters(request.POST if request.method == "POST" else request.GET).items() if v}

    def get(self, request):
        filters = self._filters(request)
        count = min(audit_event_search(audit_filters(filters)).count(), EXPORT_MAX_ROWS)
        return self.export_reason_page(request, title="审计日志", count=count, back_url=reverse("backoffice:audit:list"))

    def post(self, request):
        try:
            return export_start_response(request, spec_name=AUDIT_EXPORT.name, params=self._filters(request), reason=request.POST.get("reason", ""))
        except ApplicationError as exc:
            return self.export_reason_page(request, title="审计日志", error=exc.message, status=400, back_url=reverse("backoffice:audit:list"))


def audit_workbook(queryset: QuerySet[AuditEvent]):
    """(temporary file, rows written, truncated) for the events, also used by the console."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("审计日志")
    bold = Font(bold=True)
    header = []
    for title, _ in EXPORT_COLUMNS:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    rows = 0
    truncated = False
    for event in queryset.iterator(chunk_size=2000):
        if rows >= EXPORT_MAX_ROWS:
            truncated = True
            break
        sheet.append([_excel_safe(getter(event)) for _, getter in EXPORT_COLUMNS])
        rows += 1
    if truncated:
        sheet.append([f"仅导出前 {EXPORT_MAX_ROWS} 条，请缩小筛选范围后分批导出。"])
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
    workbook.save(handle)
    handle.seek(0)
    return handle, rows, truncated


def _excel_safe(value):
    # Cells starting with = + - @ would be evaluated as formulas by spreadsheet programs.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value
