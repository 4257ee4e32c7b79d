"""API of 毕业去向登记: categories, list/detail in scope with flags, the student's own
destination (save draft, submit), reviews per level, the confirmation link, disputes, chain check."""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist
from django.http import HttpResponse
from django.utils.http import content_disposition_header
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from core.api.base import TenantAPIMixin, error_responses
from core.errors import NotFound
from core.files import download_url
from core.importexport.xlsx import XLSX_CONTENT_TYPE
from tenant_apps.employment.destinations import exports, ledger, selectors, services
from tenant_apps.employment.destinations.api import serializers as s
from tenant_apps.employment.destinations.enums import CATEGORIES
from tenant_apps.employment.students.selectors import record_get, record_of_user

TAGS = ["就业-毕业去向"]
ERRORS = error_responses(400, 401, 403, 404, 409)
VIEW = "employment_destinations.view_destination"


def destination_row(d, flags: list[str] | None = None, *, user=None) -> dict:
    files = list(d.evidence.all())
    return {
        "id": d.pk, "record_id": d.record_id, "student_number": d.record.student_number, "name": d.record.name, "category": d.category, "sub_code": d.sub_code,
        "employer_name": d.employer_name, "employer_credit_code": d.employer_credit_code, "employer_region": d.employer_region, "job_title": d.job_title,
        "contract_start": d.contract_start, "contract_end": d.contract_end, "monthly_pay": d.monthly_pay, "admitting_school": d.admitting_school,
        "country": d.country, "status": d.status, "is_filed_by_staff": d.is_filed_by_staff, "return_reason": d.return_reason, "confirmation": d.confirmation,
        "evidence": [e.sha256 for e in files], "flags": flags or [],
        "evidence_files": [{"id": e.pk, "name": e.original_name, "sha256": e.sha256, "url": download_url(e.file, user=user, filename=e.original_name) if user else ""}
                           for e in files],
    }


class _API(TenantAPIMixin, generics.GenericAPIView):
    serializer_class = s.DestinationOutputSerializer

    def parse(self, serializer_class) -> dict:
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def destination(self, pk: int):
        try:
            return selectors.destination_get(actor=self.request.user, pk=pk)
        except ObjectDoesNotExist:
            raise NotFound("去向不存在或不在您的数据范围内。") from None


class CategoryListAPI(_API):
    permission_map = {"GET": ""}

    @extend_schema(tags=TAGS, operation_id="employment_destination_categories", responses={200: s.CategoryOutputSerializer(many=True), **ERRORS})
    def get(self, request):
        return Response([{"code": c.code, "label": c.label, "group": c.group, "is_placed": c.is_placed, "required": list(c.required),
                          "needs_evidence": c.needs_evidence, "needs_minimum_wage": c.needs_minimum_wage, "sub_codes": [list(x) for x in c.sub_codes]}
                         for c in CATEGORIES.values()])


class DestinationListAPI(_API):
    permission_map = {"GET": VIEW}

    @extend_schema(tags=TAGS, operation_id="employment_destination_list", responses={200: s.DestinationOutputSerializer(many=True), **ERRORS},
                   parameters=[OpenApiParameter(n, str) for n in ("q", "year", "status", "category", "unit", "confirmation")])
    def get(self, request):
        queryset = selectors.destination_list(actor=request.user, search=selectors.DestinationSearch.from_query(request.query_params)).prefetch_related("evidence")
        page = list(self.paginate_queryset(queryset))
        flags = selectors.anomaly_flags(page)
        return self.get_paginated_response([destination_row(d, flags.get(d.pk), user=request.user) for d in page])


class DestinationDetailAPI(_API):
    permission_map = {"GET": VIEW}

    @extend_schema(tags=TAGS, operation_id="employment_destination_detail", responses={200: s.DestinationOutputSerializer, **ERRORS})
    def get(self, request, pk: int):
        d = self.destination(pk)
        return Response(destination_row(d, selectors.anomaly_flags([d]).get(d.pk), user=request.user))


class DestinationReviewAPI(_API):
    permission_map = {"POST": VIEW}  # the level's own permission is checked by the service

    @extend_schema(tags=TAGS, operation_id="employment_destination_review", request=s.DestinationReviewInputSerializer,
                   responses={200: s.DestinationOutputSerializer, **ERRORS})
    def post(self, request, pk: int):
        data = self.parse(s.DestinationReviewInputSerializer)
        d = services.destination_review(actor=request.user, destination=self.destination(pk), level=data["level"], approve=data["approve"],
                                        reason=data.get("reason", ""))
        return Response(destination_row(d, user=request.user))


