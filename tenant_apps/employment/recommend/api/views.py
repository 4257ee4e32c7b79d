"""Recommendation API: a student's list with reasons, intentions and switches; the teachers'
intention statistics and a recompute."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.response import Response

from core.api.base import TenantAPIMixin, error_responses
from tenant_apps.employment.recommend import selectors, services
from tenant_apps.employment.recommend.api import serializers as s
from tenant_apps.employment.recommend.exports import breakdowns
from tenant_apps.employment.recommend.filters import PERMISSION, parse_filters

TAGS = ["就业-职位推荐"]


class RecommendAPI(TenantAPIMixin, generics.GenericAPIView):
    def parse(self, serializer_class) -> dict:
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)


class MyRecommendationsAPI(RecommendAPI):
    permission_map = {"GET": ""}
    serializer_class = s.RecommendListSerializer

    @extend_schema(operation_id="employment_recommend_mine", summary="我的职位推荐（含推荐理由）", tags=TAGS,
                   responses={200: s.RecommendListSerializer, **error_responses(401)})
    def get(self, request):
        intention = selectors.intention_get(student=request.user)
        if intention.is_personalised:
            items = [{"job": r.job, "score": r.score, "reasons": r.reasons} for r in selectors.recommendations_for_student(student=request.user)]
        else:
            items = [{"job": job, "score": None, "reasons": []} for job in selectors.jobs_by_date()]
        return Response(s.RecommendListSerializer({"is_personalised": intention.is_personalised, "results": items}).data)


class IntentionAPI(RecommendAPI):
    permission_map = {"GET": "", "PUT": ""}
    serializer_class = s.RecommendIntentionSerializer

    @extend_schema(operation_id="employment_recommend_intention_get", summary="我的求职意向", tags=TAGS,
                   responses={200: s.RecommendIntentionSerializer, **error_responses(401)})
    def get(self, request):
        return Response(s.RecommendIntentionSerializer(selectors.intention_get(student=request.user)).data)

    @extend_schema(operation_id="employment_recommend_intention_save", summary="保存求职意向（随后重新计算推荐）", tags=TAGS,
                   request=s.RecommendIntentionSerializer, responses={200: s.RecommendIntentionSerializer, **error_responses(400, 401)})
    def put(self, request):
        data = self.parse(s.RecommendIntentionSerializer)
        intention = services.intention_save(student=request.user, job_kinds=data["job_kinds"], job_types=data["job_types"], city_codes=data["city_codes"],
                                            industries=data["industries"], salary_floor=data["salary_floor"], wants_daily_push=data["wants_daily_push"])
        return Response(s.RecommendIntentionSerializer(intention).data)


class PreferencesAPI(RecommendAPI):
    permission_map = {"PUT": ""}
    serializer_class = s.RecommendPreferencesSerializer

    @extend_schema(operation_id="employment_recommend_preferences", summary="个性化推荐与每日推送开关", tags=TAGS,
                   request=s.RecommendPreferencesSerializer, responses={200: s.RecommendPreferencesSerializer, **error_responses(400, 401)})
    def put(self, request):
        data = self.parse(s.RecommendPreferencesSerializer)
        intention = services.preferences_set(student=request.user, **data)
        return Response(s.RecommendPreferencesSerializer(intention).data)


class IntentionStatisticsAPI(RecommendAPI):
    permission_map = {"GET": PERMISSION}
    serializer_class = s.RecommendStatisticsSerializer

    @extend_schema(operation_id="employment_recommend_statistics", summary="求职意向统计", tags=TAGS,
                   parameters=[OpenApiParameter("year", int), OpenApiParameter("unit", int, description="学院/专业/班级 id")],
                   responses={200: s.RecommendStatisticsSerializer, **error_responses(401, 403)})
    def get(self, request):
        stats = selectors.intention_statistics(actor=request.user, **parse_filters(request.query_params))
        return Response(s.RecommendStatisticsSerializer({
            "students": stats.students, "stated": stats.stated, "stated_rate": stats.stated_rate, "personalised_off": stats.personalised_off,
            "push_on": stats.push_on, "breakdown": {title: [{"name": str(n), "count": c} for n, c in rows] for title, rows in breakdowns(stats)},
            "by_college": [{"name": name, "count": stated} for name, (_, stated) in stats.by_college.items()]}).data)


class RecomputeAPI(RecommendAPI):
    permission_map = {"POST": "employment_recommend.recompute_recommendations"}

    @extend_schema(operation_id="employment_recommend_recompute", summary="重新计算全部推荐（后台任务）", tags=TAGS, request=None,
                   responses={202: None, **error_responses(401, 403)})
    def post(self, request):
        services.recompute_all_start(actor=request.user)
        return Response(status=status.HTTP_202_ACCEPTED)
