"""API of archive transfers (staff in scope; the graduate's own file)."""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.response import Response

from core.api.base import TenantAPIMixin, error_responses
from core.errors import NotFound
from tenant_apps.employment.archives import selectors, services
from tenant_apps.employment.archives.enums import ArchiveDestination, ArchiveStatus
from tenant_apps.employment.students.selectors import RecordSearch, record_list, record_of_user

TAGS = ["就业-档案转递"]
ERRORS = error_responses(400, 401, 403, 404, 409)
VIEW, MANAGE = "employment_archives.view_archivetransfer", "employment_archives.manage_archivetransfer"


class ArchiveOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    student_number = serializers.CharField()
    name = serializers.CharField()
    destination_kind = serializers.ChoiceField(choices=ArchiveDestination.choices)
    receiving_unit = serializers.CharField()
    receiving_address = serializers.CharField()
    transfer_number = serializers.CharField()
    verification_number = serializers.CharField()
    status = serializers.ChoiceField(choices=ArchiveStatus.choices)
    carrier = serializers.CharField()
    tracking_number = serializers.CharField()
    mailed_on = serializers.DateField(allow_null=True)
    custody_until = serializers.DateField(allow_null=True, help_text="暂存学校的截止日（毕业后两年）；其他去向为 null")
    custody_expired = serializers.BooleanField(help_text="暂存已满两年、应转出")


class ArchiveUpdateInputSerializer(serializers.Serializer):
    destination_kind = serializers.ChoiceField(choices=ArchiveDestination.choices, required=False)
    receiving_unit = serializers.CharField(required=False)
    receiving_address = serializers.CharField(required=False, allow_blank=True)
    receiving_region = serializers.CharField(required=False, allow_blank=True)
    recipient = serializers.CharField(required=False, allow_blank=True)
    moves_hukou = serializers.BooleanField(required=False)
    hukou_address = serializers.CharField(required=False, allow_blank=True)
    transfer_number = serializers.CharField(required=False, allow_blank=True)
    verification_number = serializers.CharField(required=False, allow_blank=True)


class ArchiveAssignInputSerializer(serializers.Serializer):
    year = serializers.IntegerField(required=False)
    unit = serializers.IntegerField(required=False)
    to_origin = serializers.BooleanField(default=False)


class ArchiveCountOutputSerializer(serializers.Serializer):
    count = serializers.IntegerField()


class ArchiveRemindInputSerializer(serializers.Serializer):
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2100)
    unit = serializers.IntegerField(required=False, help_text="学院/专业/班级 id")


def archive_row(a) -> dict:
    return {"id": a.pk, "student_number": a.record.student_number, "name": a.record.name, "destination_kind": a.destination_kind,
            "receiving_unit": a.receiving_unit, "receiving_address": a.receiving_address, "transfer_number": a.transfer_number,
            "verification_number": a.verification_number, "status": a.status, "carrier": a.carrier, "tracking_number": a.tracking_number,
            "mailed_on": a.mailed_on, "custody_until": a.custody_until, "custody_expired": a.custody_expired}


class _API(TenantAPIMixin, generics.GenericAPIView):
    serializer_class = ArchiveOutputSerializer

    def parse(self, serializer_class) -> dict:
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)


class ArchiveListAPI(_API):
    permission_map = {"GET": VIEW}

    @extend_schema(tags=TAGS, operation_id="employment_archive_list", responses={200: ArchiveOutputSerializer(many=True), **ERRORS},
                   parameters=[OpenApiParameter(n, str) for n in ("q", "year", "status", "kind", "unit")])
    def get(self, request):
        page = self.paginate_queryset(selectors.archive_list(actor=request.user, search=selectors.ArchiveSearch.from_query(request.query_params)))
        return self.get_paginated_response([archive_row(a) for a in page])


class ArchiveDetailAPI(_API):
    permission_map = {"GET": VIEW, "PATCH": MANAGE}

    def archive(self, pk):
        try:
            return selectors.archive_get(actor=self.request.user, pk=pk)
        except ObjectDoesNotExist:
            raise NotFound("档案记录不存在或不在您的数据范围内。") from None

    @extend_schema(tags=TAGS, operation_id="employment_archive_detail", responses={200: ArchiveOutputSerializer, **ERRORS})
    def get(self, request, pk: int):
        return Response(archive_row(self.archive(pk)))

    @extend_schema(tags=TAGS, operation_id="employment_archive_update", request=ArchiveUpdateInputSerializer, responses={200: ArchiveOutputSerializer, **ERRORS})
    def patch(self, request, pk: int):
        return Response(archive_row(services.archive_update(actor=request.user, archive=self.archive(pk), data=self.parse(ArchiveUpdateInputSerializer))))


class ArchiveAssignAPI(_API):
    permission_map = {"POST": MANAGE}

    @extend_schema(tags=TAGS, operation_id="employment_archive_assign", request=ArchiveAssignInputSerializer, responses={200: ArchiveCountOutputSerializer, **ERRORS})
    def post(self, request):
        data = self.parse(ArchiveAssignInputSerializer)
        records = record_list(actor=request.user, search=RecordSearch(year=data.get("year"), unit=data.get("unit")))
        return Response({"count": services.archives_assign(actor=request.user, records=records, to_origin=data["to_origin"])})


class ArchiveRemindAPI(_API):
    """Remind graduates whose file was mailed but not confirmed received (or who must confirm
    where it goes), through the messaging gateway."""

    permission_map = {"POST": MANAGE}

    @extend_schema(tags=TAGS, operation_id="employment_archive_remind", request=ArchiveRemindInputSerializer, responses={200: ArchiveCountOutputSerializer, **ERRORS})
    def post(self, request):
        data = self.parse(ArchiveRemindInputSerializer)
        archives = selectors.archive_list(actor=request.user, search=selectors.ArchiveSearch(year=data.get("year"), unit=data.get("unit")))
        return Response({"count": services.archives_remind(actor=request.user, archives=archives)})


class MyArchiveAPI(_API):
    permission_map = {"GET": "", "POST": ""}

    def mine(self):
        archive = selectors.archive_of_record(record_of_user(self.request.user))
        if archive is None:
            raise NotFound("学校尚未派定你的档案去向。")
        return archive

    @extend_schema(tags=TAGS, operation_id="employment_my_archive", responses={200: ArchiveOutputSerializer, **ERRORS})
    def get(self, request):
        return Response(archive_row(self.mine()))

    @extend_schema(tags=TAGS, operation_id="employment_my_archive_confirm", request=None, responses={200: ArchiveOutputSerializer, **ERRORS},
                   parameters=[OpenApiParameter("what", str, enum=["destination", "received"])])
    def post(self, request):
        archive = self.mine()
        if request.query_params.get("what") == "received":
            return Response(archive_row(services.archive_receipt_confirm(actor=request.user, archive=archive)))
        return Response(archive_row(services.archive_student_confirm(actor=request.user, archive=archive)))