class DisputeResolveAPI(_API):
    permission_map = {"POST": "employment_destinations.review_university"}

    @extend_schema(tags=TAGS, operation_id="employment_destination_dispute_resolve", request=s.DisputeResolveInputSerializer,
                   responses={200: s.DestinationOutputSerializer, **ERRORS})
    def post(self, request, pk: int):
        data = self.parse(s.DisputeResolveInputSerializer)
        d = services.dispute_resolve(actor=request.user, destination=self.destination(pk), uphold=data["uphold"], resolution=data["resolution"])
        return Response(destination_row(d, user=request.user))


class MyDestinationAPI(_API):
    """The signed-in graduate's destination: read it, or save it as a draft."""

    permission_map = {"GET": "", "PUT": ""}

    def record(self):
        record = record_of_user(self.request.user)
        if record is None:
            raise NotFound("没有找到您的生源信息。")
        return record

    @extend_schema(tags=TAGS, operation_id="employment_my_destination", responses={200: s.DestinationOutputSerializer, **ERRORS})
    def get(self, request):
        d = selectors.destination_of_record(self.record())
        if d is None:
            raise NotFound("尚未填报毕业去向。")
        return Response(destination_row(d, user=request.user))

    @extend_schema(tags=TAGS, operation_id="employment_my_destination_save", request=s.DestinationInputSerializer, responses={200: s.DestinationOutputSerializer, **ERRORS})
    def put(self, request):
        data = self.parse(s.DestinationInputSerializer)
        category = data.pop("category")
        d = services.destination_save(actor=request.user, record=self.record(), data=services.DestinationInput(category=category, values=data))
        return Response(destination_row(d, user=request.user))


class MyDestinationSubmitAPI(MyDestinationAPI):
    http_method_names = ["post", "options"]  # the parent's GET/PUT belong to its own URL
    permission_map = {"POST": ""}

    @extend_schema(tags=TAGS, operation_id="employment_my_destination_submit", request=None, responses={200: s.DestinationOutputSerializer, **ERRORS})
    def post(self, request):
        return Response(destination_row(services.destination_submit(actor=request.user, record=self.record()), user=request.user))


class MyEvidenceAPI(MyDestinationAPI):
    """Upload evidence files to the draft (multipart field `files`)."""

    http_method_names = ["post", "options"]  # the parent's GET/PUT belong to its own URL
    permission_map = {"POST": ""}
    parser_classes = [MultiPartParser]

    @extend_schema(tags=TAGS, operation_id="employment_my_destination_evidence",
                   request={"multipart/form-data": {"type": "object", "properties": {"files": {"type": "array", "items": {"type": "string", "format": "binary"}}}}},
                   responses={200: s.DestinationOutputSerializer, **ERRORS})
    def post(self, request):
        record = self.record()
        destination = selectors.destination_of_record(record)
        if destination is None:
            raise NotFound("请先保存去向草稿。")
        data = services.DestinationInput(category=destination.category, values={name: getattr(destination, name) for name in services.EDITABLE_FIELDS if name != "category"})
        d = services.destination_save(actor=request.user, record=record, data=data, evidence_files=request.FILES.getlist("files"))
        return Response(destination_row(d, user=request.user))


class ConfirmAPI(_API):
    """The student's answer to the direct link (the token is sent only to the student)."""

    permission_map = {"POST": ""}

    @extend_schema(tags=TAGS, operation_id="employment_destination_confirm", request=s.DestinationConfirmInputSerializer,
                   responses={200: s.DestinationOutputSerializer, **ERRORS})
    def post(self, request, token: str):
        data = self.parse(s.DestinationConfirmInputSerializer)
        found = services.destination_by_token(token)
        if found.record.user_id != request.user.pk:
            raise NotFound("链接无效或已过期。")
        return Response(destination_row(services.destination_confirm(token=token, agree=data["agree"], text=data.get("text", "")), user=request.user))


class LedgerVerifyAPI(_API):
    permission_map = {"POST": "employment_destinations.verify_ledger"}

    @extend_schema(tags=TAGS, operation_id="employment_destination_ledger_verify", request=None, responses={200: s.LedgerVerifyOutputSerializer, **ERRORS})
    def post(self, request):
        checked, problems = ledger.chains_verify()
        return Response({"checked": checked, "problems": [{"record_id": p.record_id, "sequence": p.sequence, "problem": p.problem} for p in problems]})


class MyEvidenceRemoveAPI(MyDestinationAPI):
    """Remove one evidence file from the draft."""

    http_method_names = ["delete", "options"]  # the parent's GET/PUT belong to its own URL
    permission_map = {"DELETE": ""}

    @extend_schema(tags=TAGS, operation_id="employment_my_destination_evidence_remove", responses={200: s.DestinationOutputSerializer, **ERRORS})
    def delete(self, request, pk: int):
        destination = selectors.destination_of_record(self.record())
        evidence = destination.evidence.filter(pk=pk).first() if destination else None
        if evidence is None:
            raise NotFound("证明材料不存在。")
        services.evidence_remove(actor=request.user, evidence=evidence)
        return Response(destination_row(selectors.destination_of_record(self.record()), user=request.user))


