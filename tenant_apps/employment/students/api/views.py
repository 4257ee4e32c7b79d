"""API of graduate records: list/detail in data scope, the student's own record (confirm,
correction), the counsellor's review, progress and reminders."""

from __future__ import annotations

import json

from django.core.exceptions import ObjectDoesNotExist
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from core.api.base import TenantAPIMixin, error_responses
from core.errors import ApplicationError, NotFound
from core.importexport import services as importexport
from core.importexport.api import ImportExportJobSerializer
from core.masking import mask_id_number
from tenant_apps.employment.students import selectors, services
from tenant_apps.employment.students.api import serializers as s
from tenant_apps.employment.students.imports import GRADUATE_IMPORT
from tenant_apps.employment.students.roster import roster_normalise

TAGS = ["就业-生源信息"]
ERRORS = error_responses(400, 401, 403, 404)
VIEW = "employment_students.view_graduaterecord"


def record_row(record) -> dict:
    college, major, class_name = selectors.unit_names(record)
    return {
        "id": record.pk, "graduation_year": record.graduation_year, "student_number": record.student_number, "exam_number": record.exam_number,
        "name": record.name, "id_number": mask_id_number(record.id_number), "gender": record.gender, "ethnicity": record.ethnicity,
        "political_status": record.political_status, "education": record.education, "major_code": record.major_code, "major_name": record.major_name,
        "college": college, "class_name": class_name, "training_mode": record.training_mode, "origin_region": record.origin_region,
        "verification_status": record.verification_status, "return_reason": record.return_reason,
        "is_bound": bool(record.user_id and record.user and record.user.wechat_openid),
    }


class _API(TenantAPIMixin, generics.GenericAPIView):
    serializer_class = s.GraduateRecordOutputSerializer

    def parse(self, serializer_class) -> dict:
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def record(self, pk: int):
        try:
            return selectors.record_get(actor=self.request.user, pk=pk)
        except ObjectDoesNotExist:
            raise NotFound("记录不存在或不在您的数据范围内。") from None


class RecordListAPI(_API):
    permission_map = {"GET": VIEW}

    @extend_schema(tags=TAGS, operation_id="employment_graduate_list", responses={200: s.GraduateRecordOutputSerializer(many=True), **ERRORS},
                   parameters=[OpenApiParameter("q", str), OpenApiParameter("year", int), OpenApiParameter("status", str), OpenApiParameter("unit", int)])
    def get(self, request):
        queryset = selectors.record_list(actor=request.user, search=selectors.RecordSearch.from_query(request.query_params))
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response([record_row(r) for r in page])


class RecordDetailAPI(_API):
    permission_map = {"GET": VIEW}

    @extend_schema(tags=TAGS, operation_id="employment_graduate_detail", responses={200: s.GraduateRecordOutputSerializer, **ERRORS})
    def get(self, request, pk: int):
        return Response(record_row(self.record(pk)))


class RecordReviewAPI(_API):
    permission_map = {"POST": "employment_students.review_graduaterecord"}

    @extend_schema(tags=TAGS, operation_id="employment_graduate_review", request=s.GraduateReviewInputSerializer,
                   responses={200: s.GraduateRecordOutputSerializer, **ERRORS})
    def post(self, request, pk: int):
        data = self.parse(s.GraduateReviewInputSerializer)
        record = services.record_review(actor=request.user, record=self.record(pk), approve=data["approve"], reason=data.get("reason", ""))
        return Response(record_row(record))


class MyRecordAPI(_API):
    """The signed-in student's own record."""

    permission_map = {"GET": ""}

    def mine(self):
        record = selectors.record_of_user(self.request.user)
        if record is None:
            raise NotFound("没有找到您的生源信息。")
        return record

    @extend_schema(tags=TAGS, operation_id="employment_my_graduate_record", responses={200: s.GraduateRecordOutputSerializer, **ERRORS})
    def get(self, request):
        return Response(record_row(self.mine()))


class MyRecordConfirmAPI(MyRecordAPI):
    http_method_names = ["post", "options"]  # the parent's GET/PUT belong to its own URL
    permission_map = {"POST": ""}

    @extend_schema(tags=TAGS, operation_id="employment_my_graduate_record_confirm", request=None, responses={200: s.GraduateRecordOutputSerializer, **ERRORS})
    def post(self, request):
        return Response(record_row(services.record_confirm(actor=request.user, record=self.mine())))


