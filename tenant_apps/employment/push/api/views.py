"""Targeted-push API: the same pages as the back office (list, create with a count preview,
detail with totals and progress, the per-student log, cancel)."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.response import Response

from core.api.base import TenantAPIMixin, error_responses
from core.errors import NotFound
from tenant_apps.employment.push import selectors, services
from tenant_apps.employment.push.api import serializers as s
from tenant_apps.employment.push.registry import push_item_types

TAGS = ["就业-定向推送"]
VIEW = "employment_push.view_push"
SEND = "employment_push.send_push"


class PushAPI(TenantAPIMixin, generics.GenericAPIView):
    def parse(self, serializer_class) -> dict:
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def push(self, pk):
        push = selectors.push_get(pk=int(pk))
        if push is None:
            raise NotFound("推送不存在。")
        return push


class PushListAPI(PushAPI):
    permission_map = {"GET": VIEW, "POST": SEND}
    serializer_class = s.PushSerializer

    @extend_schema(operation_id="employment_push_list", summary="定向推送", tags=TAGS, parameters=[OpenApiParameter("q", str), OpenApiParameter("kind", str)],
                   responses={200: s.PushSerializer(many=True), **error_responses(401, 403)})
    def get(self, request):
        page = self.paginate_queryset(selectors.push_list(q=request.query_params.get("q", ""), kind=request.query_params.get("kind", "")))
        return self.get_paginated_response(s.PushSerializer(page, many=True).data)

    @extend_schema(operation_id="employment_push_create", summary="新建定向推送（立即或定时）", tags=TAGS, request=s.PushCreateInputSerializer,
                   responses={201: s.PushSerializer, **error_responses(400, 401, 403)})
    def post(self, request):
        data = self.parse(s.PushCreateInputSerializer)
        push = services.push_create(actor=request.user, item_kind=data["item_kind"], object_id=data["object_id"], filters=dict(data["filters"]),
                                    send_at=data["send_at"], channels=data["channels"] or None, title=data["title"], summary=data["summary"], url=data["url"])
        return Response(s.PushSerializer(selectors.push_get(pk=push.pk)).data, status=status.HTTP_201_CREATED)


class PushPreviewAPI(PushAPI):
    permission_map = {"POST": SEND}
    serializer_class = s.PushFiltersSerializer

    @extend_schema(operation_id="employment_push_preview", summary="预览推送人数", tags=TAGS, request=s.PushFiltersSerializer,
                   responses={200: s.PushPreviewSerializer, **error_responses(400, 401, 403)})
    def post(self, request):
        filters = selectors.clean_filters({**self.parse(s.PushFiltersSerializer), "scope_actor_id": request.user.pk})
        counts = selectors.push_audience_count(filters=filters)
        return Response({**counts, "summary": selectors.describe_filters(filters)})


class PushItemTypesAPI(PushAPI):
    permission_map = {"GET": SEND}
    serializer_class = s.PushItemTypeSerializer
    pagination_class = None

    @extend_schema(operation_id="employment_push_item_types", summary="可推送的内容类型及可选内容", tags=TAGS, parameters=[OpenApiParameter("q", str)],
                   responses={200: s.PushItemTypeSerializer(many=True), **error_responses(401, 403)})
    def get(self, request):
        query = request.query_params.get("q", "").strip()
        rows = [{"kind": t.kind, "label": t.label, "choices": [{"id": pk, "label": label} for pk, label in (t.choices(query) if t.choices else [])]}
                for t in push_item_types()]
        return Response(s.PushItemTypeSerializer(rows, many=True).data)


class PushDetailAPI(PushAPI):
    permission_map = {"GET": VIEW}
    serializer_class = s.PushSerializer

    @extend_schema(operation_id="employment_push_detail", summary="推送详情（总数与进度）", tags=TAGS, responses={200: s.PushSerializer, **error_responses(401, 403, 404)})
    def get(self, request, pk):
        return Response(s.PushSerializer(self.push(pk)).data)


class PushDeliveriesAPI(PushAPI):
    permission_map = {"GET": VIEW}
    serializer_class = s.PushDeliverySerializer

    @extend_schema(operation_id="employment_push_deliveries", summary="推送明细（每个学生的结果与原因）", tags=TAGS,
                   parameters=[OpenApiParameter("status", str), OpenApiParameter("q", str)],
                   responses={200: s.PushDeliverySerializer(many=True), **error_responses(401, 403, 404)})
    def get(self, request, pk):
        push = self.push(pk)
        page = self.paginate_queryset(selectors.push_log(push=push, status=request.query_params.get("status", ""), q=request.query_params.get("q", "")))
        return self.get_paginated_response(s.PushDeliverySerializer(page, many=True).data)


class PushCancelAPI(PushAPI):
    permission_map = {"POST": SEND}
    serializer_class = s.PushSerializer

    @extend_schema(operation_id="employment_push_cancel", summary="取消推送", tags=TAGS, request=None, responses={200: s.PushSerializer, **error_responses(400, 401, 403, 404)})
    def post(self, request, pk):
        push = services.push_cancel(actor=request.user, push=self.push(pk))
        return Response(s.PushSerializer(selectors.push_get(pk=push.pk)).data)
