"""Import and export jobs in the API (P13, P19): what the 导入导出任务 pages show, plus starting
an import (a file upload) or a background export. A person sees their own jobs (superusers
everyone's); starting a job checks the spec's own permission in the service, and an export that
holds personal data needs `reason` (400 `export_reason_required`). Finished files are handed
out as signed, short-lived links (core.files)."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from core.api.base import TenantAPIMixin, error_responses
from core.files import download_url
from core.importexport import selectors, services
from core.importexport.spec import spec_title
from core.models import FileJob

TAGS = ["platform"]


class ImportExportJobSerializer(serializers.ModelSerializer):
    spec_title = serializers.SerializerMethodField()
    progress = serializers.IntegerField(read_only=True)
    file_name = serializers.SerializerMethodField()
    reason = serializers.SerializerMethodField()
    result_url = serializers.SerializerMethodField(help_text="结果文件的签名下载链接（短期有效，只对本人有效）")
    report_url = serializers.SerializerMethodField(help_text="失败报告的签名下载链接")

    class Meta:
        model = FileJob
        fields = ["id", "kind", "spec", "spec_title", "status", "created_at", "finished_at", "total_rows", "processed_rows",
                  "succeeded_rows", "rejected_rows", "progress", "error", "file_name", "reason", "result_url", "report_url"]

    def get_spec_title(self, job) -> str:
        return spec_title(job.kind, job.spec)

    def get_file_name(self, job) -> str:
        return (job.params or {}).get("file_name", "")

    def get_reason(self, job) -> str:
        return (job.params or {}).get("_reason", "")

    def _link(self, fieldfile, job, label: str) -> str:
        request = self.context.get("request")
        if request is None or not fieldfile:
            return ""
        return request.build_absolute_uri(download_url(fieldfile, user=request.user, filename=f"{spec_title(job.kind, job.spec)}-{label}-{job.pk}.xlsx"))

    def get_result_url(self, job) -> str:
        return self._link(job.result_file, job, "结果" if job.kind == FileJob.Kind.IMPORT else "导出")

    def get_report_url(self, job) -> str:
        return self._link(job.report_file, job, "失败报告")


class ImportExportImportStartSerializer(serializers.Serializer):
    spec = serializers.CharField(max_length=80, help_text="导入类型，如 accounts.users、experts.experts")
    file = serializers.FileField(help_text=".xlsx，用下载的模板填写")


class ImportExportExportStartSerializer(serializers.Serializer):
    spec = serializers.CharField(max_length=80, help_text="导出类型，如 accounts.users")
    params = serializers.DictField(child=serializers.CharField(allow_blank=True, max_length=500), required=False, default=dict,
                                   help_text="筛选条件（与列表页相同的参数名）")
    reason = serializers.CharField(max_length=200, required=False, allow_blank=True, default="", help_text="导出事由；含个人信息时必填（至少 4 个字）")


class _JobsAPI(TenantAPIMixin, generics.GenericAPIView):
    serializer_class = ImportExportJobSerializer

    def job(self, pk: int) -> FileJob:
        try:
            return selectors.job_get(user=self.request.user, job_id=pk)
        except FileJob.DoesNotExist:
            raise Http404 from None


class JobListAPI(_JobsAPI):
    # Any signed-in user: the selector shows only the caller's own jobs (everyone's to superusers).
    permission_map = {"GET": ""}

    @extend_schema(operation_id="importexport_jobs_list", tags=TAGS, summary="我的导入导出任务",
                   parameters=[OpenApiParameter("kind", str, enum=FileJob.Kind.values), OpenApiParameter("spec", str, description="数据类型")],
                   responses={200: ImportExportJobSerializer(many=True), **error_responses(401, 403)})
    def get(self, request):
        kind = request.query_params.get("kind", "")
        jobs = selectors.job_list(user=request.user, kind=kind if kind in FileJob.Kind.values else "", spec=request.query_params.get("spec", "")[:80])
        page = self.paginate_queryset(jobs)
        return self.get_paginated_response(ImportExportJobSerializer(page, many=True, context={"request": request}).data)


class JobDetailAPI(_JobsAPI):
    permission_map = {"GET": ""}

    @extend_schema(operation_id="importexport_jobs_retrieve", tags=TAGS, summary="任务进度与文件链接",
                   responses={200: ImportExportJobSerializer, **error_responses(401, 403, 404)})
    def get(self, request, pk: int):
        return Response(ImportExportJobSerializer(self.job(pk), context={"request": request}).data)


class JobRetryAPI(_JobsAPI):
    permission_map = {"POST": ""}

    @extend_schema(operation_id="importexport_jobs_retry", tags=TAGS, summary="重试失败的任务（导入从中断处继续）", request=None,
                   responses={200: ImportExportJobSerializer, **error_responses(400, 401, 403, 404)})
    def post(self, request, pk: int):
        job = services.job_retry(actor=request.user, job=self.job(pk))
        return Response(ImportExportJobSerializer(job, context={"request": request}).data)


class ImportStartAPI(_JobsAPI):
    # The import spec's own permission is checked by the service (403 without it).
    permission_map = {"POST": ""}
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(operation_id="importexport_imports_create", tags=TAGS, summary="上传 Excel 开始导入（后台执行）",
                   request={"multipart/form-data": ImportExportImportStartSerializer},
                   responses={201: ImportExportJobSerializer, **error_responses(400, 401, 403, 404)})
    def post(self, request):
        serializer = ImportExportImportStartSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        job = services.import_job_create(actor=request.user, spec_name=serializer.validated_data["spec"], upload=serializer.validated_data["file"])
        return Response(ImportExportJobSerializer(job, context={"request": request}).data, status=status.HTTP_201_CREATED)


class ExportStartAPI(_JobsAPI):
    # The export spec's own permission is checked by the service (403 without it).
    permission_map = {"POST": ""}
    parser_classes = [JSONParser, FormParser]

    @extend_schema(operation_id="importexport_exports_create", tags=TAGS, summary="开始后台导出（含个人信息须填写事由）",
                   request=ImportExportExportStartSerializer, responses={201: ImportExportJobSerializer, **error_responses(400, 401, 403, 404)})
    def post(self, request):
        serializer = ImportExportExportStartSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        job = services.export_job_create(actor=request.user, spec_name=data["spec"], params=data["params"], reason=data["reason"])
        return Response(ImportExportJobSerializer(job, context={"request": request}).data, status=status.HTTP_201_CREATED)
