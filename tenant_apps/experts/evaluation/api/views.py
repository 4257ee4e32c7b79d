"""Expert evaluation API: indicator sets, the scoring sheet of a project, scores, an expert's
history, rules and flags. Thin: parse, call one service or selector, serialise."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.response import Response

from core.api.base import TenantAPIMixin, error_responses
from core.errors import ApplicationError, NotFound
from tenant_apps.experts.evaluation import selectors, services
from tenant_apps.experts.evaluation.api import serializers as s
from tenant_apps.experts.evaluation.errors import EvaluationErrorCode
from tenant_apps.experts.evaluation.models import Evaluation, ExpertFlag, FlagRule, IndicatorSet

TAGS = ["专家评价"]
ERRORS = error_responses(400, 401, 403, 404, 409)
VIEW = "expert_evaluation.view_evaluation"


class _EvaluationAPI(TenantAPIMixin, generics.GenericAPIView):
    # Shapes are declared per method with extend_schema; this only satisfies GenericAPIView.
    serializer_class = s.EvaluationRecordSerializer

    def parse(self, serializer_class) -> dict:
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)


# --- plain rows -----------------------------------------------------------------------------


def indicator_set_row(indicator_set: IndicatorSet) -> dict:
    return {"id": indicator_set.pk, "name": indicator_set.name, "scoring_days": indicator_set.scoring_days, "is_active": indicator_set.is_active,
            "in_use": selectors.indicator_set_in_use(indicator_set),
            "indicators": [{"id": i.pk, "name": i.name, "weight": i.weight, "description": i.description} for i in indicator_set.indicators.all()]}


def evaluation_row(evaluation: Evaluation) -> dict:
    project = evaluation.member.draw.project
    return {"id": evaluation.pk, "member_id": evaluation.member_id, "expert_id": evaluation.expert_id, "project_id": project.pk, "project_title": project.title,
            "total": evaluation.total, "participation": evaluation.participation, "comment": evaluation.comment,
            "scored_by": str(evaluation.scored_by) if evaluation.scored_by_id else "", "scored_at": evaluation.scored_at,
            "scores": [{"indicator": x.indicator_id, "score": x.score} for x in evaluation.scores.all()]}


def sheet_row(sheet: selectors.DrawSheet) -> dict:
    indicator_set_id = sheet.evaluation_round.indicator_set_id if sheet.evaluation_round else (sheet.indicators[0].indicator_set_id if sheet.indicators else None)
    return {"draw_id": sheet.draw.pk, "project_id": sheet.draw.project_id, "indicator_set_id": indicator_set_id, "round_opened": sheet.evaluation_round is not None,
            "deadline": sheet.deadline, "is_open": sheet.is_open, "is_locked": sheet.is_locked,
            "indicators": [{"id": i.pk, "name": i.name, "weight": i.weight, "description": i.description} for i in sheet.indicators],
            "rows": [{"member_id": r.member.pk, "row": r.member.row, "expert_id": r.member.expert_id, "name": r.name, "role": r.member.role,
                      "evaluation": evaluation_row(r.evaluation) if r.evaluation else None} for r in sheet.rows]}


def rule_row(rule: FlagRule) -> dict:
    return {"id": rule.pk, "name": rule.name, "outcome": rule.outcome, "condition": rule.condition, "threshold": rule.threshold, "min_reviews": rule.min_reviews,
            "recent_count": rule.recent_count, "is_active": rule.is_active, "description": rule.description}


def _indicators(data: dict) -> list[services.IndicatorInput]:
    return [services.IndicatorInput(name=i["name"], weight=i["weight"], description=i.get("description", "")) for i in data["indicators"]]


# --- indicator sets -------------------------------------------------------------------------


class IndicatorSetListAPI(_EvaluationAPI):
    permission_map = {"GET": "expert_evaluation.view_indicatorset", "POST": "expert_evaluation.add_indicatorset"}

    @extend_schema(operation_id="evaluation_indicator_set_list", tags=TAGS, summary="评价指标体系列表",
                   responses={200: s.EvaluationIndicatorSetSerializer(many=True), **ERRORS})
    def get(self, request):
        rows = self.paginate_queryset(selectors.indicator_sets())
        return self.get_paginated_response(s.EvaluationIndicatorSetSerializer([indicator_set_row(x) for x in rows], many=True).data)

    @extend_schema(operation_id="evaluation_indicator_set_create", tags=TAGS, summary="新建评价指标体系（分值合计须为 100）",
                   request=s.EvaluationIndicatorSetSerializer, responses={201: s.EvaluationIndicatorSetSerializer, **ERRORS})
    def post(self, request):
        data = self.parse(s.EvaluationIndicatorSetSerializer)
        indicator_set = services.indicator_set_save(actor=request.user, name=data["name"], scoring_days=data["scoring_days"], indicators=_indicators(data))
        return Response(s.EvaluationIndicatorSetSerializer(indicator_set_row(indicator_set)).data, status=201)


class IndicatorSetDetailAPI(_EvaluationAPI):
    permission_map = {"GET": "expert_evaluation.view_indicatorset", "PUT": "expert_evaluation.change_indicatorset",
                      "DELETE": "expert_evaluation.delete_indicatorset"}

    def indicator_set(self, pk) -> IndicatorSet:
        indicator_set = selectors.indicator_set_get(pk=int(pk))
        if indicator_set is None:
            raise NotFound("指标体系不存在。")
        return indicator_set

    @extend_schema(operation_id="evaluation_indicator_set_get", tags=TAGS, summary="评价指标体系详情",
                   responses={200: s.EvaluationIndicatorSetSerializer, **ERRORS})
    def get(self, request, pk: int):
        return Response(s.EvaluationIndicatorSetSerializer(indicator_set_row(self.indicator_set(pk))).data)

    @extend_schema(operation_id="evaluation_indicator_set_update", tags=TAGS, summary="修改评价指标体系（未用于评分时）",
                   description="已用于评分的指标体系返回 409 indicator_set_in_use；分值合计不为 100 返回 400 weights_must_total_100。",
                   request=s.EvaluationIndicatorSetSerializer, responses={200: s.EvaluationIndicatorSetSerializer, **ERRORS})
    def put(self, request, pk: int):
        indicator_set = self.indicator_set(pk)
        data = self.parse(s.EvaluationIndicatorSetSerializer)
        indicator_set = services.indicator_set_save(actor=request.user, indicator_set=indicator_set, name=data["name"], scoring_days=data["scoring_days"],
                                                    indicators=_indicators(data))
        return Response(s.EvaluationIndicatorSetSerializer(indicator_set_row(indicator_set)).data)

    @extend_schema(operation_id="evaluation_indicator_set_delete", tags=TAGS, summary="删除评价指标体系（未启用且未用于评分时）",
                   responses={204: None, **ERRORS})
    def delete(self, request, pk: int):
        services.indicator_set_delete(actor=request.user, indicator_set=self.indicator_set(pk))
        return Response(status=204)


class IndicatorSetActivateAPI(_EvaluationAPI):
    permission_map = {"POST": "expert_evaluation.change_indicatorset"}

    @extend_schema(operation_id="evaluation_indicator_set_activate", tags=TAGS, summary="启用评价指标体系（用于此后开启的评分）",
                   request=None, responses={200: s.EvaluationIndicatorSetSerializer, **ERRORS})
    def post(self, request, pk: int):
        indicator_set = selectors.indicator_set_get(pk=int(pk))
        if indicator_set is None:
            raise NotFound("指标体系不存在。")
        indicator_set = services.indicator_set_activate(actor=request.user, indicator_set=indicator_set)
        return Response(s.EvaluationIndicatorSetSerializer(indicator_set_row(indicator_set)).data)


# --- scoring --------------------------------------------------------------------------------


class ProjectSheetAPI(_EvaluationAPI):
    permission_map = {"GET": VIEW}

    @extend_schema(operation_id="evaluation_project_sheet", tags=TAGS, summary="项目评分表：各抽取的参评专家及评分",
                   responses={200: s.EvaluationDrawSheetSerializer(many=True), **ERRORS})
    def get(self, request, pk: int):
        project = selectors.project_get(actor=request.user, pk=int(pk))
        if project is None:
            raise NotFound("项目不存在。")
        sheets = selectors.project_sheets(actor=request.user, project=project)
        return Response(s.EvaluationDrawSheetSerializer([sheet_row(x) for x in sheets], many=True).data)


class DrawRoundAPI(_EvaluationAPI):
    permission_map = {"PUT": "expert_evaluation.change_evaluationround"}

    @extend_schema(operation_id="evaluation_round_set_deadline", tags=TAGS, summary="开启评分或调整评分截止时间",
                   description="评审开始后才能开启；截止时间已过的评分已锁定（409 scoring_closed）。",
                   request=s.EvaluationDeadlineSerializer, responses={200: s.EvaluationRoundSerializer, **ERRORS})
    def put(self, request, pk: int):
        draw = selectors.draw_get(actor=request.user, pk=int(pk))
        if draw is None:
            raise NotFound("抽取记录不存在。")
        data = self.parse(s.EvaluationDeadlineSerializer)
        evaluation_round = services.round_set_deadline(actor=request.user, draw=draw, deadline=data["deadline"])
        return Response(s.EvaluationRoundSerializer({"draw_id": draw.pk, "indicator_set_id": evaluation_round.indicator_set_id, "deadline": evaluation_round.deadline}).data)


class MemberEvaluationAPI(_EvaluationAPI):
    # Scoring needs add_evaluation, re-scoring change_evaluation: the service checks which applies.
    permission_map = {"GET": VIEW, "PUT": VIEW}

    def member(self, pk):
        member = selectors.member_get(actor=self.request.user, pk=int(pk))
        if member is None:
            raise NotFound("评审专家不存在。")
        return member

    @extend_schema(operation_id="evaluation_member_get", tags=TAGS, summary="某位参评专家在本项目的评分",
                   responses={200: s.EvaluationRecordSerializer, **ERRORS})
    def get(self, request, pk: int):
        member = self.member(pk)
        evaluation = selectors.expert_evaluations(member.expert).filter(member=member).first()
        if evaluation is None:
            raise NotFound("尚未评分。")
        return Response(s.EvaluationRecordSerializer(evaluation_row(evaluation)).data)

    @extend_schema(operation_id="evaluation_member_score", tags=TAGS, summary="为参评专家逐项打分（截止前可修改）",
                   description="须评审已开始（409 scoring_not_open）、专家确认参加或实际参评（409 member_not_attending）、未过截止时间（409 scoring_closed）、"
                               "项目未归档（409 project_archived）；每项得分 0 到该指标分值（400 invalid_scores）。",
                   request=s.EvaluationSubmitSerializer, responses={200: s.EvaluationRecordSerializer, **ERRORS})
    def put(self, request, pk: int):
        member = self.member(pk)
        data = self.parse(s.EvaluationSubmitSerializer)
        scores: dict[int, object] = {}
        for item in data["scores"]:
            if item["indicator"] in scores:
                raise ApplicationError("同一指标不能重复打分。", code=EvaluationErrorCode.INVALID_SCORES, fields={"scores": ["指标重复。"]})
            scores[item["indicator"]] = item["score"]
        evaluation = services.evaluation_submit(actor=request.user, member=member, scores=scores, participation=data["participation"], comment=data["comment"])
        evaluation = selectors.expert_evaluations(member.expert).get(pk=evaluation.pk)
        return Response(s.EvaluationRecordSerializer(evaluation_row(evaluation)).data)


# --- experts --------------------------------------------------------------------------------


class ExpertOverviewAPI(_EvaluationAPI):
    permission_map = {"GET": VIEW}

    @extend_schema(operation_id="evaluation_expert_list", tags=TAGS, summary="已评价专家汇总（次数、平均分、最低分）",
                   parameters=[OpenApiParameter("q", str, description="姓名/单位"),
                               OpenApiParameter("order", str, enum=["recent", "average", "low", "count"], description="排序")],
                   responses={200: s.EvaluationExpertRowSerializer(many=True), **ERRORS})
    def get(self, request):
        rows = self.paginate_queryset(selectors.experts_overview(actor=request.user, search=selectors.ExpertSearch.from_query(request.query_params)))
        data = [{"expert_id": e.pk, "name": selectors.display_name(actor=request.user, expert=e), "evaluation_count": e.evaluation_count,
                 "average": selectors.rounded(e.average), "lowest": e.lowest, "last_scored_at": e.last_scored_at} for e in rows]
        return self.get_paginated_response(s.EvaluationExpertRowSerializer(data, many=True).data)


class ExpertHistoryAPI(_EvaluationAPI):
    permission_map = {"GET": VIEW}

    @extend_schema(operation_id="evaluation_expert_history", tags=TAGS, summary="专家历次评价与参评汇总",
                   responses={200: s.EvaluationExpertHistorySerializer, **ERRORS})
    def get(self, request, pk: int):
        expert = selectors.expert_get(actor=request.user, pk=int(pk))
        if expert is None:
            raise NotFound("专家不存在。")
        summary = selectors.expert_summary(expert)
        data = {"expert_id": expert.pk, "name": selectors.display_name(actor=request.user, expert=expert),
                "summary": {k: getattr(summary, k) for k in ("invited", "accepted", "declined", "attended", "evaluated", "average", "lowest", "highest")},
                "evaluations": [evaluation_row(e) for e in selectors.expert_evaluations(expert)[:200]]}
        return Response(s.EvaluationExpertHistorySerializer(data).data)


# --- rules and flags ------------------------------------------------------------------------


def _rule_input(data: dict) -> services.RuleInput:
    return services.RuleInput(name=data["name"], outcome=data["outcome"], condition=data["condition"], threshold=data["threshold"],
                              min_reviews=data["min_reviews"], recent_count=data.get("recent_count"), is_active=data["is_active"])


class RuleListAPI(_EvaluationAPI):
    permission_map = {"GET": "expert_evaluation.view_flagrule", "POST": "expert_evaluation.add_flagrule"}

    @extend_schema(operation_id="evaluation_rule_list", tags=TAGS, summary="评价规则列表", responses={200: s.EvaluationRuleSerializer(many=True), **ERRORS})
    def get(self, request):
        rows = self.paginate_queryset(selectors.rules())
        return self.get_paginated_response(s.EvaluationRuleSerializer([rule_row(r) for r in rows], many=True).data)

    @extend_schema(operation_id="evaluation_rule_create", tags=TAGS, summary="新增评价规则（随即按规则检查全部专家）",
                   request=s.EvaluationRuleSerializer, responses={201: s.EvaluationRuleSerializer, **ERRORS})
    def post(self, request):
        rule = services.rule_save(actor=request.user, data=_rule_input(self.parse(s.EvaluationRuleSerializer)))
        return Response(s.EvaluationRuleSerializer(rule_row(rule)).data, status=201)


class RuleDetailAPI(_EvaluationAPI):
    permission_map = {"GET": "expert_evaluation.view_flagrule", "PUT": "expert_evaluation.change_flagrule"}

    def rule(self, pk) -> FlagRule:
        rule = selectors.rule_get(pk=int(pk))
        if rule is None:
            raise NotFound("规则不存在。")
        return rule

    @extend_schema(operation_id="evaluation_rule_get", tags=TAGS, summary="评价规则详情", responses={200: s.EvaluationRuleSerializer, **ERRORS})
    def get(self, request, pk: int):
        return Response(s.EvaluationRuleSerializer(rule_row(self.rule(pk))).data)

    @extend_schema(operation_id="evaluation_rule_update", tags=TAGS, summary="修改评价规则（随即重新检查；不再满足的待处理提示失效）",
                   request=s.EvaluationRuleSerializer, responses={200: s.EvaluationRuleSerializer, **ERRORS})
    def put(self, request, pk: int):
        rule = services.rule_save(actor=request.user, rule=self.rule(pk), data=_rule_input(self.parse(s.EvaluationRuleSerializer)))
        return Response(s.EvaluationRuleSerializer(rule_row(rule)).data)


def flag_row(flag: ExpertFlag, name: str) -> dict:
    return {"id": flag.pk, "expert_id": flag.expert_id, "expert_name": name, "rule_id": flag.rule_id, "outcome": flag.outcome, "status": flag.status,
            "review_count": flag.review_count, "average": flag.average, "lowest": flag.lowest, "reason": flag.reason, "created_at": flag.created_at,
            "reviewed_at": flag.reviewed_at, "review_note": flag.review_note}


class FlagListAPI(_EvaluationAPI):
    permission_map = {"GET": "expert_evaluation.view_expertflag"}

    @extend_schema(operation_id="evaluation_flag_list", tags=TAGS, summary="评价提示（优秀/清退建议）",
                   parameters=[OpenApiParameter("status", str, enum=["open", "accepted", "dismissed", "withdrawn", "all"], description="默认 open"),
                               OpenApiParameter("outcome", str, enum=["promote", "remove"]), OpenApiParameter("q", str, description="专家姓名/单位")],
                   responses={200: s.EvaluationFlagSerializer(many=True), **ERRORS})
    def get(self, request):
        rows = self.paginate_queryset(selectors.flag_search(actor=request.user, search=selectors.FlagSearch.from_query(request.query_params)))
        data = [flag_row(f, selectors.display_name(actor=request.user, expert=f.expert)) for f in rows]
        return self.get_paginated_response(s.EvaluationFlagSerializer(data, many=True).data)


class FlagReviewAPI(_EvaluationAPI):
    permission_map = {"POST": "expert_evaluation.change_expertflag"}

    @extend_schema(operation_id="evaluation_flag_review", tags=TAGS, summary="处理评价提示：采纳（执行）或驳回",
                   description="采纳“评为优秀”为专家加“评价优秀”标签；采纳“清退出库”将专家移入已删除名单（可恢复）。已处理的提示返回 409 flag_closed。",
                   request=s.EvaluationFlagReviewSerializer, responses={200: s.EvaluationFlagSerializer, **ERRORS})
    def post(self, request, pk: int):
        flag = selectors.flag_get(actor=request.user, pk=int(pk))
        if flag is None:
            raise NotFound("提示不存在。")
        data = self.parse(s.EvaluationFlagReviewSerializer)
        flag = services.flag_review(actor=request.user, flag=flag, accept=data["decision"] == "accept", note=data["note"])
        return Response(s.EvaluationFlagSerializer(flag_row(flag, selectors.display_name(actor=request.user, expert=flag.expert))).data)


class FlagRecheckAPI(_EvaluationAPI):
    permission_map = {"POST": "expert_evaluation.change_expertflag"}

    @extend_schema(operation_id="evaluation_flag_recheck", tags=TAGS, summary="按规则重新检查全部专家",
                   request=None, responses={200: s.EvaluationRecheckSerializer, **ERRORS})
    def post(self, request):
        return Response(s.EvaluationRecheckSerializer({"raised": services.flags_recheck(actor=request.user)}).data)
