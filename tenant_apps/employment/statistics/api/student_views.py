"""The student statistics as JSON, in the caller's data scope."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.response import Response

from core.api.base import TenantAPIMixin, error_responses
from tenant_apps.employment.statistics.api.student_serializers import (
    StatisticsStudentOutputSerializer,
)
from tenant_apps.employment.statistics.filters import PERMISSION, parse_filters
from tenant_apps.employment.statistics.student_selectors import student_figures


def _row(name, t, with_applications: bool) -> dict:
    row = {"name": name, "imported": t.imported, "bound": t.bound, "logged_in": t.logged_in, "recent_login": t.recent_login, "verified": t.verified,
           "filed": t.filed}
    extra = {"with_resume": t.with_resume, "resumes": t.resumes, "applications": t.applications, "interviews": t.interviews}
    return row | (extra if with_applications else dict.fromkeys(extra))


class StudentStatisticsAPI(TenantAPIMixin, generics.GenericAPIView):
    permission_map = {"GET": PERMISSION}
    serializer_class = StatisticsStudentOutputSerializer

    @extend_schema(tags=["就业-统计"], operation_id="employment_statistics_students", responses={200: StatisticsStudentOutputSerializer, **error_responses(401, 403)},
                   parameters=[OpenApiParameter("year", int), OpenApiParameter("unit", int, description="学院/专业/班级 id")])
    def get(self, request):
        filters = parse_filters(request.query_params)
        figures = student_figures(actor=request.user, year=filters["year"], unit_id=filters["unit_id"])
        apps_on = figures.has_applications
        return Response({"year": figures.year, "has_applications": apps_on, "overall": _row("全部", figures.overall, apps_on),
                         "colleges": [_row(n, t, apps_on) for n, t in figures.by("college")], "majors": [_row(n, t, apps_on) for n, t in figures.by("major")]})
