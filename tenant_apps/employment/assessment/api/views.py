"""Assessment API: instruments and their items, a student's submission and results; for
teachers, results within their data scope, statistics by college/major, the licensed bank."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.response import Response

from core.api.base import TenantAPIMixin, error_responses
from core.errors import ApplicationError, NotFound
from tenant_apps.employment.assessment import selectors, services
from tenant_apps.employment.assessment.api import serializers as s
from tenant_apps.employment.assessment.enums import InstrumentCode

TAGS = ["就业-职业测评"]


def _instrument_data(instrument, *, with_items: bool = False) -> dict:
    data = {"code": instrument.code, "name": instrument.name, "intro": instrument.intro, "minutes": instrument.minutes,
            "attribution": instrument.attribution, "item_count": len(instrument.items)}
    if with_items:
        data["items"] = [{"id": item.id, "text": item.text, "options": [{"value": o.value, "label": o.label} for o in instrument.options_for(item)]}
                         for item in instrument.items]
    return data


def _result_detail(result) -> dict:
    data = s.AssessmentResultSerializer(result).data
    outcome = selectors.outcome_of(result)
    data["outcome"] = s.AssessmentOutcomeSerializer(outcome).data if outcome else None
    return data


class AssessmentAPI(TenantAPIMixin, generics.GenericAPIView):
    def instrument(self, code):
        instrument = selectors.instrument_get(code=code)
        if instrument is None:
            raise NotFound("该测评暂未开放。")
        return instrument


class InstrumentListAPI(AssessmentAPI):
    permission_map = {"GET": ""}
    serializer_class = s.AssessmentInstrumentSerializer

    @extend_schema(operation_id="employment_assessment_instruments", summary="可参加的测评", tags=TAGS,
                   responses={200: s.AssessmentInstrumentSerializer(many=True), **error_responses(401)})
    def get(self, request):
        return Response([_instrument_data(i) for i in selectors.instruments_available()])


class InstrumentDetailAPI(AssessmentAPI):
    permission_map = {"GET": ""}
    serializer_class = s.AssessmentInstrumentDetailSerializer

    @extend_schema(operation_id="employment_assessment_instrument", summary="测评题目与选项", tags=TAGS,
                   responses={200: s.AssessmentInstrumentDetailSerializer, **error_responses(401, 404)})
    def get(self, request, code):
        return Response(_instrument_data(self.instrument(code), with_items=True))


class SubmitAPI(AssessmentAPI):
    permission_map = {"POST": ""}
    serializer_class = s.AssessmentSubmitSerializer
    parser_classes = [JSONParser]

    @extend_schema(operation_id="employment_assessment_submit", summary="提交作答，返回结果与职业方向", tags=TAGS, request=s.AssessmentSubmitSerializer,
                   responses={201: s.AssessmentResultDetailSerializer, **error_responses(400, 401, 403, 404)})
    def post(self, request, code):
        serializer = s.AssessmentSubmitSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        result = services.result_submit(student=request.user, instrument_code=code, answers=serializer.validated_data["answers"])
        return Response(_result_detail(result), status=status.HTTP_201_CREATED)


class MyResultsAPI(AssessmentAPI):
    permission_map = {"GET": ""}
    serializer_class = s.AssessmentResultDetailSerializer

    @extend_schema(operation_id="employment_assessment_mine", summary="我的测评结果", tags=TAGS,
                   responses={200: s.AssessmentResultDetailSerializer(many=True), **error_responses(401)})
    def get(self, request):
        page = self.paginate_queryset(selectors.student_results(student=request.user))
        return self.get_paginated_response([_result_detail(r) for r in page])


class ResultListAPI(AssessmentAPI):
    permission_map = {"GET": "employment_assessment.view_assessmentresult"}
    serializer_class = s.AssessmentResultSerializer

    @extend_schema(operation_id="employment_assessment_results", summary="学生测评结果（最近一次，按数据权限）", tags=TAGS,
                   parameters=[OpenApiParameter("instrument", str), OpenApiParameter("college", str), OpenApiParameter("major", str), OpenApiParameter("q", str)],
                   responses={200: s.AssessmentResultSerializer(many=True), **error_responses(401, 403)})
    def get(self, request):
        params = {k: request.query_params.get(k, "") for k in ("instrument", "college", "major", "q")}
        page = self.paginate_queryset(selectors.results_for(actor=request.user, **params))
        return self.get_paginated_response(s.AssessmentResultSerializer(page, many=True).data)


class ResultDetailAPI(AssessmentAPI):
    permission_map = {"GET": "employment_assessment.view_assessmentresult"}
    serializer_class = s.AssessmentResultDetailSerializer

    @extend_schema(operation_id="employment_assessment_result", summary="测评结果详情", tags=TAGS,
                   responses={200: s.AssessmentResultDetailSerializer, **error_responses(401, 403, 404)})
    def get(self, request, pk):
        result = selectors.result_get(actor=request.user, pk=int(pk))
        if result is None:
            raise NotFound("测评结果不存在。")
        return Response(_result_detail(result))


class StatisticsAPI(AssessmentAPI):
    permission_map = {"GET": "employment_assessment.view_assessmentresult"}
    serializer_class = s.AssessmentStatisticsSerializer

    @extend_schema(operation_id="employment_assessment_statistics", summary="测评统计（按学院，或某学院按专业）", tags=TAGS,
                   parameters=[OpenApiParameter("instrument", str, required=True), OpenApiParameter("college", str)],
                   responses={200: s.AssessmentStatisticsSerializer, **error_responses(400, 401, 403)})
    def get(self, request):
        instrument = request.query_params.get("instrument", "riasec")
        if instrument not in InstrumentCode.values:
            raise ApplicationError("测评代码无效。", fields={"instrument": ["无效。"]})
        stats = selectors.statistics(actor=request.user, instrument=instrument, college=request.query_params.get("college", ""))
        rows = [{"group": g, "takers": stats["takers"][g], "by_type": stats["by_group"][g], "averages": stats["averages"].get(g, {})} for g in stats["groups"]]
        return Response(s.AssessmentStatisticsSerializer({"instrument": instrument, "group_label": stats["group_label"], "total": stats["total"],
                                                           "rows": rows}).data)


class BankListAPI(AssessmentAPI):
    permission_map = {"GET": "employment_assessment.view_licensedbank", "POST": "employment_assessment.add_licensedbank"}
    serializer_class = s.AssessmentBankSerializer
    parser_classes = [MultiPartParser]

    @extend_schema(operation_id="employment_assessment_banks", summary="授权题库", tags=TAGS,
                   responses={200: s.AssessmentBankSerializer(many=True), **error_responses(401, 403)})
    def get(self, request):
        return Response(s.AssessmentBankSerializer(selectors.banks()[:50], many=True).data)

    @extend_schema(operation_id="employment_assessment_bank_upload", summary="上传授权题库（校验后启用）", tags=TAGS,
                   request={"multipart/form-data": s.AssessmentBankUploadSerializer}, responses={201: s.AssessmentBankSerializer, **error_responses(400, 401, 403)})
    def post(self, request):
        serializer = s.AssessmentBankUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        upload = serializer.validated_data["file"]
        if upload.size > 1024 * 1024:
            raise ApplicationError("题库文件不能超过 1 MB。", fields={"file": ["文件过大。"]})
        bank = services.bank_upload(actor=request.user, raw=upload.read())
        return Response(s.AssessmentBankSerializer(bank).data, status=status.HTTP_201_CREATED)
