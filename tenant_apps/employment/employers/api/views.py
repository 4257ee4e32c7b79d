"""Employers API for integrators and scripts: the registry, its review, lists and statistics.
The same services as the back office, the same permissions."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.response import Response

from core.api.base import TenantAPIMixin, error_responses
from core.employer_risk import risk_lookup_many
from core.errors import NotFound
from tenant_apps.employment.employers import selectors, services
from tenant_apps.employment.employers.api import serializers as s
from tenant_apps.employment.employers.models import Employer, EmployerListEntry

TAGS = ["就业-用人单位"]
SEARCH_PARAMETERS = [OpenApiParameter(name, str, description=label) for name, label in (
    ("q", "名称/信用代码/关键词"), ("status", "pending/in_progress/approved/declined"), ("nature", "单位性质"), ("industry", "行业门类字母"),
    ("size", "规模"), ("province", "省级区划代码前两位"), ("tag", "标签 id"), ("list_kind", "black/white/risk"))]


class EmployersAPI(TenantAPIMixin, generics.GenericAPIView):
    def employer(self, pk) -> Employer:
        employer = selectors.employer_get(pk=int(pk))
        if employer is None:
            raise NotFound("单位不存在。")
        return employer

    def parse(self, serializer_class) -> dict:
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)


class EmployerListAPI(EmployersAPI):
    permission_map = {"GET": "employment_employers.view_employer", "POST": "employment_employers.add_employer"}
    serializer_class = s.EmployerOutputSerializer

    @extend_schema(operation_id="employment_employer_list", summary="用人单位列表", parameters=SEARCH_PARAMETERS, tags=TAGS,
                   responses={200: s.EmployerOutputSerializer(many=True), **error_responses(401, 403)})
    def get(self, request):
        queryset = selectors.employer_search(search=selectors.EmployerSearch.from_query(request.query_params)).prefetch_related("tags", "rule_tags")
        page = self.paginate_queryset(queryset)
        # the shared flags of the whole page in one query of the public store, not one per row
        risks = risk_lookup_many(credit_codes=[employer.credit_code for employer in page])
        return self.get_paginated_response(s.EmployerOutputSerializer(page, many=True, context={"shared_risks": risks}).data)

    @extend_schema(operation_id="employment_employer_create", summary="学校录入用人单位（直接通过）", tags=TAGS, request=s.EmployerInputSerializer,
                   responses={201: s.EmployerOutputSerializer, **error_responses(400, 401, 403, 409)})
    def post(self, request):
        employer = services.employer_create(actor=request.user, profile=services.profile_from_mapping(self.parse(s.EmployerInputSerializer)))
        return Response(s.EmployerOutputSerializer(self.employer(employer.pk)).data, status=status.HTTP_201_CREATED)


class EmployerDetailAPI(EmployersAPI):
    permission_map = {"GET": "employment_employers.view_employer", "PUT": "employment_employers.change_employer"}
    serializer_class = s.EmployerOutputSerializer

    @extend_schema(operation_id="employment_employer_get", summary="用人单位详情", tags=TAGS,
                   responses={200: s.EmployerOutputSerializer, **error_responses(401, 403, 404)})
    def get(self, request, pk):
        return Response(s.EmployerOutputSerializer(self.employer(pk)).data)

    @extend_schema(operation_id="employment_employer_update", summary="修改用人单位信息（信用代码不可改）", tags=TAGS, request=s.EmployerInputSerializer,
                   responses={200: s.EmployerOutputSerializer, **error_responses(400, 401, 403, 404)})
    def put(self, request, pk):
        employer = self.employer(pk)
        services.employer_profile_update(actor=request.user, employer=employer, profile=services.profile_from_mapping(self.parse(s.EmployerInputSerializer)))
        return Response(s.EmployerOutputSerializer(self.employer(pk)).data)


class EmployerReviewAPI(EmployersAPI):
    permission_map = {"POST": "employment_employers.review_employer", "GET": "employment_employers.view_employer"}
    serializer_class = s.EmployerCommentSerializer

    @extend_schema(operation_id="employment_employer_review_thread", summary="审核沟通记录", tags=TAGS,
                   responses={200: s.EmployerCommentSerializer(many=True), **error_responses(401, 403, 404)})
    def get(self, request, pk):
        return Response(s.EmployerCommentSerializer(self.employer(pk).comments.select_related("author"), many=True).data)

    @extend_schema(operation_id="employment_employer_review", summary="审核：提问、通过或不通过", tags=TAGS, request=s.EmployerReviewInputSerializer,
                   responses={200: s.EmployerOutputSerializer, **error_responses(400, 401, 403, 404, 409)})
    def post(self, request, pk):
        employer = self.employer(pk)
        data = self.parse(s.EmployerReviewInputSerializer)
        if data["action"] == "comment":
            services.employer_comment_add(actor=request.user, employer=employer, body=data["text"], from_school=True)
        elif data["action"] == "approve":
            services.employer_approve(actor=request.user, employer=employer, note=data["text"])
        else:
            services.employer_decline(actor=request.user, employer=employer, reason=data["text"])
        return Response(s.EmployerOutputSerializer(self.employer(pk)).data)


class EmployerPermissionsAPI(EmployersAPI):
    permission_map = {"PUT": "employment_employers.review_employer"}
    serializer_class = s.EmployerPermissionsSerializer

    @extend_schema(operation_id="employment_employer_permissions", summary="设置单位权限", tags=TAGS, request=s.EmployerPermissionsSerializer,
                   responses={200: s.EmployerOutputSerializer, **error_responses(400, 401, 403, 404, 409)})
    def put(self, request, pk):
        employer = self.employer(pk)
        services.employer_permissions_set(actor=request.user, employer=employer, **self.parse(s.EmployerPermissionsSerializer))
        return Response(s.EmployerOutputSerializer(self.employer(pk)).data)


class ListEntryListAPI(EmployersAPI):
    permission_map = {"GET": "employment_employers.manage_employer_lists", "POST": "employment_employers.manage_employer_lists"}
    serializer_class = s.EmployerListEntrySerializer

    @extend_schema(operation_id="employment_employer_list_entries", summary="黑名单/白名单/风险单位", tags=TAGS,
                   parameters=[OpenApiParameter("kind", str, description="black/white/risk"), OpenApiParameter("q", str)],
                   responses={200: s.EmployerListEntrySerializer(many=True), **error_responses(401, 403)})
    def get(self, request):
        page = self.paginate_queryset(selectors.list_entries(kind=request.query_params.get("kind", ""), q=request.query_params.get("q", "")))
        return self.get_paginated_response(s.EmployerListEntrySerializer(page, many=True).data)

    @extend_schema(operation_id="employment_employer_list_entry_add", summary="加入名单", tags=TAGS, request=s.EmployerListEntrySerializer,
                   responses={201: s.EmployerListEntrySerializer, **error_responses(400, 401, 403, 409)})
    def post(self, request):
        entry = services.list_entry_add(actor=request.user, **self.parse(s.EmployerListEntrySerializer))
        return Response(s.EmployerListEntrySerializer(entry).data, status=status.HTTP_201_CREATED)


class ListEntryDetailAPI(EmployersAPI):
    permission_map = {"DELETE": "employment_employers.manage_employer_lists"}

    @extend_schema(operation_id="employment_employer_list_entry_remove", summary="移出名单", tags=TAGS, request=None,
                   responses={204: None, **error_responses(401, 403, 404)})
    def delete(self, request, pk):
        entry = EmployerListEntry.objects.filter(pk=pk).first()
        if entry is None:
            raise NotFound("名单记录不存在。")
        services.list_entry_remove(actor=request.user, entry=entry)
        return Response(status=status.HTTP_204_NO_CONTENT)


class EmployerStatisticsAPI(EmployersAPI):
    permission_map = {"GET": "employment_employers.view_employer_statistics"}
    serializer_class = s.EmployerStatisticSerializer

    @extend_schema(operation_id="employment_employer_statistics", summary="用人单位统计（按行业、规模、性质、地区）", tags=TAGS,
                   parameters=[OpenApiParameter("by", str, enum=list(selectors.STATISTIC_DIMENSIONS))],
                   responses={200: s.EmployerStatisticSerializer(many=True), **error_responses(401, 403)})
    def get(self, request):
        rows = selectors.employer_statistics(dimension=request.query_params.get("by", "industry"))
        return Response(s.EmployerStatisticSerializer(rows, many=True).data)


class SchoolProfileAPI(EmployersAPI):
    permission_map = {"GET": "", "PUT": "employment_employers.change_schoolprofile"}
    serializer_class = s.SchoolProfileSerializer

    @extend_schema(operation_id="employment_school_profile_get", summary="学校概况", tags=TAGS,
                   responses={200: s.SchoolProfileSerializer, **error_responses(401)})
    def get(self, request):
        from tenant_apps.employment.employers.models import SchoolProfile

        return Response(s.SchoolProfileSerializer(SchoolProfile.current()).data)

    @extend_schema(operation_id="employment_school_profile_update", summary="修改学校概况", tags=TAGS, request=s.SchoolProfileSerializer,
                   responses={200: s.SchoolProfileSerializer, **error_responses(400, 401, 403)})
    def put(self, request):
        profile = services.school_profile_save(actor=request.user, data=self.parse(s.SchoolProfileSerializer))
        return Response(s.SchoolProfileSerializer(profile).data)


class GraduateNumbersAPI(EmployersAPI):
    permission_map = {"GET": "employment_employers.view_employer"}
    serializer_class = s.GraduateCellSerializer

    @extend_schema(operation_id="employment_graduate_numbers", summary="本届生源人数（按学历、学院、专业，小于 5 显示 <5）", tags=TAGS,
                   responses={200: s.GraduateCellSerializer(many=True), **error_responses(401, 403)})
    def get(self, request):
        from tenant_apps.employment.employers.graduates import graduate_numbers

        _, cells, _ = graduate_numbers()
        return Response(s.GraduateCellSerializer(cells, many=True).data)
