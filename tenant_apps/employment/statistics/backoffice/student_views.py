"""The student statistics page (seed §2.6.1): counts by college or major, charts, export."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.views import View
from django.views.generic import TemplateView

from core.charts import bar_chart
from core.importexport.xlsx import XLSX_CONTENT_TYPE
from core.web.views import BackofficeMixin
from tenant_apps.accounts.selectors import org_units_in_scope
from tenant_apps.employment.statistics.filters import PERMISSION, parse_filters
from tenant_apps.employment.statistics.student_exports import (
    build_student_workbook,
    headers,
    tally_row,
)
from tenant_apps.employment.statistics.student_selectors import student_figures
from tenant_apps.employment.students.selectors import graduation_years


class StudentStatisticsView(BackofficeMixin, TemplateView):
    permission_required = PERMISSION
    template_name = "employment_statistics/backoffice/students.html"
    page_title = "学生数据统计"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filters = parse_filters(self.request.GET)
        figures = student_figures(actor=self.request.user, year=filters["year"], unit_id=filters["unit_id"])
        dimension = "major" if self.request.GET.get("by") == "major" else "college"
        rows = figures.by(dimension)
        colleges = figures.by("college")
        names = [name for name, _ in colleges]
        charts = [bar_chart("入库、绑定与登录（按学院）", names, [("入库", [t.imported for _, t in colleges]), ("已绑定", [t.bound for _, t in colleges]),
                                                           ("已登录", [t.logged_in for _, t in colleges])])]
        if figures.has_applications:
            charts.append(bar_chart("简历、投递与面试邀约（按学院）", names, [("简历", [t.resumes for _, t in colleges]),
                                                                   ("投递", [t.applications for _, t in colleges]), ("面试邀约", [t.interviews for _, t in colleges])]))
        context.update(figures=figures, overall=figures.overall, rows=[(name, tally_row(figures, t)) for name, t in rows], headers=headers(figures),
                       total_row=tally_row(figures, figures.overall), dimension=dimension, charts=charts, filters=filters, years=graduation_years(),
                       units=org_units_in_scope(actor=self.request.user).filter(kind__in=["college", "major", "class"]).order_by("path"),
                       query=self.request.GET.urlencode())
        return context


class StudentStatisticsExportView(BackofficeMixin, View):
    permission_required = PERMISSION

    def get(self, request):
        filters = parse_filters(request.GET)
        figures = student_figures(actor=request.user, year=filters["year"], unit_id=filters["unit_id"])
        response = HttpResponse(build_student_workbook(figures), content_type=XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = content_disposition_header(True, f"学生数据统计-{filters['year'] or '全部'}届.xlsx")
        return response