class OnBehalfAPI(_API):
    """Staff file (and optionally submit) a destination for a graduate of their scope; marked as
    filed by staff. JSON, or multipart/form-data with evidence `files`."""

    permission_map = {"PUT": "employment_destinations.file_on_behalf"}
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(tags=TAGS, operation_id="employment_destination_file_on_behalf",
                   request={"application/json": s.DestinationOnBehalfInputSerializer, "multipart/form-data": s.DestinationOnBehalfInputSerializer},
                   responses={200: s.DestinationOutputSerializer, **ERRORS})
    def put(self, request, record_pk: int):
        try:
            record = record_get(actor=request.user, pk=record_pk)
        except ObjectDoesNotExist:
            raise NotFound("毕业生不存在或不在您的数据范围内。") from None
        data = self.parse(s.DestinationOnBehalfInputSerializer)
        submit, category = data.pop("submit", False), data.pop("category")
        data.pop("files", None)
        d = services.destination_save(actor=request.user, record=record, data=services.DestinationInput(category=category, values=data),
                                      evidence_files=request.FILES.getlist("files"), on_behalf=True)
        if submit:
            d = services.destination_submit(actor=request.user, record=record, on_behalf=True)
        return Response(destination_row(d, user=request.user))


def template_row(template) -> dict:
    return {"id": template.pk, "name": template.name, "columns": [{"key": key, "header": header} for key, header in template.columns]}


class ExportColumnListAPI(_API):
    permission_map = {"GET": "employment_destinations.export_destination"}
    serializer_class = s.DestinationExportColumnSerializer

    @extend_schema(tags=TAGS, operation_id="employment_destination_export_columns", responses={200: s.DestinationExportColumnSerializer(many=True), **ERRORS})
    def get(self, request):
        return Response([{"key": key, "header": header} for key, (header, _value) in exports.EXPORT_COLUMNS.items()])


class ExportTemplateListAPI(_API):
    """The signed-in user's own export templates (columns, order, names)."""

    permission_map = {"GET": "employment_destinations.export_destination", "POST": "employment_destinations.export_destination"}
    serializer_class = s.DestinationExportTemplateSerializer

    @extend_schema(tags=TAGS, operation_id="employment_destination_export_templates", responses={200: s.DestinationExportTemplateSerializer(many=True), **ERRORS})
    def get(self, request):
        return Response([template_row(t) for t in selectors.export_templates(actor=request.user)])

    @extend_schema(tags=TAGS, operation_id="employment_destination_export_template_create", request=s.DestinationExportTemplateSerializer,
                   responses={201: s.DestinationExportTemplateSerializer, **ERRORS})
    def post(self, request):
        data = self.parse(s.DestinationExportTemplateSerializer)
        template = services.export_template_save(actor=request.user, name=data["name"], columns=[(c["key"], c.get("header", "")) for c in data["columns"]])
        return Response(template_row(template), status=status.HTTP_201_CREATED)


class ExportTemplateDetailAPI(_API):
    permission_map = {"DELETE": "employment_destinations.export_destination"}
    serializer_class = s.DestinationExportTemplateSerializer

    @extend_schema(tags=TAGS, operation_id="employment_destination_export_template_delete", responses={204: None, **ERRORS})
    def delete(self, request, pk: int):
        template = selectors.export_templates(actor=request.user).filter(pk=pk).first()
        if template is None:
            raise NotFound("模板不存在。")
        services.export_template_delete(actor=request.user, template=template)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ExportDownloadAPI(_API):
    """The destinations in scope as .xlsx: `kind` national (the registration layout) or template
    (one of the caller's own templates); same rule as the page (reason required, stamped, audited,
    ID numbers masked without the right to see them)."""

    permission_map = {"POST": "employment_destinations.export_destination"}

    @extend_schema(tags=TAGS, operation_id="employment_destination_export", request=s.DestinationExportInputSerializer,
                   responses={(200, XLSX_CONTENT_TYPE): OpenApiResponse(OpenApiTypes.BINARY), **ERRORS},
                   parameters=[OpenApiParameter("kind", str, OpenApiParameter.PATH, enum=["national", "template"])])
    def post(self, request, kind: str):
        if kind not in ("national", "template"):
            raise NotFound("导出类型不存在。")
        data = self.parse(s.DestinationExportInputSerializer)
        template = None
        if kind == "template":
            template = selectors.export_templates(actor=request.user).filter(pk=data.get("template") or 0).first()
            if template is None:
                raise NotFound("模板不存在。")
        search = selectors.DestinationSearch.from_query({key: value for key, value in data.items() if key not in ("reason", "template")})
        content, filename = exports.destination_export(actor=request.user, search=search, template=template, reason=data["reason"])
        response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = content_disposition_header(True, filename)
        return response
