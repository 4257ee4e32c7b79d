"""Projects and draws API. Archived projects answer 409 project_archived on writes."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from core.api.base import ErrorSerializer, TenantViewSet
from core.errors import NotFound
from tenant_apps.experts.panels import selectors, services


class PanelProjectSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    code = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
    title = serializers.CharField(max_length=200)
    owner_unit = serializers.CharField(max_length=200)
    related_units = serializers.ListField(child=serializers.CharField(max_length=200), required=False, default=list)
    opens_at = serializers.DateTimeField()
    location = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    description = serializers.CharField(required=False, allow_blank=True, default="")
    status = serializers.CharField(read_only=True)
    archived_at = serializers.DateTimeField(read_only=True)

    class Meta:
        ref_name = "PanelsProject"


class PanelDrawSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    mode = serializers.CharField()
    status = serializers.CharField()
    short_reason = serializers.CharField()
    commitment = serializers.CharField()
    seed = serializers.CharField()
    verify_token = serializers.CharField()

    class Meta:
        ref_name = "PanelsDraw"


def _input(data) -> services.ProjectInput:
    return services.ProjectInput(title=data["title"], owner_unit=data["owner_unit"], opens_at=data["opens_at"], code=data.get("code", ""),
                                 related_units=data.get("related_units", []), location=data.get("location", ""), description=data.get("description", ""))


class ProjectViewSet(TenantViewSet):
    permission_map = {"GET": "expert_panels.view_project", "POST": "expert_panels.add_project", "PATCH": "expert_panels.change_project", "PUT": "expert_panels.change_project"}
    serializer_class = PanelProjectSerializer

    def get_queryset(self):
        return selectors.project_scope(actor=self.request.user).order_by("-id")

    def _get(self, pk):
        project = selectors.project_get(actor=self.request.user, pk=int(pk))
        if project is None:
            raise NotFound("项目不存在。")
        return project

    @extend_schema(responses={200: PanelProjectSerializer(many=True)})
    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(PanelProjectSerializer(page, many=True).data)

    @extend_schema(responses={200: PanelProjectSerializer, 404: ErrorSerializer})
    def retrieve(self, request, pk=None):
        return Response(PanelProjectSerializer(self._get(pk)).data)

    @extend_schema(request=PanelProjectSerializer, responses={201: PanelProjectSerializer, 400: ErrorSerializer})
    def create(self, request):
        serializer = PanelProjectSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        project = services.project_create(actor=request.user, data=_input(serializer.validated_data))
        return Response(PanelProjectSerializer(project).data, status=201)

    @extend_schema(request=PanelProjectSerializer, responses={200: PanelProjectSerializer, 409: ErrorSerializer})
    def update(self, request, pk=None):
        project = self._get(pk)
        serializer = PanelProjectSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        project = services.project_update(actor=request.user, project=project, data=_input(serializer.validated_data))
        return Response(PanelProjectSerializer(project).data)

    partial_update = update

    @extend_schema(responses={200: PanelDrawSerializer(many=True)})
    def draws(self, request, pk=None):
        return Response(PanelDrawSerializer(selectors.project_draws(self._get(pk)), many=True).data)
