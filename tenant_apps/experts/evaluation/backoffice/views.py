"""Back office of expert evaluation: thin views over services and selectors."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.views.generic import TemplateView

from core.errors import ApplicationError
from core.web.pagination import paginate
from core.web.views import BackofficeMixin
from tenant_apps.experts.evaluation import selectors, services
from tenant_apps.experts.evaluation.enums import (
    FlagOutcome,
    FlagStatus,
    ParticipationGrade,
    RuleCondition,
)
from tenant_apps.experts.evaluation.initializers import DEFAULT_INDICATORS
from tenant_apps.experts.evaluation.models import ExpertFlag, FlagRule, IndicatorSet

INDICATOR_SLOTS = 12


def _error_text(exc: ApplicationError) -> str:
    details = [m for messages_ in exc.fields.values() for m in messages_]
    return f"{exc.message}{'（' + '；'.join(details) + '）' if details else ''}"


def _int(value, default: int | None = None) -> int | None:
    value = str(value or "").strip()
    return int(value) if value.isdigit() else default


class EvaluationMixin(BackofficeMixin):
    """Errors of a write come back as a message on the page the user came from."""

    fallback_url = "backoffice:experts_evaluation:project_list"

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except ApplicationError as exc:
            messages.error(request, _error_text(exc))
            return redirect(request.META.get("HTTP_REFERER") or reverse(self.fallback_url))

    def require(self, *permissions: str) -> None:
        """An action needing more than the page's permission: any one of `permissions`."""
        if not any(self.request.user.has_perm(p) for p in permissions):
            raise PermissionDenied


# --- projects and scoring -------------------------------------------------------------------


class ProjectListView(EvaluationMixin, TemplateView):
    """Projects whose review has started, with scoring progress."""

    permission_required = "expert_evaluation.view_evaluation"
    template_name = "evaluation/backoffice/project_list.html"
    page_title = "专家评价"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        search = selectors.ProjectSearch.from_query(self.request.GET)
        context.update(search=search, active_set=selectors.active_indicator_set(), now=timezone.now(),
                       **paginate(self.request, selectors.projects_to_score(actor=self.request.user, search=search), per_page=20))
        return context


def _deadline(value: str) -> datetime.datetime:
    parsed = parse_datetime(value or "")
    if parsed is None:
        raise ApplicationError("请填写截止时间。", fields={"deadline": ["必填。"]})
    return timezone.make_aware(parsed) if timezone.is_naive(parsed) else parsed


class ProjectScoringView(EvaluationMixin, TemplateView):
    """Scoring page of one project: per drawn panel, the attending members and a row of
    indicator points each (one form per row), the deadline and its lock."""

    permission_required = "expert_evaluation.view_evaluation"
    template_name = "evaluation/backoffice/project_scores.html"

    def project(self):
        project = selectors.project_get(actor=self.request.user, pk=int(self.kwargs["pk"]))
        if project is None:
            raise Http404
        return project

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        project = self.project()
        sheets = selectors.project_sheets(actor=self.request.user, project=project)
        can_add = self.request.user.has_perm("expert_evaluation.add_evaluation")
        can_change = self.request.user.has_perm("expert_evaluation.change_evaluation")
        for sheet in sheets:
            for row in sheet.rows:
                row.editable = sheet.is_writable and (can_change if row.evaluation else can_add)
        context.update(project=project, page_title=f"专家评价 · {project.title}", sheets=sheets, grades=ParticipationGrade.choices,
                       active_set=selectors.active_indicator_set())
        return context

    def post(self, request, *args, **kwargs):
        project = self.project()
        action = request.POST.get("action", "")
        if action == "score":
            self.require("expert_evaluation.add_evaluation", "expert_evaluation.change_evaluation")
            member = selectors.member_get(actor=request.user, pk=_int(request.POST.get("member"), 0))
            if member is None or member.draw_id not in selectors.project_draw_ids(project):
                raise Http404
            scores = {int(key.removeprefix("score_")): value for key, value in request.POST.items() if key.startswith("score_") and key[6:].isdigit()}
            services.evaluation_submit(actor=request.user, member=member, scores=scores, participation=request.POST.get("participation", ""),
                                       comment=request.POST.get("comment", ""))
            messages.success(request, f"已保存第 {member.row} 号专家的评分。")
        elif action == "deadline":
            self.require("expert_evaluation.change_evaluationround")
            draw = selectors.draw_get(actor=request.user, pk=_int(request.POST.get("draw"), 0))
            if draw is None:
                raise Http404
            services.round_set_deadline(actor=request.user, draw=draw, deadline=_deadline(request.POST.get("deadline", "")))
            messages.success(request, "评分截止时间已设置。")
        return redirect("backoffice:experts_evaluation:project_scores", pk=project.pk)


