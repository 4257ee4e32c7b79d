"""The teachers' intention statistics (§2.4.1) with charts and export, and a recompute button."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.http import content_disposition_header
from django.views import View
from django.views.generic import TemplateView

from core.charts import bar_chart, pie_chart
from core.importexport.xlsx import XLSX_CONTENT_TYPE
from core.web.views import BackofficeMixin
from tenant_apps.accounts.selectors import org_units_in_scope
from tenant_apps.employment.recommend import selectors, services
from tenant_apps.employment.recommend.exports import breakdowns, build_intention_workbook
from tenant_apps.employment.recommend.filters import PERMISSION, parse_filters
from tenant_apps.employment.students.selectors import graduation_years


class IntentionStatisticsView(BackofficeMixin, TemplateView):
    permission_required = PERMISSION
    template_name = "recommend/backoffice/statistics.html"
    page_title = "求职意向统计"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filters = parse_filters(self.request.GET)
        stats = selectors.intention_statistics(actor=self.request.user, **filters)
        parts = dict(breakdowns(stats))
        colleges = list(stats.by_college.items())
        charts = [
            bar_chart("意向城市（前 15）", [n for n, _ in parts["意向城市"][:15]], [("人数", [c for _, c in parts["意向城市"][:15]])], horizontal=True),
            bar_chart("意向行业", [n for n, _ in parts["意向行业"]], [("人数", [c for _, c in parts["意向行业"]])], horizontal=True),
            pie_chart("期望月薪", parts["期望月薪"]),
            pie_chart("求职类型", parts["求职类型"]),
            bar_chart("意向填写情况（按学院）", [n for n, _ in colleges], [("学生数", [v[0] for _, v in colleges]), ("已填写", [v[1] for _, v in colleges])]),
        ]
        context.update(stats=stats, charts=charts, parts=parts, filters=filters, years=graduation_years(), query=self.request.GET.urlencode(),
                       units=org_units_in_scope(actor=self.request.user).filter(kind__in=["college", "major", "class"]).order_by("path"))
        return context


class IntentionExportView(BackofficeMixin, View):
    permission_required = PERMISSION

    def get(self, request):
        filters = parse_filters(request.GET)
        stats = selectors.intention_statistics(actor=request.user, **filters)
        response = HttpResponse(build_intention_workbook(stats), content_type=XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = content_disposition_header(True, f"求职意向统计-{filters['year'] or '全部'}届.xlsx")
        return response


class RecomputeView(BackofficeMixin, View):
    permission_required = "employment_recommend.recompute_recommendations"

    def post(self, request):
        services.recompute_all_start(actor=request.user)
        messages.success(request, "已开始重新计算全部学生的职位推荐，几分钟后完成。")
        return redirect("backoffice:employment_recommend:statistics")
