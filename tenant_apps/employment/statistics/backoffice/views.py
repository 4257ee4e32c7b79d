"""The statistics dashboard: rates, progress, breakdowns, charts (core.charts), Excel export,
inside the viewer's data scope (a counsellor sees only their classes)."""

from __future__ import annotations

import datetime

from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views import View
from django.views.generic import TemplateView

from core.charts import bar_chart, pie_chart
from core.importexport.xlsx import XLSX_CONTENT_TYPE
from core.web.views import BackofficeMixin
from tenant_apps.accounts.selectors import org_units_in_scope
from tenant_apps.employment.statistics.exports import build_statistics_workbook
from tenant_apps.employment.statistics.filters import PERMISSION, parse_filters
from tenant_apps.employment.statistics.selectors import DIMENSIONS, cohort_figures
from tenant_apps.employment.students.selectors import graduation_years


class DashboardView(BackofficeMixin, TemplateView):
    permission_required = PERMISSION
    template_name = "employment_statistics/backoffice/dashboard.html"
    page_title = "就业统计"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filters = parse_filters(self.request.GET)
        figures = cohort_figures(actor=self.request.user, **filters)
        dimension = self.request.GET.get("by") if self.request.GET.get("by") in dict(DIMENSIONS) else "college"
        rows = figures.breakdown(dimension)
        college_rows = figures.breakdown("college")
        overall = figures.overall
        charts = [
            bar_chart(f"毕业去向落实率（按{dict(DIMENSIONS)[dimension]}，%）", [name for name, _ in rows],
                      [("落实率", [t.placement_rate for _, t in rows]), ("签约率（本校口径）", [t.signing_rate for _, t in rows])],
                      percent=True, horizontal=len(rows) > 8),
            pie_chart("已落实去向构成", [(group, count) for group, count, _ in figures.groups if group != "未就业"]),
            bar_chart("工作进度（%）", [name for name, _ in college_rows],
                      [("已核验", [t.verification_rate for _, t in college_rows]), ("已填报", [t.filing_rate for _, t in college_rows]),
                       ("已终审/已填报", [t.approval_rate for _, t in college_rows])], percent=True),
        ]
        today = timezone.localdate()
        context.update(
            figures=figures, overall=overall, rows=rows, dimension=dimension, dimensions=DIMENSIONS, charts=charts, filters=filters,
            years=graduation_years(), units=org_units_in_scope(actor=self.request.user).filter(kind__in=["college", "major", "class"]).order_by("path"),
            quick_dates=[datetime.date(today.year, 8, 31), datetime.date(today.year - 1, 12, 31)] if today >= datetime.date(today.year, 8, 31)
            else [datetime.date(today.year - 1, 8, 31), datetime.date(today.year - 1, 12, 31)],
            query=self.request.GET.urlencode(),
        )
        return context


class ExportView(BackofficeMixin, View):
    permission_required = PERMISSION

    def get(self, request):
        filters = parse_filters(request.GET)
        figures = cohort_figures(actor=request.user, **filters)
        response = HttpResponse(build_statistics_workbook(figures), content_type=XLSX_CONTENT_TYPE)
        suffix = f"-截至{filters['as_of']:%Y%m%d}" if filters["as_of"] else ""
        response["Content-Disposition"] = content_disposition_header(True, f"就业统计-{filters['year'] or '全部'}届{suffix}.xlsx")
        return response