# --- experts --------------------------------------------------------------------------------


class ExpertOverviewView(EvaluationMixin, TemplateView):
    """Every scored expert with count, average and lowest score (the history's entry point)."""

    permission_required = "expert_evaluation.view_evaluation"
    template_name = "evaluation/backoffice/expert_list.html"
    page_title = "评价汇总"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        search = selectors.ExpertSearch.from_query(self.request.GET)
        pagination = paginate(self.request, selectors.experts_overview(actor=self.request.user, search=search), per_page=20)
        rows = [{"expert": e, "name": selectors.display_name(actor=self.request.user, expert=e), "average": selectors.rounded(e.average)}
                for e in pagination["object_list"]]
        context.update(search=search, rows=rows, **pagination)
        return context


class ExpertHistoryView(EvaluationMixin, TemplateView):
    """One expert's scores over time, acceptance and attendance, and the flags raised."""

    permission_required = "expert_evaluation.view_evaluation"
    template_name = "evaluation/backoffice/expert_history.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        expert = selectors.expert_get(actor=self.request.user, pk=int(self.kwargs["pk"]))
        if expert is None:
            raise Http404
        name = selectors.display_name(actor=self.request.user, expert=expert)
        context.update(expert=expert, name=name, page_title=f"评价记录 · {name}", summary=selectors.expert_summary(expert),
                       **paginate(self.request, selectors.expert_evaluations(expert), per_page=20),
                       flags=selectors.flag_search(actor=self.request.user, search=selectors.FlagSearch(status="all")).filter(expert=expert)[:50])
        return context


# --- indicator sets -------------------------------------------------------------------------


class IndicatorSetListView(EvaluationMixin, TemplateView):
    permission_required = "expert_evaluation.view_indicatorset"
    template_name = "evaluation/backoffice/indicator_sets.html"
    page_title = "评价指标"
    fallback_url = "backoffice:experts_evaluation:indicator_sets"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(**paginate(self.request, selectors.indicator_sets(), per_page=20))
        return context

    def post(self, request, *args, **kwargs):
        indicator_set = IndicatorSet.objects.filter(pk=_int(request.POST.get("indicator_set"), 0)).first()
        if indicator_set is None:
            raise Http404
        action = request.POST.get("action", "")
        if action == "activate":
            self.require("expert_evaluation.change_indicatorset")
            services.indicator_set_activate(actor=request.user, indicator_set=indicator_set)
            messages.success(request, f"已启用“{indicator_set.name}”，此后开启的评分使用该指标体系。")
        elif action == "copy":
            self.require("expert_evaluation.add_indicatorset")
            copy = services.indicator_set_copy(actor=request.user, indicator_set=indicator_set)
            messages.success(request, "已复制为新版本，请修改后启用。")
            return redirect("backoffice:experts_evaluation:indicator_set_edit", pk=copy.pk)
        elif action == "delete":
            self.require("expert_evaluation.delete_indicatorset")
            services.indicator_set_delete(actor=request.user, indicator_set=indicator_set)
            messages.success(request, "已删除。")
        return redirect("backoffice:experts_evaluation:indicator_sets")


