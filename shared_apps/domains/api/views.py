"""Tenant API for custom domains (/api/v1/domains/). The rows live in the public schema; every
read goes through a selector that filters by request.tenant."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.response import Response

from core.api.base import TenantAPIMixin, error_responses
from core.errors import NotFound
from shared_apps.domains import selectors, services
from shared_apps.domains.api.serializers import CustomDomainCreateSerializer, CustomDomainSerializer
from shared_apps.domains.enums import MANAGE_DOMAINS, VIEW_DOMAINS

TAGS = ["自定义域名"]


class CustomDomainListAPI(TenantAPIMixin, generics.GenericAPIView):
    permission_map = {"GET": VIEW_DOMAINS, "POST": MANAGE_DOMAINS}
    serializer_class = CustomDomainSerializer

    @extend_schema(operation_id="domains_custom_domain_list", tags=TAGS, summary="自定义域名列表", responses={200: CustomDomainSerializer(many=True), **error_responses(401, 403)})
    def get(self, request):
        return Response(CustomDomainSerializer(selectors.custom_domains_of(tenant=request.tenant), many=True).data)

    @extend_schema(
        operation_id="domains_custom_domain_create", tags=TAGS, summary="添加自定义域名（返回需添加的 TXT 记录）",
        request=CustomDomainCreateSerializer, responses={201: CustomDomainSerializer, **error_responses(400, 401, 403, 409)},
    )
    def post(self, request):
        serializer = CustomDomainCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        custom = services.custom_domain_add(actor=request.user, tenant=request.tenant, domain=serializer.validated_data["domain"])
        return Response(CustomDomainSerializer(custom).data, status=status.HTTP_201_CREATED)


def _custom(request, pk: int):
    custom = selectors.custom_domain_get(tenant=request.tenant, pk=pk)
    if custom is None:
        raise NotFound("域名不存在。")
    return custom


class CustomDomainDetailAPI(TenantAPIMixin, generics.GenericAPIView):
    permission_map = {"GET": VIEW_DOMAINS, "DELETE": MANAGE_DOMAINS}
    serializer_class = CustomDomainSerializer

    @extend_schema(operation_id="domains_custom_domain_get", tags=TAGS, summary="自定义域名详情", responses={200: CustomDomainSerializer, **error_responses(401, 403, 404)})
    def get(self, request, pk: int):
        return Response(CustomDomainSerializer(_custom(request, pk)).data)

    @extend_schema(operation_id="domains_custom_domain_delete", tags=TAGS, summary="删除自定义域名（立即停止访问）", responses={204: None, **error_responses(401, 403, 404)})
    def delete(self, request, pk: int):
        services.custom_domain_delete(actor=request.user, custom=_custom(request, pk))
        return Response(status=status.HTTP_204_NO_CONTENT)


class CustomDomainVerifyAPI(TenantAPIMixin, generics.GenericAPIView):
    permission_map = {"POST": MANAGE_DOMAINS}
    serializer_class = CustomDomainSerializer

    @extend_schema(
        operation_id="domains_custom_domain_verify", tags=TAGS, summary="检查 TXT 记录，通过后域名立即生效",
        request=None, responses={200: CustomDomainSerializer, **error_responses(400, 401, 403, 404, 503)},
    )
    def post(self, request, pk: int):
        custom = services.custom_domain_verify(actor=request.user, custom=_custom(request, pk))
        return Response(CustomDomainSerializer(custom).data)
