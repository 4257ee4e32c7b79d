"""Draw-sheet templates in the API (X22, P19): what the 抽取表模板 page does — list, upload
(checked by rendering with sample data), activate, deactivate, delete, and download the
uploaded or built-in template."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.utils.http import content_disposition_header
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from core.api.base import ErrorSerializer, TenantAPIMixin
from tenant_apps.experts.panels import selectors, services, sheets
from tenant_apps.experts.panels.models import SheetTemplate

TAG = ["专家抽取-抽取表模板"]
ERRORS = {400: ErrorSerializer, 401: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer}
VIEW, ADD, CHANGE, DELETE = ("expert_panels.view_sheettemplate", "expert_panels.add_sheettemplate",
                             "expert_panels.change_sheettemplate", "expert_panels.delete_sheettemplate")
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class PanelsSheetTemplateSerializer(serializers.ModelSerializer):
    uploaded_by = serializers.SerializerMethodField()
    has_xlsx = serializers.SerializerMethodField()

    class Meta:
        model = SheetTemplate
        fields = ["id", "name", "category", "is_active", "placeholders", "has_xlsx", "uploaded_by", "created_at"]

    def get_uploaded_by(self, template) -> str:
        return str(template.uploaded_by) if template.uploaded_by_id else ""

    def get_has_xlsx(self, template) -> bool:
        return bool(template.xlsx)


class PanelsSheetTemplateUploadSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    category = serializers.CharField(max_length=50, required=False, allow_blank=True, default="", help_text="适用项目类型，留空适用于所有类型")
    docx = serializers.FileField(help_text="Word 模板（.docx，Jinja 占位符）")
    xlsx = serializers.FileField(required=False, allow_null=True, help_text="Excel 模板（可选）")
    activate = serializers.BooleanField(required=False, default=True)


class PanelsSheetPlaceholderSerializer(serializers.Serializer):
    scope = serializers.CharField()
    name = serializers.CharField()
    label = serializers.CharField()
    example = serializers.CharField()


class _SheetTemplateAPI(TenantAPIMixin, generics.GenericAPIView):
    serializer_class = PanelsSheetTemplateSerializer

    def template(self, pk: int) -> SheetTemplate:
        template = SheetTemplate.objects.filter(pk=pk).first()
        if template is None:
            raise Http404
        return template


class SheetTemplateListAPI(_SheetTemplateAPI):
    permission_map = {"GET": VIEW, "POST": (VIEW, ADD)}
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(operation_id="panels_sheet_templates_list", tags=TAG, summary="抽取表模板",
                   parameters=[OpenApiParameter("q", str, description="名称或项目类型（包含）")],
                   responses={200: PanelsSheetTemplateSerializer(many=True), **ERRORS})
    def get(self, request):
        page = self.paginate_queryset(selectors.sheet_templates(q=request.query_params.get("q", "").strip()[:100]))
        return self.get_paginated_response(PanelsSheetTemplateSerializer(page, many=True).data)

    @extend_schema(operation_id="panels_sheet_templates_upload", tags=TAG, summary="上传模板（先用示例数据试渲染，占位符有误则拒绝）",
                   request={"multipart/form-data": PanelsSheetTemplateUploadSerializer}, responses={201: PanelsSheetTemplateSerializer, **ERRORS})
    def post(self, request):
        serializer = PanelsSheetTemplateUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        template = services.sheet_template_upload(actor=request.user, name=data["name"], category=data["category"], docx=data["docx"],
                                                  xlsx=data.get("xlsx"), activate=data["activate"])
        return Response(PanelsSheetTemplateSerializer(template).data, status=status.HTTP_201_CREATED)


class SheetTemplateDetailAPI(_SheetTemplateAPI):
    permission_map = {"GET": VIEW, "DELETE": (VIEW, DELETE)}

    @extend_schema(operation_id="panels_sheet_templates_retrieve", tags=TAG, summary="模板详情",
                   responses={200: PanelsSheetTemplateSerializer, **ERRORS})
    def get(self, request, pk: int):
        return Response(PanelsSheetTemplateSerializer(self.template(pk)).data)

    @extend_schema(operation_id="panels_sheet_templates_destroy", tags=TAG, summary="删除模板", responses={204: None, **ERRORS})
    def delete(self, request, pk: int):
        services.sheet_template_delete(actor=request.user, template=self.template(pk))
        return Response(status=status.HTTP_204_NO_CONTENT)


class SheetTemplateActivateAPI(_SheetTemplateAPI):
    permission_map = {"POST": (VIEW, CHANGE)}

    @extend_schema(operation_id="panels_sheet_templates_activate", tags=TAG, summary="启用（同一项目类型原启用的模板自动停用）",
                   request=None, responses={200: PanelsSheetTemplateSerializer, **ERRORS})
    def post(self, request, pk: int):
        return Response(PanelsSheetTemplateSerializer(services.sheet_template_activate(actor=request.user, template=self.template(pk))).data)


class SheetTemplateDeactivateAPI(_SheetTemplateAPI):
    permission_map = {"POST": (VIEW, CHANGE)}

    @extend_schema(operation_id="panels_sheet_templates_deactivate", tags=TAG, summary="停用（回到通用或内置模板）",
                   request=None, responses={200: PanelsSheetTemplateSerializer, **ERRORS})
    def post(self, request, pk: int):
        return Response(PanelsSheetTemplateSerializer(services.sheet_template_deactivate(actor=request.user, template=self.template(pk))).data)


def _download(content: bytes, name: str, kind: str) -> HttpResponse:
    response = HttpResponse(content, content_type=DOCX if kind == "docx" else XLSX)
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


class SheetTemplateFileAPI(_SheetTemplateAPI):
    """The uploaded template file (placeholders only, no personal data)."""

    permission_map = {"GET": VIEW}

    @extend_schema(operation_id="panels_sheet_templates_file", tags=TAG, summary="下载已上传的模板文件",
                   parameters=[OpenApiParameter("kind", str, enum=["docx", "xlsx"], location=OpenApiParameter.PATH)],
                   responses={(200, "application/octet-stream"): OpenApiResponse(OpenApiTypes.BINARY), **ERRORS})
    def get(self, request, pk: int, kind: str):
        template = self.template(pk)
        stored = getattr(template, kind, None) if kind in ("docx", "xlsx") else None
        if not stored:
            raise Http404
        with stored.open("rb") as handle:
            return _download(handle.read(), f"{template.name}.{kind}", kind)


class SheetTemplateDefaultAPI(_SheetTemplateAPI):
    permission_map = {"GET": VIEW}

    @extend_schema(operation_id="panels_sheet_templates_default", tags=TAG, summary="下载内置模板（作为新模板的起点）",
                   parameters=[OpenApiParameter("kind", str, enum=["docx", "xlsx"], location=OpenApiParameter.PATH)],
                   responses={(200, "application/octet-stream"): OpenApiResponse(OpenApiTypes.BINARY), **ERRORS})
    def get(self, request, kind: str):
        if kind not in ("docx", "xlsx"):
            raise Http404
        return _download(sheets.default_docx() if kind == "docx" else sheets.default_xlsx(), f"默认抽取表模板.{kind}", kind)


class SheetPlaceholderListAPI(_SheetTemplateAPI):
    permission_map = {"GET": VIEW}
    pagination_class = None

    @extend_schema(operation_id="panels_sheet_templates_placeholders", tags=TAG, summary="模板可用的占位符",
                   responses={200: PanelsSheetPlaceholderSerializer(many=True), **ERRORS})
    def get(self, request):
        rows = [{"scope": "project", "name": name, "label": label, "example": str(example)} for name, label, example in sheets.PROJECT_PLACEHOLDERS]
        rows += [{"scope": "member", "name": name, "label": label, "example": str(example)} for name, label, example in sheets.MEMBER_PLACEHOLDERS]
        return Response(PanelsSheetPlaceholderSerializer(rows, many=True).data)