def _indicator_rows(post) -> list[services.IndicatorInput]:
    rows = []
    for slot in range(1, INDICATOR_SLOTS + 1):
        name = post.get(f"name_{slot}", "").strip()
        if not name:
            continue
        weight = _int(post.get(f"weight_{slot}"))
        if weight is None:
            raise ApplicationError(f"请填写“{name}”的分值。", fields={f"weight_{slot}": ["必填。"]})
        rows.append(services.IndicatorInput(name=name, weight=weight, description=post.get(f"description_{slot}", "")))
    return rows


class IndicatorSetFormView(EvaluationMixin, TemplateView):
    template_name = "evaluation/backoffice/indicator_set_form.html"
    fallback_url = "backoffice:experts_evaluation:indicator_sets"

    def dispatch(self, request, *args, **kwargs):
        self.permission_required = "expert_evaluation.change_indicatorset" if "pk" in kwargs else "expert_evaluation.add_indicatorset"
        return super().dispatch(request, *args, **kwargs)

    def indicator_set(self) -> IndicatorSet | None:
        if "pk" not in self.kwargs:
            return None
        indicator_set = selectors.indicator_set_get(pk=int(self.kwargs["pk"]))
        if indicator_set is None:
            raise Http404
        return indicator_set

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        indicator_set = context.setdefault("indicator_set", self.indicator_set())
        if "form" in context:
            form = context["form"]
            values = {"name": form.get("name", ""), "scoring_days": form.get("scoring_days", "")}
            rows = [{"name": form.get(f"name_{n}", ""), "weight": form.get(f"weight_{n}", ""), "description": form.get(f"description_{n}", "")}
                    for n in range(1, INDICATOR_SLOTS + 1)]
        elif indicator_set is not None:
            values = {"name": indicator_set.name, "scoring_days": indicator_set.scoring_days}
            rows = [{"name": i.name, "weight": i.weight, "description": i.description} for i in indicator_set.indicators.all()]
        else:
            values = {"name": "专家评审表现评价", "scoring_days": 2}
            rows = [{"name": n, "weight": w, "description": d} for n, w, d in DEFAULT_INDICATORS]
        rows += [{"name": "", "weight": "", "description": ""}] * (INDICATOR_SLOTS - len(rows))
        in_use = indicator_set is not None and selectors.indicator_set_in_use(indicator_set)
        context.update(values=values, rows=[{"slot": n, **row} for n, row in enumerate(rows[:INDICATOR_SLOTS], start=1)], in_use=in_use,
                       page_title=f"编辑指标体系 · {indicator_set.name}" if indicator_set else "新建评价指标体系")
        return context

    def post(self, request, *args, **kwargs):
        indicator_set = self.indicator_set()
        try:
            saved = services.indicator_set_save(actor=request.user, indicator_set=indicator_set, name=request.POST.get("name", ""),
                                                scoring_days=_int(request.POST.get("scoring_days"), 2), indicators=_indicator_rows(request.POST))
        except ApplicationError as exc:
            return self.render_to_response(self.get_context_data(error=_error_text(exc), form=request.POST, indicator_set=indicator_set), status=400)
        messages.success(request, "指标体系已保存。" if saved.is_active else "指标体系已保存，启用后用于新的评分。")
        return redirect("backoffice:experts_evaluation:indicator_sets")


# --- rules and flags ------------------------------------------------------------------------


def _rule_input(post) -> services.RuleInput:
    try:
        threshold = Decimal(post.get("threshold", "").strip())
    except InvalidOperation as exc:
        raise ApplicationError("请填写分数线。", fields={"threshold": ["必填。"]}) from exc
    if post.get("outcome") not in FlagOutcome.values or post.get("condition") not in RuleCondition.values:
        raise ApplicationError("请选择条件与处理建议。", fields={"condition": ["必填。"]})
    return services.RuleInput(name=post.get("name", ""), outcome=post["outcome"], condition=post["condition"], threshold=threshold,
                              min_reviews=_int(post.get("min_reviews"), 1), recent_count=_int(post.get("recent_count")), is_active=bool(post.get("is_active")))


