"""Back-office audit log (P10): search, detail with before/after side by side, Excel export."""

from __future__ import annotations

import datetime
import json
import tempfile

from django.db.models import Q, QuerySet
from django.http import FileResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView

from core.audit import audit_record
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


class AuditEventExportView(BackofficeMixin, View):
    """The filtered trail as .xlsx. openpyxl's write-only mode keeps memory flat; the workbook
    is written to a temporary file that is streamed back. The export is itself audited."""

    permission_required = (VIEW_PERMISSION, EXPORT_PERMISSION)

    def get(self, request):
        filters = audit_filters(request.GET)
        queryset = audit_event_search(filters)
        workbook_file, rows, truncated = audit_workbook(queryset)
        audit_record(
            actor=request.user, action="audit.export", object_type="core.auditevent", object_label="审计日志导出",
            after={"filters": {k: v for k, v in filters.items() if v}, "rows": rows, "truncated": truncated}, only_changes=False,
        )
        name = f"audit-{timezone.localtime():%Y%m%d-%H%M%S}.xlsx"
        response = FileResponse(
            workbook_file, as_attachment=True, filename=name,
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Cache-Control"] = "no-store"
        return response


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