class MyRecordCorrectionAPI(MyRecordAPI):
    """JSON, or multipart/form-data with the evidence file (`changes` then as a JSON string)."""

    http_method_names = ["post", "options"]  # the parent's GET/PUT belong to its own URL
    permission_map = {"POST": ""}
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def _input(self) -> dict:
        if "multipart" not in (self.request.content_type or "") and "form" not in (self.request.content_type or ""):
            return self.parse(s.GraduateCorrectionInputSerializer)
        data = self.parse(s.GraduateCorrectionUploadInputSerializer)
        try:
            changes = json.loads(data["changes"])
        except ValueError:
            changes = None
        if not isinstance(changes, dict):
            raise ApplicationError("更正内容应为 JSON 对象。", fields={"changes": ["应为 JSON 对象。"]})
        return {"changes": {str(k): str(v) for k, v in changes.items()}, "explanation": data["explanation"], "evidence": data.get("evidence")}

    @extend_schema(tags=TAGS, operation_id="employment_my_graduate_record_correction",
                   request={"application/json": s.GraduateCorrectionInputSerializer, "multipart/form-data": s.GraduateCorrectionUploadInputSerializer},
                   responses={200: s.GraduateRecordOutputSerializer, **ERRORS})
    def post(self, request):
        data = self._input()
        record = self.mine()
        services.correction_request(actor=request.user, record=record, changes=data["changes"], explanation=data["explanation"],
                                    evidence=data.get("evidence"))
        record.refresh_from_db()
        return Response(record_row(record))


class ProgressAPI(_API):
    permission_map = {"GET": VIEW}

    @extend_schema(tags=TAGS, operation_id="employment_graduate_verification_progress", responses={200: s.VerificationProgressRowSerializer(many=True), **ERRORS},
                   parameters=[OpenApiParameter("year", int), OpenApiParameter("level", str, enum=["college", "class"])])
    def get(self, request):
        year = request.query_params.get("year", "")
        level = "class" if request.query_params.get("level") == "class" else "college"
        return Response(selectors.verification_progress(actor=request.user, year=int(year) if year.isdigit() else None, level=level))


class RemindAPI(_API):
    permission_map = {"POST": "employment_students.remind_graduaterecord"}

    @extend_schema(tags=TAGS, operation_id="employment_graduate_remind", request=s.GraduateRemindInputSerializer, responses={200: s.GraduateRemindOutputSerializer, **ERRORS})
    def post(self, request):
        data = self.parse(s.GraduateRemindInputSerializer)
        search = selectors.RecordSearch(year=data.get("year"), unit=data.get("unit"))
        count = services.verification_remind(actor=request.user, records=selectors.record_list(actor=request.user, search=search))
        return Response({"reminded": count})


class GraduateImportAPI(_API):
    """The roster as the school sends it: normalised like the import page does (title rows,
    merged cells, header names), then imported in the background; poll the job."""

    permission_map = {"POST": "employment_students.import_graduaterecord"}
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(tags=TAGS, operation_id="employment_graduate_import", request={"multipart/form-data": s.GraduateImportInputSerializer},
                   responses={201: ImportExportJobSerializer, **ERRORS})
    def post(self, request):
        data = self.parse(s.GraduateImportInputSerializer)
        job = importexport.import_job_create(actor=request.user, spec_name=GRADUATE_IMPORT, upload=roster_normalise(data["file"]))
        return Response(ImportExportJobSerializer(job, context={"request": request}).data, status=status.HTTP_201_CREATED)


def settings_row(options) -> dict:
    return {"change_deadline_month": options.change_deadline_month, "change_deadline_day": options.change_deadline_day,
            "archive_needs_student_confirmation": options.archive_needs_student_confirmation, "school_code": options.school_code,
            "minimum_monthly_wage": options.minimum_monthly_wage}


class SettingsAPI(_API):
    """The school's employment settings: the change deadline (31 Aug by default), the archive
    confirmation switch, the school code and the local minimum wage."""

    permission_map = {"GET": "employment_students.manage_settings", "PUT": "employment_students.manage_settings"}
    serializer_class = s.EmploymentSettingsSerializer

    @extend_schema(tags=TAGS, operation_id="employment_settings", responses={200: s.EmploymentSettingsSerializer, **ERRORS})
    def get(self, request):
        return Response(settings_row(selectors.settings_get()))

    @extend_schema(tags=TAGS, operation_id="employment_settings_update", request=s.EmploymentSettingsSerializer,
                   responses={200: s.EmploymentSettingsSerializer, **ERRORS})
    def put(self, request):
        data = self.parse(s.EmploymentSettingsSerializer)
        options = services.settings_save(actor=request.user, change_deadline_month=data["change_deadline_month"], change_deadline_day=data["change_deadline_day"],
                                         archive_needs_student_confirmation=data["archive_needs_student_confirmation"],
                                         school_code=data.get("school_code", ""), minimum_monthly_wage=data.get("minimum_monthly_wage"))
        return Response(settings_row(options))
