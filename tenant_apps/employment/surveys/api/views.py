"""Surveys API: the builder's list and detail, publishing, results with the cross-tab by
college; students list open surveys and answer (409 when answered twice or a quota is full)."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.response import Response

from core.api.base import TenantAPIMixin, error_responses
from core.errors import NotFound
from tenant_apps.employment.surveys import selectors, services
from tenant_apps.employment.surveys.api import serializers as s
from tenant_apps.employment.surveys.enums import QuestionKind, SurveyStatus

TAGS = ["就业-问卷调查"]


class SurveysAPI(TenantAPIMixin, generics.GenericAPIView):
    def parse(self, serializer_class) -> dict:
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def survey(self, pk, *, published_only: bool = False):
        survey = selectors.survey_get(pk=int(pk))
        if survey is None or (published_only and survey.status == SurveyStatus.DRAFT):
            raise NotFound("问卷不存在。")
        return survey


class SurveyListAPI(SurveysAPI):
    permission_map = {"GET": "employment_surveys.view_survey", "POST": "employment_surveys.add_survey"}
    serializer_class = s.SurveySummarySerializer

    @extend_schema(operation_id="employment_survey_list", summary="问卷列表", tags=TAGS, parameters=[OpenApiParameter("status", str), OpenApiParameter("q", str)],
                   responses={200: s.SurveySummarySerializer(many=True), **error_responses(401, 403)})
    def get(self, request):
        page = self.paginate_queryset(selectors.survey_list(status=request.query_params.get("status", ""), q=request.query_params.get("q", "")))
        return self.get_paginated_response(s.SurveySummarySerializer(page, many=True).data)

    @extend_schema(operation_id="employment_survey_create", summary="新建问卷（空白或从模板）", tags=TAGS, request=s.SurveyCreateSerializer,
                   responses={201: s.SurveySummarySerializer, **error_responses(400, 401, 403)})
    def post(self, request):
        data = self.parse(s.SurveyCreateSerializer)
        if data["template"]:
            survey = services.survey_create_from_template(actor=request.user, code=data["template"])
        else:
            survey = services.survey_save(actor=request.user, title=data["title"], description=data["description"])
        return Response(s.SurveySummarySerializer(survey).data, status=status.HTTP_201_CREATED)


class SurveyDetailAPI(SurveysAPI):
    permission_map = {"GET": "employment_surveys.view_survey"}
    serializer_class = s.SurveyDetailSerializer

    @extend_schema(operation_id="employment_survey_detail", summary="问卷与题目", tags=TAGS, responses={200: s.SurveyDetailSerializer, **error_responses(401, 403, 404)})
    def get(self, request, pk):
        survey = self.survey(pk)
        survey.question_list = selectors.questions_of(survey)
        survey.response_count = survey.responses.count()
        return Response(s.SurveyDetailSerializer(survey).data)


class SurveyPublishAPI(SurveysAPI):
    permission_map = {"POST": "employment_surveys.publish_survey"}
    serializer_class = s.SurveyPublishSerializer

    @extend_schema(operation_id="employment_survey_publish", summary="发布问卷并推送给发放对象", tags=TAGS, request=s.SurveyPublishSerializer,
                   responses={200: s.SurveySummarySerializer, **error_responses(400, 401, 403, 404, 409)})
    def post(self, request, pk):
        survey = services.survey_publish(actor=request.user, survey=self.survey(pk), audience=self.parse(s.SurveyPublishSerializer))
        return Response(s.SurveySummarySerializer(survey).data)


class SurveyResultsAPI(SurveysAPI):
    permission_map = {"GET": "employment_surveys.view_survey_results"}
    serializer_class = s.SurveyResultsSerializer

    @extend_schema(operation_id="employment_survey_results", summary="问卷结果与按学院交叉分析", tags=TAGS,
                   parameters=[OpenApiParameter("cross", int, description="交叉分析的题目 id（默认第一道选择题）")],
                   responses={200: s.SurveyResultsSerializer, **error_responses(401, 403, 404)})
    def get(self, request, pk):
        survey = self.survey(pk)
        total, items = selectors.results(survey=survey)
        crossable = [i.question for i in items if i.question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.SCALE)]
        chosen = next((q for q in crossable if str(q.pk) == request.query_params.get("cross")), crossable[0] if crossable else None)
        labels, rows = selectors.crosstab(survey=survey, question=chosen) if chosen else ([], [])
        return Response(s.SurveyResultsSerializer({
            "responses": total,
            "questions": [{"question_id": i.question.pk, "title": i.question.title, "kind": i.question.kind, "answered": i.answered, "labels": i.labels,
                           "counts": i.counts, "average": i.average, "matrix_averages": i.matrix_averages} for i in items],
            "crosstab_question_id": chosen.pk if chosen else None, "crosstab_labels": labels,
            "crosstab": [{"college": college, "counts": counts, "total": n} for college, counts, n in rows]}).data)


class OpenSurveysAPI(SurveysAPI):
    permission_map = {"GET": ""}
    serializer_class = s.SurveyOpenSerializer

    @extend_schema(operation_id="employment_survey_open", summary="我可以填写的问卷", tags=TAGS, responses={200: s.SurveyOpenSerializer(many=True), **error_responses(401)})
    def get(self, request):
        return Response(s.SurveyOpenSerializer([{"id": sv.pk, "title": sv.title, "answered": answered}
                                                for sv, answered in selectors.surveys_for_student(student=request.user)], many=True).data)


class SurveyRespondAPI(SurveysAPI):
    permission_map = {"POST": ""}
    serializer_class = s.SurveyAnswerSerializer

    @extend_schema(operation_id="employment_survey_respond", summary="提交答卷（每人一份）", tags=TAGS, request=s.SurveyAnswerSerializer,
                   responses={201: s.SurveyResponseCreatedSerializer, **error_responses(400, 401, 403, 404, 409)})
    def post(self, request, pk):
        response = services.response_submit(student=request.user, survey=self.survey(pk, published_only=True), answers=self.parse(s.SurveyAnswerSerializer)["answers"])
        return Response(s.SurveyResponseCreatedSerializer(response).data, status=status.HTTP_201_CREATED)


class SurveyQuestionAddAPI(SurveysAPI):
    permission_map = {"POST": "employment_surveys.change_survey"}
    serializer_class = s.SurveyQuestionInputSerializer

    @extend_schema(operation_id="employment_survey_question_add", summary="添加题目（草稿问卷）", tags=TAGS, request=s.SurveyQuestionInputSerializer,
                   responses={201: s.SurveyQuestionSerializer, **error_responses(400, 401, 403, 404, 409)})
    def post(self, request, pk):
        question = services.question_add(actor=request.user, survey=self.survey(pk), **self.parse(s.SurveyQuestionInputSerializer))
        return Response(s.SurveyQuestionSerializer(question).data, status=status.HTTP_201_CREATED)


class SurveyQuestionDeleteAPI(SurveysAPI):
    permission_map = {"DELETE": "employment_surveys.change_survey"}

    @extend_schema(operation_id="employment_survey_question_delete", summary="删除题目（草稿问卷）", tags=TAGS, responses={204: None, **error_responses(401, 403, 404, 409)})
    def delete(self, request, pk, question_id):
        question = self.survey(pk).questions.filter(pk=question_id).first()
        if question is None:
            raise NotFound("题目不存在。")
        services.question_delete(actor=request.user, question=question)
        return Response(status=status.HTTP_204_NO_CONTENT)


class SurveyQuotaAPI(SurveysAPI):
    permission_map = {"PUT": "employment_surveys.change_survey"}
    serializer_class = s.SurveyQuotaInputSerializer

    @extend_schema(operation_id="employment_survey_quota_set", summary="设置院系名额", tags=TAGS, request=s.SurveyQuotaInputSerializer,
                   responses={200: s.SurveyQuotaInputSerializer, **error_responses(400, 401, 403, 404)})
    def put(self, request, pk):
        from tenant_apps.accounts.models import OrgUnit

        data = self.parse(s.SurveyQuotaInputSerializer)
        unit = OrgUnit.objects.filter(pk=data["org_unit_id"]).first()
        if unit is None:
            raise NotFound("院系不存在。")
        services.quota_set(actor=request.user, survey=self.survey(pk), org_unit=unit, limit=data["limit"])
        return Response(data)


class SurveyCloseAPI(SurveysAPI):
    permission_map = {"POST": "employment_surveys.publish_survey"}

    @extend_schema(operation_id="employment_survey_close", summary="结束收集", tags=TAGS, request=None,
                   responses={200: s.SurveySummarySerializer, **error_responses(401, 403, 404, 409)})
    def post(self, request, pk):
        return Response(s.SurveySummarySerializer(services.survey_close(actor=request.user, survey=self.survey(pk))).data)
