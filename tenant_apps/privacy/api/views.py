"""Personal-data requests API: file, list (own or the queue), detail, export, erase, answer."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.base import TenantAPIMixin, TenantListAPIView, error_responses
from core.errors import NotFound
from tenant_apps.accounts.models import User
from tenant_apps.privacy import selectors, services
from tenant_apps.privacy.api.serializers import (
    PrivacyRequestCreateSerializer,
    PrivacyRequestSerializer,
    PrivacyResolutionSerializer,
)
from tenant_apps.privacy.enums import RequestChannel


def _request_or_404(user, pk):
    found = selectors.request_for(user, pk)
    if found is None:
        raise Http404
    return found


class PrivacyRequestListAPI(TenantListAPIView):
    """Any signed-in person sees and files their own requests; the data officer sees the queue
    (`?all=1`) and files on someone's behalf."""

    serializer_class = PrivacyRequestSerializer
    permission_map = {"GET": "", "POST": ""}

    def get_queryset(self):
        params = self.request.query_params
        if params.get("all") == "1" and self.request.user.has_perm(selectors.HANDLE_PERMISSION):
            return selectors.request_queue(keyword=params.get("q", ""), status=params.get("status", ""), kind=params.get("kind", ""),
                                           overdue=params.get("overdue") == "1")
        return selectors.requests_of(self.request.user)

    @extend_schema(operation_id="privacy_request_list", summary="个人信息请求列表（本人；数据保护负责人加 all=1 看全部）",
                   parameters=[OpenApiParameter("all", str, enum=["1"]), OpenApiParameter("q", str), OpenApiParameter("status", str),
                               OpenApiParameter("kind", str), OpenApiParameter("overdue", str, enum=["1"])],
                   responses={200: PrivacyRequestSerializer(many=True), **error_responses(401)})
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(operation_id="privacy_request_create", summary="提交个人信息请求（查阅、复制、更正、删除）", request=PrivacyRequestCreateSerializer,
                   responses={201: PrivacyRequestSerializer, **error_responses(400, 401, 403, 409)})
    def post(self, request):
        data = PrivacyRequestCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        subject = request.user
        if values["subject_id"]:
            subject = User.objects.filter(pk=values["subject_id"]).first()
            if subject is None:
                raise NotFound("当事人不存在。")
        created = services.request_create(
            actor=request.user, subject=subject, kind=values["kind"], details=values["details"], channel=RequestChannel.API,
            corrections=[services.Correction(**c) for c in values["corrections"]])
        return Response(PrivacyRequestSerializer(created, context={"request": request}).data, status=status.HTTP_201_CREATED)


class PrivacyRequestDetailAPI(TenantAPIMixin, APIView):
    permission_map = {"GET": ""}

    @extend_schema(operation_id="privacy_request_detail", summary="个人信息请求详情", responses={200: PrivacyRequestSerializer, **error_responses(401, 404)})
    def get(self, request, pk: int):
        return Response(PrivacyRequestSerializer(_request_or_404(request.user, pk), context={"request": request}).data)


class PrivacyRequestExportAPI(TenantAPIMixin, APIView):
    permission_map = {"POST": selectors.HANDLE_PERMISSION}

    @extend_schema(operation_id="privacy_request_export", summary="导出当事人的全部个人信息（JSON 压缩包与 PDF）", request=None,
                   responses={200: PrivacyRequestSerializer, **error_responses(401, 403, 404, 409)})
    def post(self, request, pk: int):
        exported = services.request_export(actor=request.user, request=_request_or_404(request.user, pk))
        return Response(PrivacyRequestSerializer(exported, context={"request": request}).data)


class PrivacyRequestEraseAPI(TenantAPIMixin, APIView):
    permission_map = {"POST": selectors.HANDLE_PERMISSION}

    @extend_schema(operation_id="privacy_request_erase", summary="执行删除：可删除的删除，依法须保留的去标识化", request=None,
                   responses={200: PrivacyRequestSerializer, **error_responses(400, 401, 403, 404, 409)})
    def post(self, request, pk: int):
        erased = services.request_erase(actor=request.user, request=_request_or_404(request.user, pk))
        return Response(PrivacyRequestSerializer(erased, context={"request": request}).data)


class PrivacyRequestHandleAPI(TenantAPIMixin, APIView):
    permission_map = {"POST": selectors.HANDLE_PERMISSION}

    @extend_schema(operation_id="privacy_request_handle", summary="答复请求：办结（更正须写明处理结果）或拒绝（须说明理由）",
                   request=PrivacyResolutionSerializer, responses={200: PrivacyRequestSerializer, **error_responses(400, 401, 403, 404, 409)})
    def post(self, request, pk: int):
        data = PrivacyResolutionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        found = _request_or_404(request.user, pk)
        action = services.request_reject if data.validated_data["decision"] == "reject" else services.request_complete
        handled = action(actor=request.user, request=found, resolution=data.validated_data["resolution"])
        return Response(PrivacyRequestSerializer(handled, context={"request": request}).data)


class PrivacyRequestWithdrawAPI(TenantAPIMixin, APIView):
    permission_map = {"POST": ""}

    @extend_schema(operation_id="privacy_request_withdraw", summary="撤回本人尚未受理的请求", request=None,
                   responses={200: PrivacyRequestSerializer, **error_responses(401, 403, 404, 409)})
    def post(self, request, pk: int):
        withdrawn = services.request_withdraw(actor=request.user, request=_request_or_404(request.user, pk))
        return Response(PrivacyRequestSerializer(withdrawn, context={"request": request}).data)
