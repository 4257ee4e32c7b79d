"""Kernel endpoints every tenant has: who the tenant is, and its audit trail."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.base import TenantAPIMixin, TenantListAPIView, error_responses
from core.models import AuditEvent
from core.tenancy import MODULE_LABELS


class TenantInfoSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    type = serializers.CharField()
    status = serializers.CharField()
    modules = serializers.ListField(child=serializers.ChoiceField(choices=list(MODULE_LABELS.items())))


class TenantInfoView(TenantAPIMixin, APIView):
    permission_map = {"GET": ""}  # any signed-in user of the tenant may see where they are

    @extend_schema(operation_id="tenant_retrieve", summary="当前单位信息", responses={200: TenantInfoSerializer, **error_responses(401)}, tags=["platform"])
    def get(self, request):
        tenant = request.tenant
        data = {
            "slug": tenant.schema_name,
            "name": tenant.name,
            "type": getattr(tenant, "type", ""),
            "status": getattr(tenant, "effective_status", tenant.status),
            "modules": list(tenant.modules or []),
        }
        return Response(TenantInfoSerializer(data).data)


class AuditEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = AuditEvent
        fields = ["id", "created_at", "actor_id", "actor_label", "impersonator_label", "action", "object_type", "object_id", "object_label", "before", "after", "ip", "request_id"]


class AuditEventListView(TenantListAPIView):
    """The tenant's audit trail, newest first."""

    permission_map = {"GET": "core.view_auditevent"}
    serializer_class = AuditEventSerializer
    filter_fields = {"action": "action", "object_type": "object_type", "object_id": "object_id", "actor_id": "actor_id"}
    search_fields = ("actor_label", "object_label", "action")
    ordering_fields = ("created_at", "action")
    ordering = ("-created_at", "-id")

    def get_queryset(self):
        return AuditEvent.objects.all()

    @extend_schema(operation_id="audit_event_list", summary="审计日志", responses={200: AuditEventSerializer(many=True), **error_responses(400, 401, 403)}, tags=["platform"])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)
