"""Back office of career assessment: students' results (within the teacher's data scope),
one result read as the student sees it, statistics by college and major, and the school's
licensed item bank."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.views.generic import TemplateView

from core.errors import ApplicationError
from core.web.pagination import paginate
from core.web.views import BackofficeMixin
from tenant_apps.employment.assessment import selectors, services
from tenant_apps.employment.assessment.banks import FORMAT
from tenant_apps.employment.assessment.enums import InstrumentCode
from tenant_apps.employment.assessment.models import LicensedBank
from tenant_apps.employment.assessment.presentation import statistics_charts

VIEW = "employment_assessment.view_assessmentresult"


class ResultListView(BackofficeMixin, TemplateView):
    permission_required = VIEW
    template_name = "assessment/backoffice/results.html"
    page_title = "测评结果"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        params = {k: self.request.GET.get(k, "").strip() for k in ("instrument", "college", "major", "q")}
        context.update(paginate(self.request, selectors.results_for(actor=self.request.user, **params), per_page=30), **params,
                       instruments=InstrumentCode.choices, **selectors.filter_choices(actor=self.request.user))
        return context


class ResultDetailView(BackofficeMixin, TemplateView):
    permission_required = VIEW
    template_name = "assessment/backoffice/result.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        result = selectors.result_get(actor=self.request.user, pk=self.kwargs["pk"])
        if result is None:
            raise Http404
        context.update(result=result, outcome=selectors.outcome_of(result), page_title=f"测评结果：{result.student}",
                       history=selectors.results_for(actor=self.request.user, latest_only=False).filter(student=result.student)[:20])
        return context


class StatisticsView(BackofficeMixin, TemplateView):
    permission_required = VIEW
    template_name = "assessment/backoffice/statistics.html"
    page_title = "测评统计"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        instrument = self.request.GET.get("instrument", "riasec")
        instrument = instrument if instrument in InstrumentCode.values else "riasec"
        college = self.request.GET.get("college", "").strip()
        stats = selectors.statistics(actor=self.request.user, instrument=instrument, college=college)
        rows = [[g, stats["takers"][g], *[stats["by_group"][g].get(label, 0) for label in stats["labels"]]] for g in stats["groups"]]
        context.update(stats=stats, rows=rows, instrument=instrument, college=college, instruments=InstrumentCode.choices,
                       charts=statistics_charts(stats, instrument_name=InstrumentCode(instrument).label), **selectors.filter_choices(actor=self.request.user))
        return context


class BankListView(BackofficeMixin, TemplateView):
    permission_required = "employment_assessment.view_licensedbank"
    template_name = "assessment/backoffice/banks.html"
    page_title = "授权题库"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"banks": selectors.banks()[:50], "format": FORMAT,
                                                    "can_add": self.request.user.has_perm("employment_assessment.add_licensedbank")}

    def post(self, request):
        if not request.user.has_perm("employment_assessment.add_licensedbank"):
            raise PermissionDenied
        try:
            if request.POST.get("action") in ("activate", "deactivate"):
                bank = LicensedBank.objects.filter(pk=request.POST.get("bank") or 0).first()
                if bank is None:
                    raise Http404
                services.bank_set_active(actor=request.user, bank=bank, is_active=request.POST["action"] == "activate")
                messages.success(request, "已更新。")
            else:
                upload = request.FILES.get("file")
                if upload is None:
                    raise ApplicationError("请选择题库文件。")
                if upload.size > 1024 * 1024:
                    raise ApplicationError("题库文件不能超过 1 MB。")
                bank = services.bank_upload(actor=request.user, raw=upload.read())
                messages.success(request, f"题库“{bank.name}”已启用，共 {bank.item_count} 题。")
        except ApplicationError as exc:
            return self.render_to_response(self.get_context_data(error=exc.message, problems=exc.fields.get("file", [])), status=exc.status)
        return redirect("backoffice:employment_assessment:banks")