class RuleListView(EvaluationMixin, TemplateView):
    permission_required = "expert_evaluation.view_flagrule"
    template_name = "evaluation/backoffice/rules.html"
    page_title = "评价规则"
    fallback_url = "backoffice:experts_evaluation:rules"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(rules=selectors.rules(), outcomes=FlagOutcome.choices, conditions=RuleCondition.choices, values=context.get("form") or {"is_active": "on"})
        return context

    def post(self, request, *args, **kwargs):
        if request.POST.get("action") == "recheck":
            self.require("expert_evaluation.change_expertflag")
            raised = services.flags_recheck(actor=request.user)
            messages.success(request, f"已重新检查，新增 {raised} 条提示。")
            return redirect("backoffice:experts_evaluation:rules")
        self.require("expert_evaluation.add_flagrule")
        try:
            services.rule_save(actor=request.user, data=_rule_input(request.POST))
        except ApplicationError as exc:
            return self.render_to_response(self.get_context_data(error=_error_text(exc), form=request.POST), status=400)
        messages.success(request, "规则已保存，已按新规则检查全部专家。")
        return redirect("backoffice:experts_evaluation:rules")


class RuleFormView(EvaluationMixin, TemplateView):
    permission_required = "expert_evaluation.change_flagrule"
    template_name = "evaluation/backoffice/rule_form.html"
    fallback_url = "backoffice:experts_evaluation:rules"

    def rule(self) -> FlagRule:
        rule = selectors.rule_get(pk=int(self.kwargs["pk"]))
        if rule is None:
            raise Http404
        return rule

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rule = self.rule()
        values = context.get("form") or {"name": rule.name, "outcome": rule.outcome, "condition": rule.condition, "threshold": rule.threshold,
                                         "min_reviews": rule.min_reviews, "recent_count": rule.recent_count or "", "is_active": "on" if rule.is_active else ""}
        context.update(rule=rule, values=values, outcomes=FlagOutcome.choices, conditions=RuleCondition.choices, page_title=f"编辑规则 · {rule.name}")
        return context

    def post(self, request, *args, **kwargs):
        rule = self.rule()
        try:
            services.rule_save(actor=request.user, rule=rule, data=_rule_input(request.POST))
        except ApplicationError as exc:
            return self.render_to_response(self.get_context_data(error=_error_text(exc), form=request.POST), status=400)
        messages.success(request, "规则已保存，已按新规则检查全部专家。")
        return redirect("backoffice:experts_evaluation:rules")


class FlagListView(EvaluationMixin, TemplateView):
    """Experts flagged by the rules, for staff to accept (act on) or dismiss."""

    permission_required = "expert_evaluation.view_expertflag"
    template_name = "evaluation/backoffice/flags.html"
    page_title = "评价提示"
    fallback_url = "backoffice:experts_evaluation:flags"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        search = selectors.FlagSearch.from_query(self.request.GET)
        pagination = paginate(self.request, selectors.flag_search(actor=self.request.user, search=search), per_page=20)
        rows = [{"flag": f, "name": selectors.display_name(actor=self.request.user, expert=f.expert)} for f in pagination["object_list"]]
        context.update(search=search, rows=rows, statuses=FlagStatus.choices, outcomes=FlagOutcome.choices, **pagination)
        return context

    def post(self, request, *args, **kwargs):
        self.require("expert_evaluation.change_expertflag")
        flag: ExpertFlag | None = selectors.flag_get(actor=request.user, pk=_int(request.POST.get("flag"), 0))
        if flag is None:
            raise Http404
        decision = request.POST.get("decision", "")
        if decision not in ("accept", "dismiss"):
            raise ApplicationError("请选择采纳或驳回。")
        services.flag_review(actor=request.user, flag=flag, accept=decision == "accept", note=request.POST.get("note", ""))
        messages.success(request, "已采纳并执行。" if decision == "accept" else "已驳回。")
        return redirect(request.get_full_path())
