"""The statistics as JSON, in the caller's data scope."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.response import Response

from core.api.base import TenantAPIMixin, error_responses
from tenant_apps.employment.statistics.api.serializers import StatisticsOutputSerializer
from tenant_apps.employment.statistics.filters import PERMISSION, parse_filters
from tenant_apps.employment.statistics.selectors import DIMENSIONS, cohort_figures


def _tally(name, t) -> dict:
    return {"name": name, "total": t.total, "placed": t.placed, "placement_rate": t.placement_rate, "signed": t.signed, "signing_rate": t.signing_rate,
            "verified": t.verified, "filed": t.filed, "approved": t.approved}


class StatisticsAPI(TenantAPIMixin, generics.GenericAPIView):
    permission_map = {"GET": PERMISSION}
    serializer_class = StatisticsOutputSerializer

    @extend_schema(tags=["就业-统计"], operation_id="employment_statistics", responses={200: StatisticsOutputSerializer, **error_responses(401, 403)},
                   parameters=[OpenApiParameter("year", int), OpenApiParameter("unit", int, description="学院/专业/班级 id"),
                               OpenApiParameter("as_of", str, description="截至日期 YYYY-MM-DD（由变更链重算）")])
    def get(self, request):
        figures = cohort_figures(actor=request.user, **parse_filters(request.query_params))
        return Response({
            "year": figures.year, "as_of": figures.as_of, "overall": _tally("全部", figures.overall),
            "categories": [{"code": code, "count": count} for code, count in figures.categories.items()],
            "breakdown": {key: [_tally(name, t) for name, t in figures.breakdown(key)] for key, _ in DIMENSIONS},
        })
