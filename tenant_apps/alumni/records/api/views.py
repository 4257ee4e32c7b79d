"""Records API: the record base with layered search, per-field sources, deceased status;
members and their match candidates; duplicates, merges and their reversal; aliases;
statistics. Thin views over the same services as the back office."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.base import ErrorSerializer, TenantAPIMixin
from core.api.pagination import StandardPagination
from core.errors import NotFound
from tenant_apps.alumni.records import selectors, services
from tenant_apps.alumni.records.api import serializers as s
from tenant_apps.alumni.records.models import (
    AlumniRecord,
    MatchCandidate,
    Member,
    MergeLog,
    NameAlias,
)

TAG = ["校友档案"]
ERRORS = {400: ErrorSerializer, 401: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer, 409: ErrorSerializer}
SEARCH = [OpenApiParameter(name, str, description=text) for name, text in (
    ("q", "姓名（繁简、拼音）/学号/手机号"), ("year_from", "入学年份起"), ("year_to", "入学年份止"), ("college", "院系 id（现名，含历史名称）"), ("major", "专业"),
    ("region", "地区"), ("industry", "行业"), ("degree", "学历"), ("deceased", "yes/no"), ("verified", "yes/no"), ("source", "来源"),
    ("field_key", "扩展字段标识"), ("field_value", "扩展字段值"))]


def _get(model, pk, **filters):
    obj = model.objects.filter(pk=pk, **filters).first()
    if obj is None:
        raise NotFound("不存在。")
    return obj


def _page(view, request, queryset, serializer):
    paginator = StandardPagination()
    page = paginator.paginate_queryset(queryset, request, view=view)
    return paginator.get_paginated_response(serializer(page, many=True).data)


def _record_data(data: dict) -> dict:
    values = {k: v for k, v in data.items() if k not in ("extra", "source")}
    values.update(data.get("extra") or {})
    return values


class RecordListAPI(TenantAPIMixin, APIView):
    permission_map = {"GET": "alumni_records.view_alumnirecord", "POST": "alumni_records.add_alumnirecord"}

    @extend_schema(operation_id="alumni_record_list", summary="档案列表（模糊、组合、分层查询）", parameters=SEARCH, responses={200: s.RecordSerializer(many=True), **ERRORS}, tags=TAG)
    def get(self, request):
        return _page(self, request, selectors.record_search(search=selectors.RecordSearch.from_query(request.query_params)), s.RecordSerializer)

    @extend_schema(operation_id="alumni_record_create", summary="新增档案", request=s.RecordWriteSerializer, responses={201: s.RecordSerializer, **ERRORS}, tags=TAG)
    def post(self, request):
        data = s.RecordWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        record = services.record_save(actor=request.user, data=_record_data(data.validated_data), source=data.validated_data.get("source", "接口录入"))
        return Response(s.RecordSerializer(record).data, status=status.HTTP_201_CREATED)


class RecordDetailAPI(TenantAPIMixin, APIView):
    permission_map = {"GET": "alumni_records.view_alumnirecord", "PATCH": "alumni_records.change_alumnirecord", "DELETE": "alumni_records.delete_alumnirecord"}

    @extend_schema(operation_id="alumni_record_retrieve", summary="档案详情（含每个字段的来源与日期）", responses={200: s.RecordSerializer, **ERRORS}, tags=TAG)
    def get(self, request, pk):
        return Response(s.RecordSerializer(_get(AlumniRecord, pk)).data)

    @extend_schema(operation_id="alumni_record_update", summary="修改档案", request=s.RecordWriteSerializer, responses={200: s.RecordSerializer, **ERRORS}, tags=TAG)
    def patch(self, request, pk):
        record = _get(AlumniRecord, pk)
        data = s.RecordWriteSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        record = services.record_save(actor=request.user, record=record, data=_record_data(data.validated_data), source=data.validated_data.get("source", "接口录入"))
        return Response(s.RecordSerializer(record).data)

    @extend_schema(operation_id="alumni_record_delete", summary="删除档案（已有认证校友的不能删除）", responses={204: None, **ERRORS}, tags=TAG)
    def delete(self, request, pk):
        services.record_delete(actor=request.user, record=_get(AlumniRecord, pk))
        return Response(status=status.HTTP_204_NO_CONTENT)


class RecordDeceasedAPI(TenantAPIMixin, APIView):
    permission_map = {"POST": "alumni_records.mark_deceased"}

    @extend_schema(operation_id="alumni_record_mark_deceased", summary="标记已故（此后不再发送任何消息，不在校友录出现）", request=s.DeceasedSerializer,
                   responses={200: s.RecordSerializer, **ERRORS}, tags=TAG)
    def post(self, request, pk):
        data = s.DeceasedSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        record = services.record_mark_deceased(actor=request.user, record=_get(AlumniRecord, pk), deceased_on=data.validated_data.get("deceased_on"), source=data.validated_data["source"])
        return Response(s.RecordSerializer(record).data)


class MemberListAPI(TenantAPIMixin, APIView):
    permission_map = {"GET": "alumni_records.view_member"}

    @extend_schema(operation_id="alumni_member_list", summary="注册校友", parameters=[OpenApiParameter("q", str), OpenApiParameter("status", str), OpenApiParameter("verified", str)],
                   responses={200: s.MemberSerializer(many=True), **ERRORS}, tags=TAG)
    def get(self, request):
        params = request.query_params
        return _page(self, request, selectors.member_list(q=params.get("q", ""), status=params.get("status", ""), verified=params.get("verified", "")), s.MemberSerializer)


class MemberCandidatesAPI(TenantAPIMixin, APIView):
    permission_map = {"GET": "alumni_records.review_member"}

    @extend_schema(operation_id="alumni_member_candidates", summary="候选档案（得分与依据）", responses={200: s.CandidateSerializer(many=True), **ERRORS}, tags=TAG)
    def get(self, request, pk):
        return Response(s.CandidateSerializer(selectors.candidates_of(_get(Member, pk)), many=True).data)


class MemberReviewAPI(TenantAPIMixin, APIView):
    permission_map = {"POST": "alumni_records.review_member"}

    @extend_schema(operation_id="alumni_member_review", summary="审核入会（不关联档案）", request=s.MemberReviewSerializer, responses={200: s.MemberSerializer, **ERRORS}, tags=TAG)
    def post(self, request, pk):
        data = s.MemberReviewSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        member = services.member_review(actor=request.user, member=_get(Member, pk), approve=data.validated_data["approve"], note=data.validated_data["note"])
        return Response(s.MemberSerializer(member).data)


class CandidateConfirmAPI(TenantAPIMixin, APIView):
    permission_map = {"POST": "alumni_records.review_member"}

    @extend_schema(operation_id="alumni_candidate_confirm", summary="确认候选档案是本人（校友即认证）", request=None, responses={200: s.MemberSerializer, **ERRORS}, tags=TAG)
    def post(self, request, pk):
        return Response(s.MemberSerializer(services.candidate_confirm(actor=request.user, candidate=_get(MatchCandidate, pk))).data)


class CandidateRejectAPI(TenantAPIMixin, APIView):
    permission_map = {"POST": "alumni_records.review_member"}

    @extend_schema(operation_id="alumni_candidate_reject", summary="排除候选档案", request=None, responses={200: s.CandidateSerializer, **ERRORS}, tags=TAG)
    def post(self, request, pk):
        return Response(s.CandidateSerializer(services.candidate_reject(actor=request.user, candidate=_get(MatchCandidate, pk))).data)


class DuplicateListAPI(TenantAPIMixin, APIView):
    permission_map = {"GET": "alumni_records.merge_alumnirecord", "POST": "alumni_records.merge_alumnirecord"}

    @extend_schema(operation_id="alumni_duplicate_list", summary="疑似重复", parameters=[OpenApiParameter("status", str, description="open/merged/dismissed")],
                   responses={200: s.DuplicateSerializer(many=True), **ERRORS}, tags=TAG)
    def get(self, request):
        return _page(self, request, selectors.duplicate_pairs(status=request.query_params.get("status", "open")), s.DuplicateSerializer)

    @extend_schema(operation_id="alumni_duplicate_scan", summary="扫描重复档案", request=None, responses={200: {"type": "object", "properties": {"new_pairs": {"type": "integer"}}}, **ERRORS}, tags=TAG)
    def post(self, request):
        return Response({"new_pairs": services.duplicates_scan(actor=request.user)})


class MergePreviewAPI(TenantAPIMixin, APIView):
    permission_map = {"POST": "alumni_records.merge_alumnirecord"}

    @extend_schema(operation_id="alumni_merge_preview", summary="合并预览（逐字段）", request=s.MergeSerializer, responses={200: s.MergeRowSerializer(many=True), **ERRORS}, tags=TAG)
    def post(self, request):
        data = s.MergeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        rows = services.merge_preview(survivor=_get(AlumniRecord, data.validated_data["survivor"]), absorbed=_get(AlumniRecord, data.validated_data["absorbed"]),
                                      choices=data.validated_data["choices"])
        return Response(s.MergeRowSerializer([{"field": r.field, "label": r.label, "a": r.a, "b": r.b, "choice": r.choice} for r in rows], many=True).data)


class MergeAPI(TenantAPIMixin, APIView):
    permission_map = {"GET": "alumni_records.merge_alumnirecord", "POST": "alumni_records.merge_alumnirecord"}

    @extend_schema(operation_id="alumni_merge_list", summary="合并记录", responses={200: s.MergeLogSerializer(many=True), **ERRORS}, tags=TAG)
    def get(self, request):
        return _page(self, request, selectors.merge_logs(), s.MergeLogSerializer)

    @extend_schema(operation_id="alumni_merge_create", summary="合并档案（记录在案，可撤销）", request=s.MergeSerializer, responses={201: s.MergeLogSerializer, **ERRORS}, tags=TAG)
    def post(self, request):
        data = s.MergeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        log = services.records_merge(actor=request.user, survivor=_get(AlumniRecord, data.validated_data["survivor"]), absorbed=_get(AlumniRecord, data.validated_data["absorbed"]),
                                     choices=data.validated_data["choices"])
        return Response(s.MergeLogSerializer(log).data, status=status.HTTP_201_CREATED)


class MergeReverseAPI(TenantAPIMixin, APIView):
    permission_map = {"POST": "alumni_records.merge_alumnirecord"}

    @extend_schema(operation_id="alumni_merge_reverse", summary="撤销合并", request=None, responses={200: s.MergeLogSerializer, **ERRORS}, tags=TAG)
    def post(self, request, pk):
        return Response(s.MergeLogSerializer(services.merge_reverse(actor=request.user, log=_get(MergeLog, pk))).data)


class AliasListAPI(TenantAPIMixin, APIView):
    permission_map = {"GET": "alumni_records.view_namealias", "POST": "alumni_records.add_namealias"}

    @extend_schema(operation_id="alumni_alias_list", summary="院系/专业历史名称", responses={200: s.AliasSerializer(many=True), **ERRORS}, tags=TAG)
    def get(self, request):
        return _page(self, request, NameAlias.objects.all(), s.AliasSerializer)

    @extend_schema(operation_id="alumni_alias_create", summary="新增历史名称（档案现名随之更新）", request=s.AliasSerializer, responses={201: s.AliasSerializer, **ERRORS}, tags=TAG)
    def post(self, request):
        data = s.AliasSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        alias = services.alias_save(actor=request.user, kind=v["kind"], name=v["alias"], canonical=v["canonical"], valid_from=v.get("valid_from"), valid_to=v.get("valid_to"), note=v.get("note", ""))
        services.records_recanonicalize()
        return Response(s.AliasSerializer(alias).data, status=status.HTTP_201_CREATED)


class StatisticsAPI(TenantAPIMixin, APIView):
    permission_map = {"GET": "alumni_records.view_statistics"}

    @extend_schema(operation_id="alumni_statistics", summary="校友统计（年代、院系、地区、行业）", responses={200: s.StatisticsSerializer, **ERRORS}, tags=TAG)
    def get(self, request):
        return Response(s.StatisticsSerializer(selectors.statistics()).data)
