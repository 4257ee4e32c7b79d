"""Mass e-mail and SMS API: one endpoint per back-office page."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.base import TenantAPIMixin, TenantListAPIView, error_responses
from tenant_apps.alumni.outreach import selectors, services
from tenant_apps.alumni.outreach.api import serializers as s
from tenant_apps.alumni.outreach.enums import Channel
from tenant_apps.alumni.outreach.layouts import LAYOUTS
from tenant_apps.alumni.outreach.models import BirthdayRun, Campaign, OutreachTemplate


def _campaign(pk) -> Campaign:
    return get_object_or_404(Campaign, pk=pk)


class CampaignListAPI(TenantListAPIView):
    serializer_class = s.AlumniOutreachCampaignSerializer
    permission_map = {"GET": "alumni_outreach.view_campaign", "POST": "alumni_outreach.add_campaign"}

    def get_queryset(self):
        params = self.request.query_params
        return selectors.campaign_list(search=params.get("q", ""), channel=params.get("channel", ""), status=params.get("status", ""), kind=params.get("kind", ""))

    @extend_schema(operation_id="alumni_outreach_campaign_list", summary="群发列表（q、channel、status、kind 筛选）",
                   responses={200: s.AlumniOutreachCampaignSerializer(many=True), **error_responses(401, 403)})
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(operation_id="alumni_outreach_campaign_create", summary="新建群发草稿", request=s.AlumniOutreachCampaignWriteSerializer,
                   responses={201: s.AlumniOutreachCampaignSerializer, **error_responses(400, 401, 403)})
    def post(self, request):
        data = s.AlumniOutreachCampaignWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        campaign = services.campaign_save(actor=request.user, data=services.CampaignInput(**data.validated_data))
        return Response(s.AlumniOutreachCampaignSerializer(campaign).data, status=status.HTTP_201_CREATED)


class CampaignDetailAPI(TenantAPIMixin, APIView):
    permission_map = {"GET": "alumni_outreach.view_campaign", "PUT": "alumni_outreach.change_campaign", "DELETE": "alumni_outreach.delete_campaign"}

    @extend_schema(operation_id="alumni_outreach_campaign_get", summary="群发详情", responses={200: s.AlumniOutreachCampaignSerializer, **error_responses(401, 403, 404)})
    def get(self, request, pk):
        campaign = services.campaign_refresh_status(campaign=_campaign(pk))
        return Response(s.AlumniOutreachCampaignSerializer(campaign).data)

    @extend_schema(operation_id="alumni_outreach_campaign_update", summary="修改草稿", request=s.AlumniOutreachCampaignWriteSerializer,
                   responses={200: s.AlumniOutreachCampaignSerializer, **error_responses(400, 401, 403, 404, 409)})
    def put(self, request, pk):
        data = s.AlumniOutreachCampaignWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        campaign = services.campaign_save(actor=request.user, campaign=_campaign(pk), data=services.CampaignInput(**data.validated_data))
        return Response(s.AlumniOutreachCampaignSerializer(campaign).data)

    @extend_schema(operation_id="alumni_outreach_campaign_delete", summary="删除草稿", responses={204: None, **error_responses(401, 403, 404, 409)})
    def delete(self, request, pk):
        services.campaign_delete(actor=request.user, campaign=_campaign(pk))
        return Response(status=status.HTTP_204_NO_CONTENT)


class CampaignPreviewAPI(TenantAPIMixin, APIView):
    permission_map = {"GET": "alumni_outreach.view_campaign"}

    @extend_schema(operation_id="alumni_outreach_campaign_preview", summary="预览（邮件 HTML / 短信实际内容与计费条数）",
                   responses={200: s.AlumniOutreachPreviewSerializer, **error_responses(401, 403, 404)})
    def get(self, request, pk):
        return Response(services.campaign_preview(campaign=_campaign(pk)))


class CampaignCountAPI(TenantAPIMixin, APIView):
    permission_map = {"GET": "alumni_outreach.view_campaign"}

    @extend_schema(operation_id="alumni_outreach_campaign_recipient_count", summary="发送人数预估",
                   responses={200: s.AlumniOutreachRecipientCountSerializer, **error_responses(401, 403, 404)})
    def get(self, request, pk):
        campaign = _campaign(pk)
        count = selectors.recipient_count(campaign)
        units = services.campaign_preview(campaign=campaign)["segments"] * count.sendable if campaign.channel == Channel.SMS else 0
        return Response({**count.__dict__, "sms_units": units, "sms_balance": selectors.sms_quota().balance})


class CampaignUploadAPI(TenantAPIMixin, APIView):
    permission_map = {"POST": "alumni_outreach.change_campaign"}
    parser_classes = [MultiPartParser]

    @extend_schema(operation_id="alumni_outreach_campaign_upload", summary="上传 Excel 名单（替换原名单，返回被拒绝的行）",
                   request={"multipart/form-data": s.AlumniOutreachUploadSerializer},
                   responses={200: s.AlumniOutreachUploadResultSerializer, **error_responses(400, 401, 403, 404, 409)})
    def post(self, request, pk):
        data = s.AlumniOutreachUploadSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return Response(services.campaign_upload_recipients(actor=request.user, campaign=_campaign(pk), content=data.validated_data["file"].read()))


class CampaignTestSendAPI(TenantAPIMixin, APIView):
    permission_map = {"POST": "alumni_outreach.send_campaign"}

    @extend_schema(operation_id="alumni_outreach_campaign_test_send", summary="测试发送", request=s.AlumniOutreachTestSendSerializer,
                   responses={202: s.AlumniOutreachTestSendResultSerializer, **error_responses(400, 401, 403, 404, 409)})
    def post(self, request, pk):
        data = s.AlumniOutreachTestSendSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        message_id = services.campaign_test_send(actor=request.user, campaign=_campaign(pk), address=data.validated_data["address"])
        return Response({"message_id": message_id}, status=status.HTTP_202_ACCEPTED)


class CampaignSendAPI(TenantAPIMixin, APIView):
    permission_map = {"POST": "alumni_outreach.send_campaign"}

    @extend_schema(operation_id="alumni_outreach_campaign_send", summary="确认发送（短信超出年度额度时 409 sms_quota_exceeded）", request=None,
                   responses={202: s.AlumniOutreachCampaignSerializer, **error_responses(400, 401, 403, 404, 409)})
    def post(self, request, pk):
        campaign = services.campaign_send(actor=request.user, campaign=_campaign(pk))
        return Response(s.AlumniOutreachCampaignSerializer(campaign).data, status=status.HTTP_202_ACCEPTED)


class CampaignProgressAPI(TenantAPIMixin, APIView):
    permission_map = {"GET": "alumni_outreach.view_campaign"}

    @extend_schema(operation_id="alumni_outreach_campaign_progress", summary="发送进度", responses={200: s.AlumniOutreachProgressSerializer, **error_responses(401, 403, 404)})
    def get(self, request, pk):
        campaign = services.campaign_refresh_status(campaign=_campaign(pk))
        return Response(selectors.campaign_stats(campaign))


class CampaignLogAPI(TenantListAPIView):
    serializer_class = s.AlumniOutreachLogSerializer
    permission_map = {"GET": "alumni_outreach.view_campaign"}

    def get_queryset(self):
        campaign = _campaign(self.kwargs["pk"])
        params = self.request.query_params
        return selectors.campaign_log(campaign, status=params.get("status", ""), search=params.get("q", ""),
                                      opened={"true": True, "false": False}.get(params.get("opened", "")))

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        return selectors.attach_opens(_campaign(self.kwargs["pk"]), page) if page is not None else page

    @extend_schema(operation_id="alumni_outreach_campaign_log", summary="逐人发送记录（status、q、opened 筛选）",
                   responses={200: s.AlumniOutreachLogSerializer(many=True), **error_responses(401, 403, 404)})
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class TemplateListAPI(TenantListAPIView):
    serializer_class = s.AlumniOutreachTemplateSerializer
    permission_map = {"GET": "alumni_outreach.view_outreachtemplate", "POST": "alumni_outreach.add_outreachtemplate"}

    def get_queryset(self):
        return selectors.template_list(search=self.request.query_params.get("q", ""), channel=self.request.query_params.get("channel", ""))

    @extend_schema(operation_id="alumni_outreach_template_list", summary="模板列表", responses={200: s.AlumniOutreachTemplateSerializer(many=True), **error_responses(401, 403)})
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(operation_id="alumni_outreach_template_create", summary="新建模板", request=s.AlumniOutreachTemplateSerializer,
                   responses={201: s.AlumniOutreachTemplateSerializer, **error_responses(400, 401, 403)})
    def post(self, request):
        data = s.AlumniOutreachTemplateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        template = services.template_save(actor=request.user, data=data.validated_data)
        return Response(s.AlumniOutreachTemplateSerializer(template).data, status=status.HTTP_201_CREATED)


class TemplateDetailAPI(TenantAPIMixin, APIView):
    permission_map = {"GET": "alumni_outreach.view_outreachtemplate", "PUT": "alumni_outreach.change_outreachtemplate",
                      "DELETE": "alumni_outreach.delete_outreachtemplate"}

    @extend_schema(operation_id="alumni_outreach_template_get", summary="模板详情", responses={200: s.AlumniOutreachTemplateSerializer, **error_responses(401, 403, 404)})
    def get(self, request, pk):
        return Response(s.AlumniOutreachTemplateSerializer(get_object_or_404(OutreachTemplate, pk=pk)).data)

    @extend_schema(operation_id="alumni_outreach_template_update", summary="修改模板", request=s.AlumniOutreachTemplateSerializer,
                   responses={200: s.AlumniOutreachTemplateSerializer, **error_responses(400, 401, 403, 404)})
    def put(self, request, pk):
        data = s.AlumniOutreachTemplateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        template = services.template_save(actor=request.user, template=get_object_or_404(OutreachTemplate, pk=pk), data=data.validated_data)
        return Response(s.AlumniOutreachTemplateSerializer(template).data)

    @extend_schema(operation_id="alumni_outreach_template_delete", summary="删除模板", responses={204: None, **error_responses(401, 403, 404)})
    def delete(self, request, pk):
        services.template_delete(actor=request.user, template=get_object_or_404(OutreachTemplate, pk=pk))
        return Response(status=status.HTTP_204_NO_CONTENT)


class LayoutListAPI(TenantAPIMixin, APIView):
    permission_map = {"GET": "alumni_outreach.view_outreachtemplate"}

    @extend_schema(operation_id="alumni_outreach_layout_list", summary="邮件素材库（内置版式）", responses={200: s.AlumniOutreachLayoutSerializer(many=True), **error_responses(401, 403)})
    def get(self, request):
        return Response([{"key": layout.key, "name": layout.name, "description": layout.description,
                          "html": services.render_email(title=layout.name, body=layout.sample, layout=layout.key, name="张三", unsubscribe="#")}
                         for layout in LAYOUTS.values()])


def _quota_data() -> dict:
    quota = selectors.sms_quota()
    return {"year": quota.year, "limit": quota.limit, "used": quota.used, "balance": quota.balance}


class QuotaAPI(TenantAPIMixin, APIView):
    permission_map = {"GET": "alumni_outreach.view_smsquota", "PUT": "alumni_outreach.change_smsquota"}

    @extend_schema(operation_id="alumni_outreach_sms_quota_get", summary="本年短信额度与余额", responses={200: s.AlumniOutreachQuotaSerializer, **error_responses(401, 403)})
    def get(self, request):
        return Response(_quota_data())

    @extend_schema(operation_id="alumni_outreach_sms_quota_update", summary="修改本年短信总量", request=s.AlumniOutreachQuotaSerializer,
                   responses={200: s.AlumniOutreachQuotaSerializer, **error_responses(400, 401, 403)})
    def put(self, request):
        data = s.AlumniOutreachQuotaSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.sms_quota_update(actor=request.user, limit=data.validated_data["limit"])
        return Response(_quota_data())


def _birthday_data() -> dict:
    setting = services.birthday_setting()
    return {"is_enabled": setting.is_enabled, "text": setting.text, "runs": BirthdayRun.objects.order_by("-date")[:30]}


class BirthdayAPI(TenantAPIMixin, APIView):
    permission_map = {"GET": "alumni_outreach.view_birthdaysetting", "PUT": "alumni_outreach.change_birthdaysetting"}

    @extend_schema(operation_id="alumni_outreach_birthday_get", summary="生日祝福设置与记录", responses={200: s.AlumniOutreachBirthdaySerializer, **error_responses(401, 403)})
    def get(self, request):
        return Response(s.AlumniOutreachBirthdaySerializer(_birthday_data()).data)

    @extend_schema(operation_id="alumni_outreach_birthday_update", summary="修改生日祝福设置", request=s.AlumniOutreachBirthdaySerializer,
                   responses={200: s.AlumniOutreachBirthdaySerializer, **error_responses(400, 401, 403)})
    def put(self, request):
        data = s.AlumniOutreachBirthdaySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.birthday_setting_save(actor=request.user, is_enabled=data.validated_data["is_enabled"], text=data.validated_data["text"])
        return Response(s.AlumniOutreachBirthdaySerializer(_birthday_data()).data)
