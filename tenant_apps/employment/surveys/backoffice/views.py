"""The survey builder, publishing, results with charts and a cross-tab by college, export."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.http import content_disposition_header
from django.views import View
from django.views.generic import TemplateView

from core.charts import bar_chart, pie_chart
from core.errors import ApplicationError
from core.importexport.xlsx import XLSX_CONTENT_TYPE
from core.web.pagination import paginate
from core.web.views import BackofficeMixin
from tenant_apps.accounts.models import OrgUnit
from tenant_apps.employment.students.selectors import graduation_years
from tenant_apps.employment.surveys import selectors, services
from tenant_apps.employment.surveys.enums import END, QuestionKind, SurveyStatus
from tenant_apps.employment.surveys.exports import build_responses_workbook
from tenant_apps.employment.surveys.templates_data import TEMPLATES


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def parse_jumps(text: str) -> dict:
    """"1=>5" per line: option 1 jumps to question 5; "2=>结束" ends the survey (options count from 1)."""
    jumps = {}
    for line in _lines(text):
        option, _, target = line.replace("＝", "=").replace("＞", ">").partition("=>")
        option, target = option.strip(), target.strip()
        if not option.isdigit() or not target:
            raise ApplicationError(f"跳题设置“{line}”格式应为：选项序号=>题号（或 结束）。", fields={"jumps": ["格式有误。"]})
        jumps[str(int(option) - 1)] = END if target in ("结束", "end") else target
    return jumps


class SurveyMixin(BackofficeMixin):
    def survey(self):
        survey = selectors.survey_get(pk=self.kwargs["pk"])
        if survey is None:
            raise Http404
        return survey


class SurveyListView(BackofficeMixin, TemplateView):
    permission_required = "employment_surveys.view_survey"
    template_name = "surveys/backoffice/list.html"
    page_title = "问卷调查"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        status, q = self.request.GET.get("status", ""), self.request.GET.get("q", "").strip()[:100]
        context.update(paginate(self.request, selectors.survey_list(status=status, q=q), per_page=20), status=status, q=q, statuses=SurveyStatus.choices,
                       templates=TEMPLATES.values())
        return context

    def post(self, request):
        if not request.user.has_perm("employment_surveys.add_survey"):
            raise PermissionDenied
        try:
            if request.POST.get("template"):
                survey = services.survey_create_from_template(actor=request.user, code=request.POST["template"])
            else:
                survey = services.survey_save(actor=request.user, title=request.POST.get("title", ""), description=request.POST.get("description", ""))
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return redirect("backoffice:employment_surveys:list")
        return redirect("backoffice:employment_surveys:detail", pk=survey.pk)


class SurveyDetailView(SurveyMixin, TemplateView):
    permission_required = "employment_surveys.view_survey"
    template_name = "surveys/backoffice/detail.html"

    ACTIONS = {"add_question": "employment_surveys.change_survey", "delete_question": "employment_surveys.change_survey",
               "quota": "employment_surveys.change_survey", "settings": "employment_surveys.change_survey",
               "publish": "employment_surveys.publish_survey", "close": "employment_surveys.publish_survey"}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        survey = self.survey()
        questions = selectors.questions_of(survey)
        context.update(survey=survey, page_title=survey.title, questions=questions, kinds=QuestionKind.choices, years=graduation_years(),
                       quotas=list(survey.quotas.select_related("org_unit")), response_count=survey.responses.count(),
                       units=OrgUnit.objects.filter(kind__in=["college", "major"]).order_by("path"),
                       audience_count=selectors.audience_count(audience=survey.audience) if not survey.is_draft else None)
        return context

    def post(self, request, pk):
        survey = self.survey()
        action = request.POST.get("action", "")
        permission = self.ACTIONS.get(action)
        if permission is None or not request.user.has_perm(permission):
            raise PermissionDenied
        post = request.POST
        try:
            if action == "add_question":
                services.question_add(actor=request.user, survey=survey, kind=post.get("kind", ""), title=post.get("title", ""),
                                      is_required=post.get("is_required") == "1", options=_lines(post.get("options", "")), rows=_lines(post.get("rows", "")),
                                      scale_max=int(post.get("scale_max") or 5), scale_labels=post.get("scale_labels", ""), jumps=parse_jumps(post.get("jumps", "")))
                messages.success(request, "题目已添加。")
            elif action == "delete_question":
                question = survey.questions.filter(pk=post.get("question") or 0).first()
                if question is None:
                    raise Http404
                services.question_delete(actor=request.user, question=question)
                messages.success(request, "题目已删除。")
            elif action == "quota":
                unit = OrgUnit.objects.filter(pk=post.get("org_unit") or 0).first()
                if unit is None:
                    raise ApplicationError("请选择院系。")
                services.quota_set(actor=request.user, survey=survey, org_unit=unit, limit=int(post.get("limit") or 0))
                messages.success(request, "名额已保存。")
            elif action == "settings":
                services.survey_save(actor=request.user, survey=survey, title=post.get("title", ""), description=post.get("description", ""),
                                     max_responses=int(post.get("max_responses") or 0) or None, closes_at=survey.closes_at)
                messages.success(request, "问卷信息已保存。")
            elif action == "publish":
                services.survey_publish(actor=request.user, survey=survey, audience={"graduation_years": post.getlist("graduation_years"),
                                                                                     "org_unit_ids": post.getlist("org_unit_ids")})
                messages.success(request, "问卷已发布，并已推送给发放对象。")
            elif action == "close":
                services.survey_close(actor=request.user, survey=survey)
                messages.success(request, "问卷已结束收集。")
        except ApplicationError as exc:
            messages.error(request, exc.message)
        except ValueError:
            messages.error(request, "数字格式有误。")
        return redirect("backoffice:employment_surveys:detail", pk=survey.pk)


class SurveyResultsView(SurveyMixin, TemplateView):
    permission_required = "employment_surveys.view_survey_results"
    template_name = "surveys/backoffice/results.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        survey = self.survey()
        total, items = selectors.results(survey=survey)
        charts = {}
        for item in items:
            q = item.question
            if q.kind == QuestionKind.SINGLE:
                charts[q.pk] = pie_chart(f"{q.position}. {q.title}", list(zip(q.options, item.counts, strict=True)))
            elif q.kind in (QuestionKind.MULTIPLE, QuestionKind.SCALE):
                charts[q.pk] = bar_chart(f"{q.position}. {q.title}", item.labels, [("人数", item.counts)], horizontal=q.kind == QuestionKind.MULTIPLE)
            elif q.kind == QuestionKind.MATRIX:
                charts[q.pk] = bar_chart(f"{q.position}. {q.title}（平均分）", list(q.rows), [("平均分", item.matrix_averages)], horizontal=True)
        crossable = [i.question for i in items if i.question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.SCALE)]
        chosen = next((q for q in crossable if str(q.pk) == self.request.GET.get("cross")), crossable[0] if crossable else None)
        cross = selectors.crosstab(survey=survey, question=chosen) if chosen else None
        cross_chart = None
        if cross and cross[1]:
            labels, rows = cross
            cross_chart = bar_chart(f"按学院：{chosen.title}", [r[0] for r in rows], [(label, [r[1][i] for r in rows]) for i, label in enumerate(labels)],
                                    stacked=True)
        context.update(survey=survey, page_title=f"{survey.title} · 结果", total=total, items=[(i, charts.get(i.question.pk)) for i in items],
                       crossable=crossable, chosen=chosen, cross=cross, cross_chart=cross_chart)
        return context


class SurveyExportView(SurveyMixin, View):
    permission_required = "employment_surveys.export_survey"

    def get(self, request, pk):
        survey = self.survey()
        response = HttpResponse(build_responses_workbook(survey), content_type=XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = content_disposition_header(True, f"问卷答卷-{survey.title}.xlsx")
        return response
