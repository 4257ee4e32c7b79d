"""Giving API: every page's data over the same services and selectors."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.base import TenantAPIMixin, TenantListAPIView, error_responses
from core.masking import mask_name
from tenant_apps.alumni.giving import selectors, services
from tenant_apps.alumni.giving.api import serializers as s
from tenant_apps.alumni.giving.models import Donation

STAFF = "alumni_giving.view_project"


def _projects_for(user):
    return selectors.projects() if user.has_perm(STAFF) else selectors.visible_projects(user)


def _project_input(data: dict) -> services.ProjectInput:
    return services.ProjectInput(**data)


class ProjectListAPI(TenantListAPIView):
    serializer_class = s.AlumniGivingProjectSerializer
    permission_map = {"GET": "", "POST": "alumni_giving.add_project"}

    def get_queryset(self):
        qs = _projects_for(self.request.user)
        q = self.request.query_params.get("q", "").strip()
        return qs.filter(title__icontains=q) if q else qs

    @extend_schema(operation_id="alumni_giving_project_list", summary="捐赠项目（校友只看到可见的项目）",
                   parameters=[OpenApiParameter("q", str, required=False)], responses={200: s.AlumniGivingProjectSerializer(many=True), **error_responses(401)})
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(operation_id="alumni_giving_project_create", summary="发起捐赠项目", request=s.AlumniGivingProjectWriteSerializer,
                   responses={201: s.AlumniGivingProjectSerializer, **error_responses(400, 401, 403)})
    def post(self, request):
        data = s.AlumniGivingProjectWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        project = services.project_create(actor=request.user, data=_project_input(data.validated_data))
        return Response(s.AlumniGivingProjectSerializer(project).data, status=status.HTTP_201_CREATED)


class ProjectDetailAPI(TenantAPIMixin, APIView):
    permission_map = {"GET": "", "PUT": "alumni_giving.change_project", "DELETE": "alumni_giving.delete_project"}

    @extend_schema(operation_id="alumni_giving_project_detail", summary="捐赠项目详情", responses={200: s.AlumniGivingProjectSerializer, **error_responses(401, 404)})
    def get(self, request, pk: int):
        return Response(s.AlumniGivingProjectSerializer(get_object_or_404(_projects_for(request.user), pk=pk)).data)

    @extend_schema(operation_id="alumni_giving_project_update", summary="修改捐赠项目", request=s.AlumniGivingProjectWriteSerializer,
                   responses={200: s.AlumniGivingProjectSerializer, **error_responses(400, 401, 403, 404)})
    def put(self, request, pk: int):
        data = s.AlumniGivingProjectWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        project = services.project_update(actor=request.user, project=get_object_or_404(selectors.projects(), pk=pk), data=_project_input(data.validated_data))
        return Response(s.AlumniGivingProjectSerializer(project).data)

    @extend_schema(operation_id="alumni_giving_project_delete", summary="删除捐赠项目（无到账捐赠时）", responses={204: None, **error_responses(401, 403, 404, 409)})
    def delete(self, request, pk: int):
        services.project_delete(actor=request.user, project=get_object_or_404(selectors.projects(), pk=pk))
        return Response(status=status.HTTP_204_NO_CONTENT)


class ProjectUpdateListAPI(TenantAPIMixin, APIView):
    permission_map = {"GET": "", "POST": "alumni_giving.change_project"}

    @extend_schema(operation_id="alumni_giving_update_list", summary="项目动态（进展、支出、使用报告）",
                   responses={200: s.AlumniGivingUpdateSerializer(many=True), **error_responses(401, 404)})
    def get(self, request, pk: int):
        project = get_object_or_404(_projects_for(request.user), pk=pk)
        return Response(s.AlumniGivingUpdateSerializer(selectors.project_updates(project), many=True).data)

    @extend_schema(operation_id="alumni_giving_update_create", summary="发布项目动态", request=s.AlumniGivingUpdateWriteSerializer,
                   responses={201: s.AlumniGivingUpdateSerializer, **error_responses(400, 401, 403, 404)})
    def post(self, request, pk: int):
        project = get_object_or_404(selectors.projects(), pk=pk)
        data = s.AlumniGivingUpdateWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        update = services.update_add(actor=request.user, project=project, **data.validated_data)
        return Response(s.AlumniGivingUpdateSerializer(update).data, status=status.HTTP_201_CREATED)


class DonateAPI(TenantAPIMixin, APIView):
    permission_map = {"POST": ""}

    @extend_schema(operation_id="alumni_giving_donate", summary="认捐（创建待支付的捐赠）", request=s.AlumniGivingDonateSerializer,
                   responses={201: s.AlumniGivingDonationSerializer, **error_responses(400, 401, 404, 409)})
    def post(self, request, pk: int):
        project = get_object_or_404(selectors.visible_projects(request.user), pk=pk)
        data = s.AlumniGivingDonateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        donation = services.donation_create(actor=request.user, project=project, **data.validated_data)
        return Response(s.AlumniGivingDonationSerializer(donation).data, status=status.HTTP_201_CREATED)


def _mine(request, pk) -> Donation:
    donation = get_object_or_404(Donation.objects.select_related("project"), pk=pk)
    if donation.donor_id != request.user.pk:
        raise Http404
    return donation


class DonationPayAPI(TenantAPIMixin, APIView):
    permission_map = {"POST": ""}

    @extend_schema(operation_id="alumni_giving_donation_pay", summary="微信支付（JSAPI 参数）", request=None,
                   responses={200: s.AlumniGivingCheckoutSerializer, **error_responses(401, 404, 409)})
    def post(self, request, pk: int):
        checkout = services.donation_pay(actor=request.user, donation=_mine(request, pk), openid=request.user.wechat_openid,
                                         notify_url=request.build_absolute_uri(reverse("api:payments:notify")))
        return Response({"out_trade_no": checkout.order.out_trade_no, "jsapi": checkout.jsapi})


class MyDonationListAPI(TenantListAPIView):
    serializer_class = s.AlumniGivingDonationSerializer
    permission_map = {"GET": ""}

    def get_queryset(self):
        return selectors.my_donations(self.request.user)

    @extend_schema(operation_id="alumni_giving_my_donations", summary="我的捐赠", responses={200: s.AlumniGivingDonationSerializer(many=True), **error_responses(401)})
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class MyDonationDetailAPI(TenantAPIMixin, APIView):
    permission_map = {"GET": ""}

    @extend_schema(operation_id="alumni_giving_my_donation_detail", summary="我的一笔捐赠（支付后刷新状态）",
                   responses={200: s.AlumniGivingDonationSerializer, **error_responses(401, 404)})
    def get(self, request, pk: int):
        donation = _mine(request, pk)
        if request.query_params.get("sync") == "1" and donation.status == "pending":
            donation = services.donation_payment_sync(donation=donation)
        return Response(s.AlumniGivingDonationSerializer(donation).data)


class MyTimelineAPI(TenantAPIMixin, APIView):
    permission_map = {"GET": ""}

    @extend_schema(operation_id="alumni_giving_my_timeline", summary="我的善款去向（时间线）",
                   responses={200: s.AlumniGivingTimelineEntrySerializer(many=True), **error_responses(401)})
    def get(self, request):
        return Response(s.AlumniGivingTimelineEntrySerializer(selectors.my_timeline(request.user), many=True).data)


class DonationListAPI(TenantListAPIView):
    serializer_class = s.AlumniGivingDonationSerializer
    permission_map = {"GET": "alumni_giving.view_donation"}

    def get_queryset(self):
        p = self.request.query_params
        return selectors.donations(selectors.DonationSearch(q=p.get("q", "").strip(), project_id=int(p["project"]) if p.get("project", "").isdigit() else None,
                                                            status=p.get("status", ""), year=int(p["year"]) if p.get("year", "").isdigit() and 1900 <= int(p["year"]) <= 2100 else None,
                                                            receipt=p.get("receipt", ""), channel=p.get("channel", "")))

    @extend_schema(operation_id="alumni_giving_donation_list", summary="捐赠记录（筛选、分页）",
                   parameters=[OpenApiParameter(n, str, required=False) for n in ("q", "project", "status", "year", "receipt", "channel")],
                   responses={200: s.AlumniGivingDonationSerializer(many=True), **error_responses(401, 403)})
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class DonationDetailAPI(TenantAPIMixin, APIView):
    permission_map = {"GET": "alumni_giving.view_donation", "PATCH": "alumni_giving.manage_donation"}

    @extend_schema(operation_id="alumni_giving_donation_detail", summary="捐赠记录详情", responses={200: s.AlumniGivingDonationSerializer, **error_responses(401, 403, 404)})
    def get(self, request, pk: int):
        return Response(s.AlumniGivingDonationSerializer(get_object_or_404(Donation, pk=pk)).data)

    @extend_schema(operation_id="alumni_giving_donation_amount", summary="更正线下捐赠金额（登记票据后锁定）", request=s.AlumniGivingAmountChangeSerializer,
                   responses={200: s.AlumniGivingDonationSerializer, **error_responses(400, 401, 403, 404, 409)})
    def patch(self, request, pk: int):
        data = s.AlumniGivingAmountChangeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        donation = services.donation_amount_change(actor=request.user, donation=get_object_or_404(Donation, pk=pk), **data.validated_data)
        return Response(s.AlumniGivingDonationSerializer(donation).data)


class DonationRefundAPI(TenantAPIMixin, APIView):
    permission_map = {"POST": "alumni_giving.manage_donation"}

    @extend_schema(operation_id="alumni_giving_donation_refund", summary="全额退款（开票前）", request=s.AlumniGivingReasonSerializer,
                   responses={200: s.AlumniGivingDonationSerializer, **error_responses(401, 403, 404, 409)})
    def post(self, request, pk: int):
        data = s.AlumniGivingReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        donation = services.donation_refund(actor=request.user, donation=get_object_or_404(Donation, pk=pk), reason=data.validated_data["reason"],
                                            notify_url=request.build_absolute_uri(reverse("api:payments:notify")))
        return Response(s.AlumniGivingDonationSerializer(donation).data)


class ReceiptRecordAPI(TenantAPIMixin, APIView):
    permission_map = {"POST": "alumni_giving.record_receipt"}

    @extend_schema(operation_id="alumni_giving_receipt_record", summary="登记一张基金会电子票据（批量请用导入）", request=s.AlumniGivingReceiptSerializer,
                   responses={200: s.AlumniGivingDonationSerializer, **error_responses(400, 401, 403, 404, 409)})
    def post(self, request):
        data = s.AlumniGivingReceiptSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return Response(s.AlumniGivingDonationSerializer(services.donation_receipt_record(actor=request.user, **data.validated_data)).data)


class StatisticsAPI(TenantAPIMixin, APIView):
    permission_map = {"GET": "alumni_giving.view_giving_statistics"}

    @extend_schema(operation_id="alumni_giving_statistics", summary="捐赠统计（按项目、分会、入学年份、月份）",
                   parameters=[OpenApiParameter("year", int, required=False)], responses={200: s.AlumniGivingStatisticsSerializer, **error_responses(401, 403)})
    def get(self, request):
        year = request.query_params.get("year", "")
        year = int(year) if year.isdigit() and 1900 <= int(year) <= 2100 else None  # anything else: all years
        return Response(s.AlumniGivingStatisticsSerializer(selectors.statistics(year=year)).data)


class SettingsAPI(TenantAPIMixin, APIView):
    permission_map = {"GET": "alumni_giving.manage_giving_settings", "PUT": "alumni_giving.manage_giving_settings"}

    @extend_schema(operation_id="alumni_giving_settings_get", summary="捐赠设置", responses={200: s.AlumniGivingSettingsSerializer, **error_responses(401, 403)})
    def get(self, request):
        return Response(s.AlumniGivingSettingsSerializer(selectors.giving_settings()).data)

    @extend_schema(operation_id="alumni_giving_settings_put", summary="保存捐赠设置（基金会公开募捐资格、证书政策）", request=s.AlumniGivingSettingsSerializer,
                   responses={200: s.AlumniGivingSettingsSerializer, **error_responses(400, 401, 403)})
    def put(self, request):
        data = s.AlumniGivingSettingsSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return Response(s.AlumniGivingSettingsSerializer(services.settings_save(actor=request.user, data=data.validated_data)).data)


class CertificateVerifyAPI(TenantAPIMixin, APIView):
    permission_map = {"GET": ""}

    @extend_schema(operation_id="alumni_giving_certificate_verify", summary="验证捐赠证书（二维码中的签名码）",
                   parameters=[OpenApiParameter("code", str, required=True)], responses={200: s.AlumniGivingVerificationSerializer, **error_responses(401)})
    def get(self, request):
        verdict, donation = selectors.donation_by_certificate(request.query_params.get("code", ""))
        return Response({"status": verdict, "certificate_number": donation.certificate_number if donation else "",
                         "donor": ("爱心校友" if donation.is_anonymous else mask_name(donation.donor_name)) if donation else "",
                         "project_title": donation.project.title if donation else "", "amount_fen": donation.amount_fen if donation else None})
