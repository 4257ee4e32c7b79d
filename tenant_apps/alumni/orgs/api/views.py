"""Organisations API: the tree, one chapter's members behind the chapter firewall, join review,
admin invitations, export requests (approved by the association, watermarked), joining."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.base import ErrorSerializer, TenantAPIMixin
from core.api.pagination import StandardPagination
from core.errors import NotFound
from tenant_apps.alumni.orgs import selectors, services
from tenant_apps.alumni.orgs.api import serializers as s
from tenant_apps.alumni.orgs.models import ExportRequest, Membership, Organization

TAG = ["校友组织"]
ERRORS = {400: ErrorSerializer, 401: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer, 409: ErrorSerializer}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _get(model, pk):
    obj = model.objects.filter(pk=pk).first()
    if obj is None:
        raise NotFound("不存在。")
    return obj


def _input(v: dict) -> services.OrgInput:
    return services.OrgInput(name=v["name"], kind=v["kind"], parent_id=v.get("parent"), introduction=v["introduction"], join_requirements=v["join_requirements"],
                             application_questions=v["application_questions"], review_mode=v["review_mode"], phone=v["phone"], address=v["address"], region=v["region"],
                             industry=v["industry"], college_ids=v["colleges"], is_active=v["is_active"])


class OrganizationListAPI(TenantAPIMixin, APIView):
    permission_map = {"GET": "", "POST": "alumni_orgs.add_organization"}  # any signed-in user may browse the chapters (H5)

    @extend_schema(operation_id="alumni_org_list", summary="校友组织（按类型、名称搜索）", parameters=[OpenApiParameter("q", str), OpenApiParameter("kind", str)],
                   responses={200: s.OrganizationSerializer(many=True), **ERRORS}, tags=TAG)
    def get(self, request):
        staff = request.user.has_perm("alumni_orgs.view_organization")
        queryset = selectors.org_search(q=request.query_params.get("q", ""), kind=request.query_params.get("kind", ""), include_inactive=staff)
        paginator = StandardPagination()
        return paginator.get_paginated_response(s.OrganizationSerializer(paginator.paginate_queryset(queryset, request, view=self), many=True).data)

    @extend_schema(operation_id="alumni_org_create", summary="创建组织", request=s.OrganizationWriteSerializer, responses={201: s.OrganizationSerializer, **ERRORS}, tags=TAG)
    def post(self, request):
        data = s.OrganizationWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return Response(s.OrganizationSerializer(services.org_save(actor=request.user, data=_input(data.validated_data))).data, status=status.HTTP_201_CREATED)


class OrganizationDetailAPI(TenantAPIMixin, APIView):
    permission_map = {"GET": "", "PUT": "alumni_orgs.change_organization"}

    @extend_schema(operation_id="alumni_org_retrieve", summary="组织详情", responses={200: s.OrganizationSerializer, **ERRORS}, tags=TAG)
    def get(self, request, pk):
        return Response(s.OrganizationSerializer(_get(Organization, pk)).data)

    @extend_schema(operation_id="alumni_org_update", summary="修改组织", request=s.OrganizationWriteSerializer, responses={200: s.OrganizationSerializer, **ERRORS}, tags=TAG)
    def put(self, request, pk):
        data = s.OrganizationWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return Response(s.OrganizationSerializer(services.org_save(actor=request.user, org=_get(Organization, pk), data=_input(data.validated_data))).data)


class OrganizationMembersAPI(TenantAPIMixin, APIView):
    """Staff with view_all_members, or an admin of this chapter; anyone else 403."""

    permission_map = {"GET": ""}

    @extend_schema(operation_id="alumni_org_members", summary="本会成员（分会防火墙：分会管理员只能看本会）",
                   parameters=[OpenApiParameter("status", str, description="pending/approved/rejected/left"), OpenApiParameter("q", str)],
                   responses={200: s.MembershipSerializer(many=True), **ERRORS}, tags=TAG)
    def get(self, request, pk):
        queryset = selectors.members_visible(actor=request.user, org=_get(Organization, pk), status=request.query_params.get("status", "approved"), search=request.query_params.get("q", ""))
        paginator = StandardPagination()
        return paginator.get_paginated_response(s.MembershipSerializer(paginator.paginate_queryset(queryset, request, view=self), many=True).data)


class MembershipReviewAPI(TenantAPIMixin, APIView):
    permission_map = {"POST": ""}  # checked in the service: association staff or this chapter's admin

    @extend_schema(operation_id="alumni_membership_review", summary="审核入会申请", request=s.ReviewSerializer, responses={200: s.MembershipSerializer, **ERRORS}, tags=TAG)
    def post(self, request, pk):
        data = s.ReviewSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        membership = _get(Membership, pk)
        return Response(s.MembershipSerializer(services.membership_review(actor=request.user, membership=membership, approve=data.validated_data["approve"], note=data.validated_data["note"])).data)


class AdminInviteAPI(TenantAPIMixin, APIView):
    permission_map = {"POST": ""}  # checked in the service

    @extend_schema(operation_id="alumni_org_admin_invite", summary="邀请分会管理员（短信或微信链接）", request=s.AdminInviteSerializer, responses={201: s.OrgAdminSerializer, **ERRORS}, tags=TAG)
    def post(self, request, pk):
        data = s.AdminInviteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        admin = services.admin_invite(actor=request.user, org=_get(Organization, pk), base_url=request.build_absolute_uri("/").rstrip("/"), **data.validated_data)
        return Response(s.OrgAdminSerializer(admin).data, status=status.HTTP_201_CREATED)


class ExportListAPI(TenantAPIMixin, APIView):
    permission_map = {"GET": "", "POST": ""}  # own requests; the association sees all (approve_export)

    @extend_schema(operation_id="alumni_export_list", summary="成员导出申请", responses={200: s.ExportRequestSerializer(many=True), **ERRORS}, tags=TAG)
    def get(self, request):
        paginator = StandardPagination()
        return paginator.get_paginated_response(s.ExportRequestSerializer(paginator.paginate_queryset(selectors.exports_for(actor=request.user), request, view=self), many=True).data)

    @extend_schema(operation_id="alumni_export_request", summary="申请导出本会成员（须总会批准）", request=s.ExportCreateSerializer, responses={201: s.ExportRequestSerializer, **ERRORS}, tags=TAG)
    def post(self, request):
        data = s.ExportCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        export = services.export_request_create(actor=request.user, org=_get(Organization, data.validated_data["organization"]), reason=data.validated_data["reason"])
        return Response(s.ExportRequestSerializer(export).data, status=status.HTTP_201_CREATED)


class ExportDecideAPI(TenantAPIMixin, APIView):
    permission_map = {"POST": "alumni_orgs.approve_export"}

    @extend_schema(operation_id="alumni_export_decide", summary="总会审批导出申请", request=s.ReviewSerializer, responses={200: s.ExportRequestSerializer, **ERRORS}, tags=TAG)
    def post(self, request, pk):
        data = s.ReviewSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return Response(s.ExportRequestSerializer(services.export_decide(actor=request.user, request=_get(ExportRequest, pk), approve=data.validated_data["approve"],
                                                                         note=data.validated_data["note"])).data)


class ExportDownloadAPI(TenantAPIMixin, APIView):
    permission_map = {"GET": ""}  # only the requester, only once approved (service)

    @extend_schema(operation_id="alumni_export_download", summary="下载已批准的成员名单（带申请人水印）", responses={(200, XLSX): OpenApiResponse(OpenApiTypes.BINARY), **ERRORS}, tags=TAG)
    def get(self, request, pk):
        export = ExportRequest.objects.filter(pk=pk, requested_by=request.user).first()
        if export is None:
            raise NotFound("不存在。")
        content, name = services.export_download(actor=request.user, request=export)
        response = HttpResponse(content, content_type=XLSX)
        response["Content-Disposition"] = content_disposition_header(True, name)
        return response


class JoinAPI(TenantAPIMixin, APIView):
    permission_map = {"POST": ""}

    @extend_schema(operation_id="alumni_join", summary="加入校友总会或分会（与档案自动匹配认证）", request=s.JoinSerializer, responses={200: s.MembershipSerializer, **ERRORS}, tags=TAG)
    def post(self, request):
        data = s.JoinSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = dict(data.validated_data)
        org_id, answers = v.pop("organization", None), v.pop("answers", {})
        org = _get(Organization, org_id) if org_id else None
        membership = services.join_apply(user=request.user, org=org, data=v, answers=answers)
        return Response(s.MembershipSerializer(membership).data)
