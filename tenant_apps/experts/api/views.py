"""Expert library API over the same services and selectors as the pages.

Bureau side: staff with the experts.* permissions of the matching page; every expert is looked
up through `selectors.expert_scope` (the actor's department scope), so an expert of another
department or tenant is simply not found. Personal data is masked as on the pages; clear values
come only from the audited reveal endpoint.

Expert side (`me/...`): the signed-in user's own expert profile (`selectors.own_expert`); every
object is looked up among that expert's own rows. Registration starts anonymously with a code
sent to a phone or e-mail and answers with an API token.
"""

from __future__ import annotations

import datetime
import json

from django.core.paginator import Paginator
from django.http import FileResponse, HttpResponse, QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.http import content_disposition_header
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from core.api.base import TenantAPIMixin, error_responses
from core.api.pagination import StandardPagination
from core.errors import ApplicationError, NotFound, PermissionDenied
from core.importexport import selectors as job_selectors
from core.importexport import services as job_services
from core.masking import mask_default, mask_id_number, mask_phone
from core.models import FileJob
from core.web.links import tenant_url
from tenant_apps.accounts.models import OrgUnit
from tenant_apps.experts import documents, selectors, services
from tenant_apps.experts.api import serializers as s
from tenant_apps.experts.enums import ChangeStatus, ExpertStatus, PointEvent
from tenant_apps.experts.errors import ExpertError
from tenant_apps.experts.exports import params_from_query
from tenant_apps.experts.imports import IMPORT_SPEC_NAME
from tenant_apps.experts.models import (
    CertificateTemplate,
    ConfirmationCampaign,
    Domain,
    Expert,
    ExpertType,
    PointRule,
    Tag,
)

TAGS_LIBRARY = ["专家库-管理"]
TAGS_SETTINGS = ["专家库-设置"]
TAGS_EXPERT = ["专家库-专家端"]
ERRORS = error_responses(400, 401, 403, 404, 409)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

VIEW = "experts.view_expert"
REVIEW = (VIEW, "experts.review_expert")
CHANGE = (VIEW, "experts.change_expert")
SETTINGS = (VIEW, "experts.manage_settings")

SEARCH_PARAMETERS = [
    OpenApiParameter("q", str, description="关键词/模糊（姓名、单位、领域、职称）"),
    OpenApiParameter("domain", int, many=True, description="领域 id，可多个，含下级"),
    OpenApiParameter("pool", str, description="active/eligible/pending/draft/rejected/on_leave/frozen/blacklisted/deleted/all"),
    OpenApiParameter("title_level", str), OpenApiParameter("region", str, description="地区（前缀）"),
    OpenApiParameter("tag", int, many=True, description="标签分组 id"), OpenApiParameter("expert_type", int),
    OpenApiParameter("source", str, description="self/recommended/admin/import"), OpenApiParameter("org_unit", int, description="管理部门 id"),
    OpenApiParameter("saved", int, description="常用搜索 id：用其保存的条件（忽略其他条件）"),
]


# --- shared helpers ------------------------------------------------------------------------


class _ExpertsAPI(TenantAPIMixin, generics.GenericAPIView):
    # Shapes are declared per method with extend_schema; this only satisfies GenericAPIView.
    serializer_class = s.ExpertListSerializer

    def parse(self, serializer_class, data=None) -> dict:
        serializer = serializer_class(data=self.request.data if data is None else data)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def page(self, items, serializer_class, transform=None) -> Response:
        rows = self.paginate_queryset(items)
        if transform is not None:
            rows = [transform(row) for row in rows]
        return self.get_paginated_response(serializer_class(rows, many=True).data)

    def expert_or_404(self, pk) -> Expert:
        expert = selectors.expert_get(actor=self.request.user, pk=int(pk))
        if expert is None:
            raise NotFound("专家不存在。")
        return expert

    def masked_expert(self, expert: Expert) -> dict:
        return s.ExpertListSerializer(selectors.masked(expert)).data


class _OwnExpertAPI(_ExpertsAPI):
    """Expert side: any signed-in user of the tenant; the view works on that user's own expert
    profile and refuses (404) users who have none."""

    def own(self) -> Expert:
        expert = selectors.own_expert(user=self.request.user)
        if expert is None:
            raise NotFound("您还没有专家账号，请先提交专家入库申请。", code=ExpertError.NOT_AN_EXPERT)
        return expert

    def own_draft(self) -> Expert:
        expert = self.own()
        if expert.status not in (ExpertStatus.DRAFT, ExpertStatus.REJECTED):
            raise ApplicationError("申请已提交，不能再修改申请材料。", code=ExpertError.WRONG_STATE)
        return expert


def own_profile(expert: Expert) -> dict:
    """The expert's own data as the personal centre shows it (secrets masked)."""
    plain = ["id", "status", "source", "draft_step", "name", "gender", "birth_date", "email", "employer", "position", "title",
             "title_level", "education", "specialty", "region", "postal_code", "address", "bank_name", "resume", "points",
             "is_frozen", "submitted_at", "approved_at"]
    data = {name: getattr(expert, name) for name in plain}
    data.update(
        phone=mask_phone(expert.phone), id_number=mask_id_number(expert.id_number), bank_account=mask_default(expert.bank_account),
        domains=sorted(expert.domains.values_list("pk", flat=True)), expert_type=expert.expert_type.name if expert.expert_type_id else "",
        is_on_leave=selectors.expert_is_on_leave(expert), pending_changes=expert.changes.filter(status=ChangeStatus.PENDING).count(),
        sensitive_fields=selectors.sensitive_fields() if expert.status == ExpertStatus.APPROVED else [],
    )
    return s.ExpertOwnProfileSerializer(data).data


def certificate_row(request, certificate, *, name: str, pdf_url: str) -> dict:
    verify = tenant_url(reverse("h5:experts:certificate_verify", args=[certificate.token]))
    return {
        "id": certificate.pk, "expert_id": certificate.expert_id, "expert_name": name, "number": certificate.number,
        "issued_at": certificate.issued_at, "valid_until": certificate.valid_until, "status": selectors.certificate_status(certificate),
        "revoked_at": certificate.revoked_at, "revoke_reason": certificate.revoke_reason, "pdf_url": pdf_url, "verify_url": verify,
    }


def certificate_pdf_response(request, certificate) -> HttpResponse:
    verify = tenant_url(reverse("h5:experts:certificate_verify", args=[certificate.token]))
    content = documents.certificate_pdf(certificate, verify_url=verify, issuer=getattr(request.tenant, "name", ""))
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, f"专家聘书-{certificate.number}.pdf")
    return response


PDF_RESPONSE = {(200, "application/pdf"): OpenApiTypes.BINARY, **error_responses(401, 403, 404)}
XLSX_RESPONSE = {(200, XLSX): OpenApiTypes.BINARY, **error_responses(401, 403, 404)}


# --- bureau: search, add, detail, review, reveal -------------------------------------------


class _EstimatingPaginator(Paginator):
    """Exact counts for usual result sizes, the planner's estimate for most of a large library
    (as the list page does), so a page of results never counts a whole library."""

    @cached_property
    def count(self) -> int:
        return selectors.result_count(self.object_list).value


class ExpertSearchPagination(StandardPagination):
    django_paginator_class = _EstimatingPaginator


def _search_from(request) -> selectors.ExpertSearch:
    saved_id = request.query_params.get("saved", "")
    if saved_id:
        saved = selectors.saved_searches(user=request.user).filter(pk=int(saved_id) if saved_id.isdigit() else 0).first()
        if saved is None:
            raise NotFound("常用搜索不存在。")
        return selectors.ExpertSearch.from_query(QueryDict(saved.query))
    return selectors.ExpertSearch.from_query(request.query_params)


class ExpertListAPI(_ExpertsAPI):
    permission_map = {"GET": VIEW, "POST": (VIEW, "experts.add_expert")}
    pagination_class = ExpertSearchPagination

    @extend_schema(
        operation_id="experts_list", tags=TAGS_LIBRARY, summary="搜索专家（条件组合，个人信息脱敏）",
        description="所有给出的条件同时满足；只含调用者管理范围（部门）内的专家。结果很多时 count 为估算值。",
        parameters=SEARCH_PARAMETERS, responses={200: s.ExpertListSerializer(many=True), **ERRORS},
    )
    def get(self, request):
        queryset = selectors.expert_search(actor=request.user, search=_search_from(request)).prefetch_related("domains", "tags")
        return self.page(queryset, s.ExpertListSerializer, selectors.masked)

    @extend_schema(
        operation_id="experts_create", tags=TAGS_LIBRARY, summary="添加专家（手机号唯一）",
        request=s.ExpertCreateSerializer, responses={201: s.ExpertListSerializer, **ERRORS},
    )
    def post(self, request):
        data = self.parse(s.ExpertCreateSerializer)
        expert = services.expert_create(
            actor=request.user, notify=data["notify"],
            data=services.ExpertInput(
                name=data["name"], phone=data["phone"], employer=data["employer"], title=data["title"], email=data["email"],
                title_level=data["title_level"], region=data["region"], specialty=data["specialty"], domain_ids=tuple(data["domain_ids"]),
                expert_type=ExpertType.objects.filter(pk=data["expert_type_id"] or 0).first(),
                org_unit=OrgUnit.objects.filter(pk=data["org_unit_id"] or 0).first() or request.user.org_unit,
            ),
        )
        return Response(self.masked_expert(expert), status=status.HTTP_201_CREATED)


class ExpertEligibleCountAPI(_ExpertsAPI):
    permission_map = {"GET": VIEW}

    @extend_schema(
        operation_id="experts_eligible_count", tags=TAGS_LIBRARY, summary="可抽取专家预计数（只给数量）",
        parameters=SEARCH_PARAMETERS, responses={200: s.ExpertEligibleCountSerializer, **ERRORS},
    )
    def get(self, request):
        eligible = selectors.eligible_count(actor=request.user, search=_search_from(request))
        return Response(s.ExpertEligibleCountSerializer({"eligible": eligible, "excluded": selectors.exclusion_counts()}).data)


class ExpertDetailAPI(_ExpertsAPI):
    permission_map = {"GET": VIEW, "PATCH": CHANGE}

    @extend_schema(operation_id="experts_retrieve", tags=TAGS_LIBRARY, summary="专家详情（脱敏）", responses={200: s.ExpertListSerializer, **ERRORS})
    def get(self, request, pk: int):
        return Response(self.masked_expert(self.expert_or_404(pk)))

    @extend_schema(
        operation_id="experts_partial_update", tags=TAGS_LIBRARY, summary="修改专家资料（与专家全景页的编辑相同）",
        description="修改立即生效并留下变更记录。姓名、工作单位、银行账号、手机号需要 experts.reveal_personal_data 权限；"
                    "银行账号、手机号留空表示不改。",
        request=s.ExpertBureauUpdateSerializer, responses={200: s.ExpertListSerializer, **ERRORS},
    )
    def patch(self, request, pk: int):
        expert = self.expert_or_404(pk)
        data = self.parse(s.ExpertBureauUpdateSerializer)
        personal = sorted(name for name in s.BUREAU_PERSONAL_EDIT_FIELDS if data.get(name))  # blank = keep
        if personal and not request.user.has_perm(selectors.REVEAL_PERMISSION):
            raise PermissionDenied("修改姓名、工作单位、银行账号或手机号需要查看完整个人信息的权限。",
                                   fields={name: ["无权修改。"] for name in personal})
        expert_type = None
        if data.get("expert_type_id") is not None:
            expert_type = ExpertType.objects.filter(pk=data["expert_type_id"]).first()
            if expert_type is None:
                raise ApplicationError("专家类型不存在。", fields={"expert_type_id": ["专家类型不存在。"]})
        if "domains" in data:
            unknown = set(data["domains"]) - set(Domain.objects.filter(pk__in=data["domains"]).values_list("pk", flat=True))
            if unknown:
                raise ApplicationError("专业领域不存在。", fields={"domains": [str(i) for i in sorted(unknown)]})
        phone = data.pop("phone", "").strip()
        if phone and phone != expert.phone:
            services.expert_phone_set(actor=request.user, expert=expert, phone=phone)
        if "expert_type_id" in data:
            services.expert_type_set(actor=request.user, expert=expert, expert_type=expert_type)
        values = {name: value.strip() if isinstance(value, str) else value for name, value in data.items() if name != "expert_type_id"}
        if values:
            try:
                services.expert_change(actor=request.user, expert=expert, values=values, by_admin=True)
            except ApplicationError as exc:
                if exc.code != ExpertError.NOTHING_CHANGED:
                    raise
        return Response(self.masked_expert(self.expert_or_404(pk)))


class ExpertReviewAPI(_ExpertsAPI):
    permission_map = {"POST": REVIEW}

    @extend_schema(
        operation_id="experts_review", tags=TAGS_LIBRARY, summary="在当前审核级作出审核结论",
        description="只有当前审核级的审核用户组成员（或超级管理员）可以审核；末级通过即入库并发放证书。",
        request=s.ExpertReviewDecisionSerializer, responses={200: s.ExpertListSerializer, **ERRORS},
    )
    def post(self, request, pk: int):
        expert = self.expert_or_404(pk)
        data = self.parse(s.ExpertReviewDecisionSerializer)
        return Response(self.masked_expert(services.expert_review(actor=request.user, expert=expert, **data)))


class ExpertRevealAPI(_ExpertsAPI):
    # The service decides (reveal right; else only inside a project's window) and audits.
    permission_map = {"POST": VIEW}

    @extend_schema(
        operation_id="experts_reveal", tags=TAGS_LIBRARY, summary="查看专家完整个人信息（记录审计日志）",
        description="需要 experts.reveal_personal_data 权限；每次查看都写入审计日志。",
        request=s.ExpertRevealInputSerializer, responses={200: s.ExpertRevealSerializer, **ERRORS},
    )
    def post(self, request, pk: int):
        expert = self.expert_or_404(pk)
        data = self.parse(s.ExpertRevealInputSerializer)
        revealed = services.expert_reveal(actor=request.user, expert=expert, reason=data["reason"] or "接口查看")
        return Response(s.ExpertRevealSerializer(revealed).data, headers={"Cache-Control": "no-store"})


class _ExpertStateAPI(_ExpertsAPI):
    """One state change of one expert; answers with the expert as the lists show it."""

    def change(self, expert: Expert, reason: str) -> None:
        raise NotImplementedError

    def post(self, request, pk: int):
        expert = self.expert_or_404(pk)
        data = self.parse(s.ExpertReasonSerializer)
        self.change(expert, data["reason"])
        return Response(self.masked_expert(self.expert_or_404(pk)))


STATE_SCHEMA = {"tags": TAGS_LIBRARY, "request": s.ExpertReasonSerializer, "responses": {200: s.ExpertListSerializer, **ERRORS}}


class ExpertBlacklistAPI(_ExpertStateAPI):
    permission_map = {"POST": (VIEW, "experts.manage_blacklist")}

    def change(self, expert, reason):
        services.experts_blacklist(actor=self.request.user, experts=[expert], reason=reason)

    @extend_schema(operation_id="experts_blacklist", summary="列入黑名单（须填原因；不再被抽取）", **STATE_SCHEMA)
    def post(self, request, pk: int):
        return super().post(request, pk)


class ExpertUnblacklistAPI(_ExpertStateAPI):
    permission_map = {"POST": (VIEW, "experts.manage_blacklist")}

    def change(self, expert, reason):
        services.experts_unblacklist(actor=self.request.user, experts=[expert])

    @extend_schema(operation_id="experts_unblacklist", summary="移出黑名单", **STATE_SCHEMA)
    def post(self, request, pk: int):
        return super().post(request, pk)


class ExpertDeleteAPI(_ExpertStateAPI):
    permission_map = {"POST": (VIEW, "experts.delete_expert")}

    def change(self, expert, reason):
        services.experts_delete(actor=self.request.user, experts=[expert], reason=reason)

    @extend_schema(operation_id="experts_delete", summary="删除到“已删除专家”名单（可恢复；不再被抽取）", **STATE_SCHEMA)
    def post(self, request, pk: int):
        return super().post(request, pk)


class ExpertRestoreAPI(_ExpertStateAPI):
    permission_map = {"POST": (VIEW, "experts.delete_expert")}

    def change(self, expert, reason):
        services.experts_restore(actor=self.request.user, experts=[expert])

    @extend_schema(operation_id="experts_restore", summary="从已删除名单恢复", **STATE_SCHEMA)
    def post(self, request, pk: int):
        return super().post(request, pk)


class ExpertCertificatesOfExpertAPI(_ExpertsAPI):
    permission_map = {"GET": VIEW, "POST": CHANGE}

    def row(self, certificate):
        return certificate_row(self.request, certificate, name=selectors.masked(certificate.expert).name,
                               pdf_url=reverse("api:experts:certificate_pdf", args=[certificate.pk]))

    @extend_schema(operation_id="experts_certificates_of_expert", tags=TAGS_LIBRARY, summary="某专家的证书",
                   responses={200: s.ExpertCertificateSerializer(many=True), **ERRORS})
    def get(self, request, pk: int):
        expert = self.expert_or_404(pk)
        return self.page(expert.certificates.select_related("expert"), s.ExpertCertificateSerializer, self.row)

    @extend_schema(operation_id="experts_certificate_issue", tags=TAGS_LIBRARY, summary="发放（换发）证书，原有效证书作废",
                   request=None, responses={201: s.ExpertCertificateSerializer, **ERRORS})
    def post(self, request, pk: int):
        certificate = services.certificate_issue(actor=request.user, expert=self.expert_or_404(pk))
        return Response(s.ExpertCertificateSerializer(self.row(certificate)).data, status=status.HTTP_201_CREATED)


class ExpertPointsAPI(_ExpertsAPI):
    permission_map = {"GET": VIEW, "POST": CHANGE}

    @extend_schema(operation_id="experts_points_of_expert", tags=TAGS_LIBRARY, summary="某专家的积分明细",
                   responses={200: s.ExpertPointEntrySerializer(many=True), **ERRORS})
    def get(self, request, pk: int):
        return self.page(self.expert_or_404(pk).point_entries.all(), s.ExpertPointEntrySerializer)

    @extend_schema(operation_id="experts_points_adjust", tags=TAGS_LIBRARY, summary="人工调整积分（须填原因）",
                   request=s.ExpertPointsAdjustSerializer, responses={201: s.ExpertPointEntrySerializer, **ERRORS})
    def post(self, request, pk: int):
        expert = self.expert_or_404(pk)
        data = self.parse(s.ExpertPointsAdjustSerializer)
        entry = services.points_adjust(actor=request.user, expert=expert, points=data["points"], reason=data["reason"])
        return Response(s.ExpertPointEntrySerializer(entry).data, status=status.HTTP_201_CREATED)


# --- bureau: panorama records (leave, avoidance, draws, changes) ---------------------------


class ExpertLeavesOfExpertAPI(_ExpertsAPI):
    permission_map = {"GET": VIEW, "POST": CHANGE}

    @extend_schema(operation_id="experts_leaves_of_expert", tags=TAGS_LIBRARY, summary="某专家的长期请假",
                   responses={200: s.ExpertLeaveSerializer(many=True), **ERRORS})
    def get(self, request, pk: int):
        return self.page(self.expert_or_404(pk).leaves.all(), s.ExpertLeaveSerializer)

    @extend_schema(operation_id="experts_leaves_of_expert_create", tags=TAGS_LIBRARY, summary="代专家请假（期间不被抽取，到期自动结束）",
                   request=s.ExpertLeaveSerializer, responses={201: s.ExpertLeaveSerializer, **ERRORS})
    def post(self, request, pk: int):
        expert = self.expert_or_404(pk)
        data = self.parse(s.ExpertLeaveSerializer)
        leave = services.leave_create(actor=request.user, expert=expert, start_date=data["start_date"], end_date=data["end_date"],
                                      reason=data["reason"], note=data["note"])
        return Response(s.ExpertLeaveSerializer(leave).data, status=status.HTTP_201_CREATED)


class ExpertLeaveOfExpertCancelAPI(_ExpertsAPI):
    permission_map = {"POST": CHANGE}

    @extend_schema(operation_id="experts_leaves_of_expert_cancel", tags=TAGS_LIBRARY, summary="代专家销假",
                   request=None, responses={200: s.ExpertLeaveSerializer, **ERRORS})
    def post(self, request, pk: int, leave_id: int):
        leave = self.expert_or_404(pk).leaves.filter(pk=leave_id).first()
        if leave is None:
            raise NotFound("请假记录不存在。")
        return Response(s.ExpertLeaveSerializer(services.leave_cancel(actor=request.user, leave=leave)).data)


class ExpertAvoidanceOfExpertAPI(_ExpertsAPI):
    permission_map = {"GET": VIEW, "POST": CHANGE}

    @extend_schema(operation_id="experts_avoidance_of_expert", tags=TAGS_LIBRARY, summary="某专家的回避单位（含自动维护的现任职单位）",
                   responses={200: s.ExpertAvoidanceUnitSerializer(many=True), **ERRORS})
    def get(self, request, pk: int):
        return self.page(self.expert_or_404(pk).avoidance_units.all(), s.ExpertAvoidanceUnitSerializer)

    @extend_schema(operation_id="experts_avoidance_of_expert_create", tags=TAGS_LIBRARY, summary="为专家添加回避单位",
                   request=s.ExpertAvoidanceUnitSerializer, responses={201: s.ExpertAvoidanceUnitSerializer, **ERRORS})
    def post(self, request, pk: int):
        expert = self.expert_or_404(pk)
        data = self.parse(s.ExpertAvoidanceUnitSerializer)
        unit = services.avoidance_add(actor=request.user, expert=expert, name=data["name"], kind=data["kind"], note=data["note"])
        return Response(s.ExpertAvoidanceUnitSerializer(unit).data, status=status.HTTP_201_CREATED)


class ExpertAvoidanceOfExpertDetailAPI(_ExpertsAPI):
    permission_map = {"DELETE": CHANGE}

    @extend_schema(operation_id="experts_avoidance_of_expert_destroy", tags=TAGS_LIBRARY, summary="删除专家的回避单位（现任职单位不能删除）",
                   responses={204: None, **ERRORS})
    def delete(self, request, pk: int, unit_id: int):
        unit = self.expert_or_404(pk).avoidance_units.filter(pk=unit_id).first()
        if unit is None:
            raise NotFound("回避单位不存在。")
        services.avoidance_delete(actor=request.user, unit=unit)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ExpertParticipationsAPI(_ExpertsAPI):
    permission_map = {"GET": VIEW}

    @extend_schema(operation_id="experts_participations_of_expert", tags=TAGS_LIBRARY, summary="某专家的抽取记录（被抽中、确认、拒绝、参评）",
                   responses={200: s.ExpertParticipationSerializer(many=True), **ERRORS})
    def get(self, request, pk: int):
        return self.page(self.expert_or_404(pk).participations.select_related("org_unit"), s.ExpertParticipationSerializer)


class ExpertChangesOfExpertAPI(_ExpertsAPI):
    permission_map = {"GET": VIEW}

    @extend_schema(operation_id="experts_changes_of_expert", tags=TAGS_LIBRARY, summary="某专家的信息变更记录（变更前后对比）",
                   description="姓名、工作单位在没有查看完整个人信息权限时脱敏；银行账号始终脱敏。",
                   responses={200: s.ExpertChangeSerializer(many=True), **ERRORS})
    def get(self, request, pk: int):
        reveal = request.user.has_perm(selectors.REVEAL_PERMISSION)
        return self.page(self.expert_or_404(pk).changes.all(), s.ExpertChangeSerializer, lambda change: change_row(change, reveal=reveal))


# --- bureau: export ------------------------------------------------------------------------


class ExpertExportFieldsAPI(_ExpertsAPI):
    permission_map = {"GET": (VIEW, "experts.export_expert")}
    pagination_class = None

    @extend_schema(operation_id="experts_export_fields", tags=TAGS_LIBRARY, summary="调用者的角色可导出的字段",
                   responses={200: s.ExpertExportFieldSerializer(many=True), **ERRORS})
    def get(self, request):
        rows = [{"key": key, "label": selectors.EXPORT_FIELDS[key]} for key in selectors.export_fields_for(request.user)]
        return Response(s.ExpertExportFieldSerializer(rows, many=True).data)


class ExpertExportAPI(_ExpertsAPI):
    permission_map = {"GET": (VIEW, "experts.export_expert")}

    @extend_schema(
        operation_id="experts_export", tags=TAGS_LIBRARY, summary="导出专家（Excel；字段按角色白名单）",
        description=("搜索条件同专家搜索；只导出角色可导出的字段。个人信息默认脱敏，`unmasked=true` 且有查看完整信息权限时导出明文。"
                     "含个人信息时须填写 `reason`（导出事由），否则 400 `export_reason_required`。导出人、时间和事由写入文件属性与页眉页脚，并写入审计日志。"),
        parameters=[*SEARCH_PARAMETERS, OpenApiParameter("fields", str, many=True, description="只导出这些字段（须在白名单内）"),
                    OpenApiParameter("reason", str, description="导出事由（含个人信息时必填，至少 4 个字）"),
                    OpenApiParameter("unmasked", bool, description="导出明文（需要查看完整信息权限）")],
        responses=XLSX_RESPONSE,
    )
    def get(self, request):
        allowed = selectors.export_fields_for(request.user)
        if not allowed:
            raise PermissionDenied("您的角色没有可导出的字段，请联系管理员在“专家库设置”中配置。", code=ExpertError.NO_EXPORT_FIELDS)
        wanted = request.query_params.getlist("fields")
        refused = [name for name in wanted if name not in allowed]
        if refused:
            raise PermissionDenied("您的角色不能导出这些字段：" + "、".join(refused), code=ExpertError.NO_EXPORT_FIELDS, fields={"fields": refused})
        params = params_from_query(request.query_params)
        params.pop("reason", None)
        exported = job_services.export_now(actor=request.user, spec_name="experts.experts", params=params,
                                           reason=request.query_params.get("reason", ""))
        response = HttpResponse(exported.content, content_type=XLSX)
        response["Content-Disposition"] = content_disposition_header(True, exported.filename)
        response["Cache-Control"] = "no-store"
        return response


# --- bureau: import ------------------------------------------------------------------------


def _job_row(job: FileJob) -> dict:
    rejections = [{"row": number, "reason": reason} for number, _values, reason in (job.params.get("rejections") or [])[:500]]
    return {
        "id": job.pk, "status": job.status, "file_name": job.params.get("file_name", ""), "total_rows": job.total_rows,
        "processed_rows": job.processed_rows, "succeeded_rows": job.succeeded_rows, "rejected_rows": job.rejected_rows,
        "progress": job.progress, "error": job.error, "created_at": job.created_at, "finished_at": job.finished_at,
        "report_url": reverse("api:experts:import_report", args=[job.pk]) if job.report_file else None, "rejections": rejections,
    }


def _import_jobs(user):
    return job_selectors.job_list(user=user, kind=FileJob.Kind.IMPORT, spec=IMPORT_SPEC_NAME)


def _import_job_or_404(user, pk) -> FileJob:
    job = _import_jobs(user).filter(pk=pk).first()
    if job is None:
        raise NotFound("导入任务不存在。")
    return job


IMPORT = (VIEW, "experts.import_expert")


class ExpertImportListAPI(_ExpertsAPI):
    permission_map = {"GET": IMPORT, "POST": IMPORT}
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(operation_id="experts_imports_list", tags=TAGS_LIBRARY, summary="我的专家导入任务",
                   responses={200: s.ExpertImportJobSerializer(many=True), **ERRORS})
    def get(self, request):
        return self.page(_import_jobs(request.user), s.ExpertImportJobSerializer, _job_row)

    @extend_schema(
        operation_id="experts_import_start", tags=TAGS_LIBRARY, summary="上传 Excel 批量导入专家（后台执行）",
        description="检查文件后在后台逐行导入，返回任务；用任务详情查看进度与未导入行的原因。模板见管理后台“批量导入专家”。",
        request=s.ExpertImportUploadSerializer, responses={202: s.ExpertImportJobSerializer, **ERRORS},
    )
    def post(self, request):
        job = job_services.import_job_create(actor=request.user, spec_name=IMPORT_SPEC_NAME, upload=request.FILES.get("file"))
        return Response(s.ExpertImportJobSerializer(_job_row(job)).data, status=status.HTTP_202_ACCEPTED)


class ExpertImportDetailAPI(_ExpertsAPI):
    permission_map = {"GET": IMPORT}

    @extend_schema(operation_id="experts_import_retrieve", tags=TAGS_LIBRARY, summary="导入任务进度与未导入原因",
                   responses={200: s.ExpertImportJobSerializer, **ERRORS})
    def get(self, request, pk: int):
        return Response(s.ExpertImportJobSerializer(_job_row(_import_job_or_404(request.user, pk))).data)


class ExpertImportReportAPI(_ExpertsAPI):
    permission_map = {"GET": IMPORT}

    @extend_schema(operation_id="experts_import_report", tags=TAGS_LIBRARY, summary="下载未导入信息表（Excel）", responses=XLSX_RESPONSE)
    def get(self, request, pk: int):
        job = _import_job_or_404(request.user, pk)
        if not job.report_file:
            raise NotFound("该任务没有未导入的行。")
        return FileResponse(job.report_file.open("rb"), as_attachment=True, filename=f"未导入信息-{job.pk}.xlsx", content_type=XLSX)


# --- bureau: domains, types, tags, saved searches ------------------------------------------


VIEW_DOMAIN = "experts.view_domain"


def _domain_or_404(pk) -> Domain:
    domain = Domain.objects.filter(pk=pk).first()
    if domain is None:
        raise NotFound("专业领域不存在。")
    return domain


def _parent_or_400(pk) -> Domain | None:
    if pk is None:
        return None
    parent = Domain.objects.filter(pk=pk).first()
    if parent is None:
        raise ApplicationError("上级领域不存在。", fields={"parent": ["上级领域不存在。"]})
    return parent


class ExpertDomainListAPI(_ExpertsAPI):
    permission_map = {"GET": VIEW_DOMAIN, "POST": (VIEW_DOMAIN, "experts.add_domain")}
    pagination_class = None

    @extend_schema(operation_id="experts_domains_list", tags=TAGS_SETTINGS, summary="专业领域树（按路径排序）",
                   responses={200: s.ExpertDomainSerializer(many=True), **ERRORS})
    def get(self, request):
        return Response(s.ExpertDomainSerializer(selectors.domain_tree(), many=True).data)

    @extend_schema(operation_id="experts_domains_create", tags=TAGS_SETTINGS, summary="新建专业领域（最多三级；同一上级下不重名）",
                   request=s.ExpertDomainInputSerializer, responses={201: s.ExpertDomainSerializer, **ERRORS})
    def post(self, request):
        data = self.parse(s.ExpertDomainInputSerializer)
        domain = services.domain_save(actor=request.user, name=data["name"], parent=_parent_or_400(data["parent"]), sort_order=data["sort_order"])
        return Response(s.ExpertDomainSerializer(domain).data, status=status.HTTP_201_CREATED)


class ExpertDomainDetailAPI(_ExpertsAPI):
    permission_map = {"PATCH": (VIEW_DOMAIN, "experts.change_domain"), "DELETE": (VIEW_DOMAIN, "experts.delete_domain")}

    @extend_schema(
        operation_id="experts_domains_partial_update", tags=TAGS_SETTINGS, summary="改名或移动专业领域",
        description="给出 parent 即移到该上级之下（null 为一级领域），下级领域随之移动；移动后不能超过三级，也不能移到自己的下级。",
        request=s.ExpertDomainInputSerializer, responses={200: s.ExpertDomainSerializer, **ERRORS},
    )
    def patch(self, request, pk: int):
        domain = _domain_or_404(pk)
        serializer = s.ExpertDomainInputSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        parent = _parent_or_400(data["parent"]) if "parent" in data else domain.parent
        domain = services.domain_save(actor=request.user, domain=domain, name=data.get("name", domain.name), parent=parent,
                                      sort_order=data.get("sort_order", domain.sort_order))
        return Response(s.ExpertDomainSerializer(domain).data)

    @extend_schema(operation_id="experts_domains_destroy", tags=TAGS_SETTINGS, summary="删除专业领域（没有下级领域和专家时）",
                   responses={204: None, **ERRORS})
    def delete(self, request, pk: int):
        services.domain_delete(actor=request.user, domain=_domain_or_404(pk))
        return Response(status=status.HTTP_204_NO_CONTENT)


class ExpertDomainImportStandardAPI(_ExpertsAPI):
    permission_map = {"POST": (VIEW_DOMAIN, "experts.add_domain")}

    @extend_schema(operation_id="experts_domains_import_standard", tags=TAGS_SETTINGS, summary="导入标准领域分类（已有的同名领域保留）",
                   request=None, responses={200: s.ExpertDomainImportResultSerializer, **ERRORS})
    def post(self, request):
        added = services.domain_tree_import_standard(actor=request.user)
        return Response(s.ExpertDomainImportResultSerializer({"added": added}).data)


class ExpertTypeListAPI(_ExpertsAPI):
    permission_map = {"GET": VIEW, "POST": SETTINGS}
    pagination_class = None

    @extend_schema(operation_id="experts_types_list", tags=TAGS_SETTINGS, summary="专家类型", responses={200: s.ExpertTypeSerializer(many=True), **ERRORS})
    def get(self, request):
        return Response(s.ExpertTypeSerializer(ExpertType.objects.all(), many=True).data)

    @extend_schema(operation_id="experts_types_create", tags=TAGS_SETTINGS, summary="新增专家类型（名称唯一）",
                   request=s.ExpertTypeInputSerializer, responses={201: s.ExpertTypeSerializer, **ERRORS})
    def post(self, request):
        data = self.parse(s.ExpertTypeInputSerializer)
        expert_type = services.expert_type_save(actor=request.user, name=data["name"], sort_order=data["sort_order"])
        return Response(s.ExpertTypeSerializer(expert_type).data, status=status.HTTP_201_CREATED)


def _tag_or_404(pk) -> Tag:
    tag = Tag.objects.filter(pk=pk).first()
    if tag is None:
        raise NotFound("标签不存在。")
    return tag


class ExpertTagListAPI(_ExpertsAPI):
    permission_map = {"GET": VIEW, "POST": SETTINGS}
    search_fields = ("name",)

    @extend_schema(operation_id="experts_tags_list", tags=TAGS_SETTINGS, summary="标签分组", responses={200: s.ExpertTagSerializer(many=True), **ERRORS})
    def get(self, request):
        return self.page(self.filter_queryset(Tag.objects.all()), s.ExpertTagSerializer)

    @extend_schema(operation_id="experts_tags_create", tags=TAGS_SETTINGS, summary="新建标签分组",
                   request=s.ExpertTagSerializer, responses={201: s.ExpertTagSerializer, **ERRORS})
    def post(self, request):
        data = self.parse(s.ExpertTagSerializer)
        tag = services.tag_save(actor=request.user, name=data["name"], color=data["color"])
        return Response(s.ExpertTagSerializer(tag).data, status=status.HTTP_201_CREATED)


class ExpertTagDetailAPI(_ExpertsAPI):
    permission_map = {"GET": VIEW, "PATCH": SETTINGS, "DELETE": SETTINGS}

    @extend_schema(operation_id="experts_tags_retrieve", tags=TAGS_SETTINGS, summary="标签分组详情", responses={200: s.ExpertTagSerializer, **ERRORS})
    def get(self, request, pk: int):
        return Response(s.ExpertTagSerializer(_tag_or_404(pk)).data)

    @extend_schema(operation_id="experts_tags_partial_update", tags=TAGS_SETTINGS, summary="修改标签分组",
                   request=s.ExpertTagSerializer, responses={200: s.ExpertTagSerializer, **ERRORS})
    def patch(self, request, pk: int):
        tag = _tag_or_404(pk)
        serializer = s.ExpertTagSerializer(tag, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        tag = services.tag_save(actor=request.user, tag=tag, name=data.get("name", tag.name), color=data.get("color", tag.color))
        return Response(s.ExpertTagSerializer(tag).data)

    @extend_schema(operation_id="experts_tags_destroy", tags=TAGS_SETTINGS, summary="删除标签分组（专家身上的该标签一并移除）",
                   responses={204: None, **ERRORS})
    def delete(self, request, pk: int):
        services.tag_delete(actor=request.user, tag=_tag_or_404(pk))
        return Response(status=status.HTTP_204_NO_CONTENT)


class ExpertTagAssignAPI(_ExpertsAPI):
    permission_map = {"POST": CHANGE}

    @extend_schema(
        operation_id="experts_tags_assign", tags=TAGS_SETTINGS, summary="给专家加上（或移出）标签分组",
        description="所有专家都须在调用者的管理范围内，否则整批不处理（404）。",
        request=s.ExpertTagAssignSerializer, responses={200: s.ExpertCountSerializer, **ERRORS},
    )
    def post(self, request, pk: int):
        tag = _tag_or_404(pk)
        data = self.parse(s.ExpertTagAssignSerializer)
        wanted = set(data["expert_ids"])
        experts = list(selectors.expert_scope(actor=request.user).filter(pk__in=wanted))
        missing = sorted(wanted - {e.pk for e in experts})
        if missing:
            raise NotFound("部分专家不存在或不在您的管理范围内。", fields={"expert_ids": [str(pk) for pk in missing]})
        count = services.experts_tag(actor=request.user, experts=experts, tag=tag, add=not data["remove"])
        return Response(s.ExpertCountSerializer({"count": count}).data)


def _saved_or_404(user, pk):
    saved = selectors.saved_searches(user=user).filter(pk=pk).first()
    if saved is None:
        raise NotFound("常用搜索不存在。")
    return saved


class ExpertSavedSearchListAPI(_ExpertsAPI):
    permission_map = {"GET": VIEW, "POST": VIEW}

    @extend_schema(operation_id="experts_saved_searches_list", tags=TAGS_LIBRARY, summary="我的常用搜索",
                   responses={200: s.ExpertSavedSearchSerializer(many=True), **ERRORS})
    def get(self, request):
        return self.page(selectors.saved_searches(user=request.user), s.ExpertSavedSearchSerializer)

    @extend_schema(operation_id="experts_saved_searches_create", tags=TAGS_LIBRARY, summary="保存常用搜索（同名覆盖）",
                   request=s.ExpertSavedSearchSerializer, responses={201: s.ExpertSavedSearchSerializer, **ERRORS})
    def post(self, request):
        data = self.parse(s.ExpertSavedSearchSerializer)
        saved = services.saved_search_save(user=request.user, name=data["name"], query=data["query"])
        return Response(s.ExpertSavedSearchSerializer(saved).data, status=status.HTTP_201_CREATED)


class ExpertSavedSearchDetailAPI(_ExpertsAPI):
    permission_map = {"GET": VIEW, "PATCH": VIEW, "DELETE": VIEW}

    @extend_schema(operation_id="experts_saved_searches_retrieve", tags=TAGS_LIBRARY, summary="常用搜索详情",
                   responses={200: s.ExpertSavedSearchSerializer, **ERRORS})
    def get(self, request, pk: int):
        return Response(s.ExpertSavedSearchSerializer(_saved_or_404(request.user, pk)).data)

    @extend_schema(operation_id="experts_saved_searches_partial_update", tags=TAGS_LIBRARY, summary="修改常用搜索",
                   request=s.ExpertSavedSearchSerializer, responses={200: s.ExpertSavedSearchSerializer, **ERRORS})
    def patch(self, request, pk: int):
        saved = _saved_or_404(request.user, pk)
        serializer = s.ExpertSavedSearchSerializer(saved, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        saved = services.saved_search_update(user=request.user, saved=saved, name=data.get("name"), query=data.get("query"))
        return Response(s.ExpertSavedSearchSerializer(saved).data)

    @extend_schema(operation_id="experts_saved_searches_destroy", tags=TAGS_LIBRARY, summary="删除常用搜索", responses={204: None, **ERRORS})
    def delete(self, request, pk: int):
        services.saved_search_delete(user=request.user, saved=_saved_or_404(request.user, pk))
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- bureau: change requests and admission review ------------------------------------------


def change_row(change, *, reveal: bool) -> dict:
    """Before/after as stored (bank accounts masked at write); name and employer masked for
    callers without the reveal right, as the change queue page does."""

    def shown(values: dict) -> dict:
        if reveal:
            return values
        return {key: mask_default(str(value or "")) if key in ("name", "employer") else value for key, value in values.items()}

    return {"id": change.pk, "expert_id": change.expert_id, "status": change.status, "before": shown(change.before),
            "after": shown(change.after), "created_at": change.created_at, "reviewed_at": change.reviewed_at, "review_note": change.review_note}


class ExpertChangeListAPI(_ExpertsAPI):
    permission_map = {"GET": REVIEW}
    filter_fields = {"expert": "expert_id"}

    @extend_schema(
        operation_id="experts_changes_list", tags=TAGS_LIBRARY, summary="信息变更（默认只列待审核）",
        parameters=[OpenApiParameter("status", str, description="pending（默认）/ applied / approved / rejected / all")],
        responses={200: s.ExpertChangeSerializer(many=True), **ERRORS},
    )
    def get(self, request):
        wanted = request.query_params.get("status", ChangeStatus.PENDING)
        changes = selectors.profile_changes(actor=request.user, status=wanted if wanted in ChangeStatus.values else "")
        reveal = request.user.has_perm(selectors.REVEAL_PERMISSION)
        return self.page(self.filter_queryset(changes), s.ExpertChangeSerializer, lambda change: change_row(change, reveal=reveal))


class _ChangeDecisionAPI(_ExpertsAPI):
    permission_map = {"POST": REVIEW}
    approve: bool

    def post(self, request, pk: int):
        change = selectors.profile_changes(actor=request.user).filter(pk=pk).first()
        if change is None:
            raise NotFound("变更不存在。")
        data = self.parse(s.ExpertChangeDecisionSerializer)
        change = services.change_review(actor=request.user, change=change, approve=self.approve, note=data["note"])
        return Response(s.ExpertChangeSerializer(change_row(change, reveal=request.user.has_perm(selectors.REVEAL_PERMISSION))).data)


class ExpertChangeApproveAPI(_ChangeDecisionAPI):
    approve = True

    @extend_schema(operation_id="experts_changes_approve", tags=TAGS_LIBRARY, summary="通过信息变更（立即生效，短信通知专家）",
                   request=s.ExpertChangeDecisionSerializer, responses={200: s.ExpertChangeSerializer, **ERRORS})
    def post(self, request, pk: int):
        return super().post(request, pk)


class ExpertChangeRejectAPI(_ChangeDecisionAPI):
    approve = False

    @extend_schema(operation_id="experts_changes_reject", tags=TAGS_LIBRARY, summary="驳回信息变更（短信通知专家）",
                   request=s.ExpertChangeDecisionSerializer, responses={200: s.ExpertChangeSerializer, **ERRORS})
    def post(self, request, pk: int):
        return super().post(request, pk)


class ExpertReviewQueueAPI(_ExpertsAPI):
    permission_map = {"GET": REVIEW}

    @extend_schema(
        operation_id="experts_review_queue", tags=TAGS_LIBRARY, summary="入库审核队列（按提交时间）",
        parameters=[OpenApiParameter("level", int, description="只看该审核级")], responses={200: s.ExpertReviewQueueItemSerializer(many=True), **ERRORS},
    )
    def get(self, request):
        levels = {level.order: level.name for level in selectors.review_levels()}
        queue = selectors.review_queue(actor=request.user).prefetch_related("domains", "tags")
        level = request.query_params.get("level", "")
        if level.isdigit():
            queue = queue.filter(review_level=int(level))

        def row(expert):
            return {"expert": selectors.masked(expert), "level": expert.review_level, "level_name": levels.get(expert.review_level, "管理员审核"),
                    "can_review": selectors.can_review_level(request.user, expert.review_level), "submitted_at": expert.submitted_at}

        return self.page(queue, s.ExpertReviewQueueItemSerializer, row)


class ExpertReviewLevelListAPI(_ExpertsAPI):
    permission_map = {"GET": REVIEW}
    pagination_class = None

    @extend_schema(operation_id="experts_review_levels", tags=TAGS_SETTINGS, summary="入库审核流程（各审核级）",
                   responses={200: s.ExpertReviewLevelSerializer(many=True), **ERRORS})
    def get(self, request):
        return Response(s.ExpertReviewLevelSerializer(selectors.review_levels(), many=True).data)


# --- bureau: campaigns, certificates, point rules, statistics ------------------------------

CAMPAIGN = (VIEW, "experts.manage_campaign")


def campaign_row(campaign: ConfirmationCampaign) -> dict:
    progress = selectors.campaign_progress(campaign)
    return {"id": campaign.pk, "title": campaign.title, "deadline": campaign.deadline, "status": campaign.status, "created_at": campaign.created_at,
            "frozen_count": campaign.frozen_count, "total": progress["total"], "confirmed": progress["confirmed"]}


class ExpertCampaignListAPI(_ExpertsAPI):
    permission_map = {"GET": CAMPAIGN, "POST": CAMPAIGN}

    @extend_schema(operation_id="experts_campaigns_list", tags=TAGS_LIBRARY, summary="年度信息确认活动（含进度）",
                   responses={200: s.ExpertCampaignSerializer(many=True), **ERRORS})
    def get(self, request):
        return self.page(ConfirmationCampaign.objects.all(), s.ExpertCampaignSerializer, campaign_row)

    @extend_schema(
        operation_id="experts_campaigns_create", tags=TAGS_LIBRARY, summary="发起信息确认（向在库专家发送确认链接）",
        description="截止后仍未确认的专家被冻结（不参与抽取），确认后自动解冻。",
        request=s.ExpertCampaignCreateSerializer, responses={201: s.ExpertCampaignSerializer, **ERRORS},
    )
    def post(self, request):
        data = self.parse(s.ExpertCampaignCreateSerializer)
        deadline = timezone.make_aware(datetime.datetime.combine(data["deadline"], datetime.time(23, 59, 59)))
        confirm_url = tenant_url(reverse("h5:experts:confirm", args=["x"]))[: -len("x/")]
        campaign = services.campaign_start(actor=request.user, title=data["title"], deadline=deadline, confirm_url=confirm_url)
        return Response(s.ExpertCampaignSerializer(campaign_row(campaign)).data, status=status.HTTP_201_CREATED)


class ExpertCampaignDetailAPI(_ExpertsAPI):
    permission_map = {"GET": CAMPAIGN}

    @extend_schema(operation_id="experts_campaigns_retrieve", tags=TAGS_LIBRARY, summary="信息确认活动进度", responses={200: s.ExpertCampaignSerializer, **ERRORS})
    def get(self, request, pk: int):
        campaign = ConfirmationCampaign.objects.filter(pk=pk).first()
        if campaign is None:
            raise NotFound("活动不存在。")
        return Response(s.ExpertCampaignSerializer(campaign_row(campaign)).data)


def _template_or_404(pk) -> CertificateTemplate:
    template = CertificateTemplate.objects.select_related("expert_type").filter(pk=pk).first()
    if template is None:
        raise NotFound("证书模板不存在。")
    return template


def _template_data(request) -> dict:
    """JSON, or multipart with a background image and `layout` as a JSON string."""
    if hasattr(request.data, "getlist"):
        data = {key: request.data.get(key) for key in request.data}
        if isinstance(data.get("layout"), str):
            try:
                data["layout"] = json.loads(data["layout"]) if data["layout"].strip() else []
            except ValueError as exc:
                raise serializers.ValidationError({"layout": ["须为 JSON 数组。"]}) from exc
        return data
    return request.data


class _CertificateTemplateAPI(_ExpertsAPI):
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def save(self, template: CertificateTemplate | None) -> CertificateTemplate:
        serializer = s.ExpertCertificateTemplateSerializer(template, data=_template_data(self.request), partial=template is not None)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        current = template or CertificateTemplate()
        type_id = data.get("expert_type_id", current.expert_type_id)
        expert_type = ExpertType.objects.filter(pk=type_id).first() if type_id else None
        if type_id and expert_type is None:
            raise serializers.ValidationError({"expert_type": ["专家类型不存在。"]})
        return services.certificate_template_save(
            actor=self.request.user, template=template, name=data.get("name", current.name), expert_type=expert_type,
            title_text=data.get("title_text", current.title_text), body_text=data.get("body_text", current.body_text),
            validity_years=data.get("validity_years", current.validity_years), background=data.get("background"),
            layout=data.get("layout"), is_active=data.get("is_active", current.is_active),
        )


class ExpertCertificateTemplateListAPI(_CertificateTemplateAPI):
    permission_map = {"GET": SETTINGS, "POST": SETTINGS}

    @extend_schema(operation_id="experts_certificate_templates_list", tags=TAGS_SETTINGS, summary="证书模板",
                   responses={200: s.ExpertCertificateTemplateSerializer(many=True), **ERRORS})
    def get(self, request):
        return self.page(CertificateTemplate.objects.all(), s.ExpertCertificateTemplateSerializer)

    @extend_schema(operation_id="experts_certificate_templates_create", tags=TAGS_SETTINGS, summary="新建证书模板（可上传底版图片）",
                   request=s.ExpertCertificateTemplateSerializer, responses={201: s.ExpertCertificateTemplateSerializer, **ERRORS})
    def post(self, request):
        return Response(s.ExpertCertificateTemplateSerializer(self.save(None)).data, status=status.HTTP_201_CREATED)


class ExpertCertificateTemplateDetailAPI(_CertificateTemplateAPI):
    permission_map = {"GET": SETTINGS, "PATCH": SETTINGS}

    @extend_schema(operation_id="experts_certificate_templates_retrieve", tags=TAGS_SETTINGS, summary="证书模板详情",
                   responses={200: s.ExpertCertificateTemplateSerializer, **ERRORS})
    def get(self, request, pk: int):
        return Response(s.ExpertCertificateTemplateSerializer(_template_or_404(pk)).data)

    @extend_schema(operation_id="experts_certificate_templates_partial_update", tags=TAGS_SETTINGS, summary="修改证书模板",
                   request=s.ExpertCertificateTemplateSerializer, responses={200: s.ExpertCertificateTemplateSerializer, **ERRORS})
    def patch(self, request, pk: int):
        return Response(s.ExpertCertificateTemplateSerializer(self.save(_template_or_404(pk))).data)


def _certificate_or_404(actor, pk):
    certificate = selectors.certificates_in_scope(actor=actor).filter(pk=pk).first()
    if certificate is None:
        raise NotFound("证书不存在。")
    return certificate


def bureau_certificate_row(request, certificate) -> dict:
    return certificate_row(request, certificate, name=selectors.masked(certificate.expert).name,
                           pdf_url=reverse("api:experts:certificate_pdf", args=[certificate.pk]))


class ExpertCertificateListAPI(_ExpertsAPI):
    permission_map = {"GET": SETTINGS}
    filter_fields = {"expert": "expert_id"}
    search_fields = ("number",)

    @extend_schema(operation_id="experts_certificates_list", tags=TAGS_LIBRARY, summary="已发证书（管理范围内）",
                   responses={200: s.ExpertCertificateSerializer(many=True), **ERRORS})
    def get(self, request):
        certificates = self.filter_queryset(selectors.certificates_in_scope(actor=request.user))
        return self.page(certificates, s.ExpertCertificateSerializer, lambda c: bureau_certificate_row(request, c))


class ExpertCertificateRevokeAPI(_ExpertsAPI):
    permission_map = {"POST": CHANGE}

    @extend_schema(operation_id="experts_certificate_revoke", tags=TAGS_LIBRARY, summary="撤销证书（验证页显示已撤销）",
                   request=s.ExpertReasonSerializer, responses={200: s.ExpertCertificateSerializer, **ERRORS})
    def post(self, request, pk: int):
        certificate = _certificate_or_404(request.user, pk)
        data = self.parse(s.ExpertReasonSerializer)
        certificate = services.certificate_revoke(actor=request.user, certificate=certificate, reason=data["reason"])
        return Response(s.ExpertCertificateSerializer(bureau_certificate_row(request, certificate)).data)


class ExpertCertificatePdfAPI(_ExpertsAPI):
    permission_map = {"GET": VIEW}

    @extend_schema(operation_id="experts_certificate_pdf", tags=TAGS_LIBRARY, summary="下载证书 PDF", responses=PDF_RESPONSE)
    def get(self, request, pk: int):
        return certificate_pdf_response(request, _certificate_or_404(request.user, pk))


def point_rule_rows() -> list[dict]:
    rules = {rule.event: rule for rule in PointRule.objects.all()}
    return [{"event": value, "label": label, "points": rules[value].points if value in rules else 0, "is_active": rules[value].is_active if value in rules else False}
            for value, label in PointEvent.choices if value != PointEvent.MANUAL]


class ExpertPointRuleListAPI(_ExpertsAPI):
    permission_map = {"GET": SETTINGS}
    pagination_class = None

    @extend_schema(operation_id="experts_point_rules_list", tags=TAGS_SETTINGS, summary="积分规则", responses={200: s.ExpertPointRuleSerializer(many=True), **ERRORS})
    def get(self, request):
        return Response(s.ExpertPointRuleSerializer(point_rule_rows(), many=True).data)


class ExpertPointRuleDetailAPI(_ExpertsAPI):
    permission_map = {"PUT": SETTINGS}

    @extend_schema(
        operation_id="experts_point_rules_update", tags=TAGS_SETTINGS, summary="设置某事项的积分",
        parameters=[OpenApiParameter("event", str, OpenApiParameter.PATH, enum=[v for v in PointEvent.values if v != PointEvent.MANUAL])],
        request=s.ExpertPointRuleSerializer, responses={200: s.ExpertPointRuleSerializer, **ERRORS},
    )
    def put(self, request, event: str):
        if event not in PointEvent.values or event == PointEvent.MANUAL:
            raise NotFound("没有这个积分事项。")
        data = self.parse(s.ExpertPointRuleSerializer)
        services.point_rule_save(actor=request.user, event=event, points=data["points"], is_active=data["is_active"])
        return Response(s.ExpertPointRuleSerializer(next(row for row in point_rule_rows() if row["event"] == event)).data)


class ExpertStatisticsAPI(_ExpertsAPI):
    permission_map = {"GET": "experts.view_statistics"}

    @extend_schema(operation_id="experts_statistics", tags=TAGS_LIBRARY, summary="专家统计分析（与统计页相同的数字）",
                   description="按领域、职称、地区、活跃度统计在库专家，及近 12 个月各部门的抽取人次（部门限调用者的管理范围）。",
                   responses={200: s.ExpertStatisticsSerializer, **ERRORS})
    def get(self, request):
        stats = selectors.expert_statistics(actor=request.user)
        return Response(s.ExpertStatisticsSerializer({**stats, "exclusions": selectors.exclusion_counts()}).data)


# --- expert side: registration -------------------------------------------------------------


class ExpertRegistrationCodeAPI(_ExpertsAPI):
    """dangerously_unauthenticated: a person without an account asks for a code. The code
    service limits sends per phone/e-mail and per IP."""

    permission_classes = [AllowAny]
    permission_map = {"POST": ""}

    @extend_schema(
        operation_id="experts_registration_code", tags=TAGS_EXPERT, summary="发送注册/登录验证码（无需登录）",
        request=s.ExpertRegistrationCodeSerializer, responses={200: s.ExpertRegistrationCodeSentSerializer, **error_responses(400, 429)},
    )
    def post(self, request):
        data = self.parse(s.ExpertRegistrationCodeSerializer)
        return Response(s.ExpertRegistrationCodeSentSerializer({"channel": services.registration_code_send(target=data["target"])}).data)


class ExpertRegistrationStartAPI(_ExpertsAPI):
    """dangerously_unauthenticated: the code proves the phone/e-mail; a wrong code counts
    toward the code's attempt limit."""

    permission_classes = [AllowAny]
    permission_map = {"POST": ""}

    @extend_schema(
        operation_id="experts_registration_start", tags=TAGS_EXPERT, summary="凭验证码注册或登录，开始入库申请（无需登录）",
        description="首次使用时创建专家账号和申请草稿（带推荐邀请时记录来源）；返回 API 令牌和当前资料。",
        request=s.ExpertRegistrationStartSerializer, responses={200: s.ExpertRegistrationSessionSerializer, **error_responses(400, 429)},
    )
    def post(self, request):
        data = self.parse(s.ExpertRegistrationStartSerializer)
        user = services.registration_login(target=data["target"], code=data["code"], invite_token=data["invite_token"])
        token = services.expert_api_token_issue(user=user)
        expert = selectors.own_expert(user=user)
        body = s.ExpertRegistrationSessionSerializer({"token": token, "profile": own_profile(expert)}).data
        return Response(body, headers={"Cache-Control": "no-store"})


def application_body(expert: Expert) -> dict:
    return s.ExpertApplicationSerializer({
        "profile": own_profile(expert), "can_edit": expert.status in (ExpertStatus.DRAFT, ExpertStatus.REJECTED),
        "missing": services.missing_for_submit(expert), "attachments": list(expert.attachments.all()),
        "max_attachment_mb": selectors.library_settings().max_attachment_mb,
    }).data


class ExpertApplicationAPI(_OwnExpertAPI):
    permission_map = {"GET": "", "PATCH": ""}

    @extend_schema(operation_id="experts_me_application", tags=TAGS_EXPERT, summary="我的入库申请（草稿、缺项、附件）",
                   responses={200: s.ExpertApplicationSerializer, **ERRORS})
    def get(self, request):
        return Response(application_body(self.own()))

    @extend_schema(
        operation_id="experts_me_application_save", tags=TAGS_EXPERT, summary="保存申请的一步（草稿）",
        description="只保存该步的字段：1 姓名/性别/出生日期/身份证号/邮箱/手机号，2 工作信息，3 专业领域与简介，4 证明材料（附件另行上传）。",
        request=s.ExpertDraftStepSerializer, responses={200: s.ExpertApplicationSerializer, **ERRORS},
    )
    def patch(self, request):
        expert = self.own()
        data = self.parse(s.ExpertDraftStepSerializer)
        step = data.pop("step")
        consent = bool(data.pop("privacy_consent", False))
        values = {name: value for name, value in data.items() if name in services.STEP_FIELDS[step]}
        services.expert_draft_save(actor=request.user, expert=expert, step=step, values=values, privacy_consent=consent)
        return Response(application_body(self.own()))


class ExpertAttachmentListAPI(_OwnExpertAPI):
    permission_map = {"GET": "", "POST": ""}
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(operation_id="experts_me_attachments_list", tags=TAGS_EXPERT, summary="我的申请附件",
                   responses={200: s.ExpertAttachmentSerializer(many=True), **ERRORS})
    def get(self, request):
        return self.page(self.own().attachments.all(), s.ExpertAttachmentSerializer)

    @extend_schema(operation_id="experts_me_attachments_upload", tags=TAGS_EXPERT, summary="上传证明材料（PDF/JPG/PNG，申请提交前）",
                   request=s.ExpertAttachmentUploadSerializer, responses={201: s.ExpertAttachmentSerializer, **ERRORS})
    def post(self, request):
        expert = self.own_draft()
        data = self.parse(s.ExpertAttachmentUploadSerializer)
        attachment = services.attachment_add(actor=request.user, expert=expert, kind=data["kind"], uploaded=data["file"])
        return Response(s.ExpertAttachmentSerializer(attachment).data, status=status.HTTP_201_CREATED)


class ExpertAttachmentDetailAPI(_OwnExpertAPI):
    permission_map = {"DELETE": ""}

    @extend_schema(operation_id="experts_me_attachments_destroy", tags=TAGS_EXPERT, summary="删除申请附件（申请提交前）", responses={204: None, **ERRORS})
    def delete(self, request, pk: int):
        attachment = self.own_draft().attachments.filter(pk=pk).first()
        if attachment is None:
            raise NotFound("附件不存在。")
        services.attachment_delete(actor=request.user, attachment=attachment)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ExpertSubmitAPI(_OwnExpertAPI):
    permission_map = {"POST": ""}

    @extend_schema(operation_id="experts_me_application_submit", tags=TAGS_EXPERT, summary="提交入库申请（进入第一级审核）",
                   description="须签署诚信承诺：`pledge=true`，否则 400 `expert_pledge_required`。",
                   request=s.ExpertSubmitSerializer, responses={200: s.ExpertApplicationSerializer, **ERRORS})
    def post(self, request):
        data = self.parse(s.ExpertSubmitSerializer)
        services.expert_submit(actor=request.user, expert=self.own(), pledge=bool(data.get("pledge")))
        return Response(application_body(self.own()))


class ExpertRecommendationListAPI(_OwnExpertAPI):
    permission_map = {"GET": "", "POST": ""}

    @extend_schema(operation_id="experts_me_recommendations_list", tags=TAGS_EXPERT, summary="我发出的推荐邀请",
                   responses={200: s.ExpertRecommendationSerializer(many=True), **ERRORS})
    def get(self, request):
        return self.page(self.own().recommendations.all(), s.ExpertRecommendationSerializer)

    @extend_schema(operation_id="experts_me_recommendations_create", tags=TAGS_EXPERT, summary="推荐专家（发送带邀请链接的邮件；入库后才可推荐）",
                   request=s.ExpertRecommendationSerializer, responses={201: s.ExpertRecommendationSerializer, **ERRORS})
    def post(self, request):
        expert = self.own()
        data = self.parse(s.ExpertRecommendationSerializer)
        invitation = services.recommendation_send(
            actor=request.user, recommender=expert, name=data["name"], email=data["email"], phone=data["phone"],
            join_url=tenant_url(reverse("h5:experts:join")),
        )
        return Response(s.ExpertRecommendationSerializer(invitation).data, status=status.HTTP_201_CREATED)


# --- expert side: profile, changes, leave, avoidance ---------------------------------------


class ExpertProfileAPI(_OwnExpertAPI):
    permission_map = {"GET": "", "PATCH": ""}

    @extend_schema(operation_id="experts_me_profile", tags=TAGS_EXPERT, summary="我的资料（手机号、证件号、银行账号脱敏）",
                   responses={200: s.ExpertOwnProfileSerializer, **ERRORS})
    def get(self, request):
        return Response(own_profile(self.own()))

    @extend_schema(
        operation_id="experts_me_profile_update", tags=TAGS_EXPERT, summary="修改我的资料",
        description="普通字段立即生效；专家库设置的敏感字段（sensitive_fields）生成待审核的变更，通过后生效。每次修改都有变更记录。",
        request=s.ExpertProfileUpdateSerializer, responses={200: s.ExpertProfileUpdateResultSerializer, **ERRORS},
    )
    def patch(self, request):
        expert = self.own()
        values = self.parse(s.ExpertProfileUpdateSerializer)
        records = services.expert_change(actor=request.user, expert=expert, values=values, by_admin=False)
        return Response(s.ExpertProfileUpdateResultSerializer({"profile": own_profile(self.own()), "changes": records}).data)


class ExpertOwnChangeListAPI(_OwnExpertAPI):
    permission_map = {"GET": ""}

    @extend_schema(operation_id="experts_me_changes", tags=TAGS_EXPERT, summary="我的信息变更记录（变更前后对比）",
                   responses={200: s.ExpertOwnChangeSerializer(many=True), **ERRORS})
    def get(self, request):
        return self.page(self.own().changes.all(), s.ExpertOwnChangeSerializer)


class ExpertLeaveListAPI(_OwnExpertAPI):
    permission_map = {"GET": "", "POST": ""}

    @extend_schema(operation_id="experts_me_leaves_list", tags=TAGS_EXPERT, summary="我的长期请假", responses={200: s.ExpertLeaveSerializer(many=True), **ERRORS})
    def get(self, request):
        return self.page(self.own().leaves.all(), s.ExpertLeaveSerializer)

    @extend_schema(operation_id="experts_me_leaves_create", tags=TAGS_EXPERT, summary="申请长期请假（期间不被抽取，到期自动结束）",
                   request=s.ExpertLeaveSerializer, responses={201: s.ExpertLeaveSerializer, **ERRORS})
    def post(self, request):
        expert = self.own()
        data = self.parse(s.ExpertLeaveSerializer)
        leave = services.leave_create(actor=request.user, expert=expert, start_date=data["start_date"], end_date=data["end_date"],
                                      reason=data["reason"], note=data["note"])
        return Response(s.ExpertLeaveSerializer(leave).data, status=status.HTTP_201_CREATED)


class ExpertLeaveCancelAPI(_OwnExpertAPI):
    permission_map = {"POST": ""}

    @extend_schema(operation_id="experts_me_leaves_cancel", tags=TAGS_EXPERT, summary="提前销假", request=None, responses={200: s.ExpertLeaveSerializer, **ERRORS})
    def post(self, request, pk: int):
        leave = self.own().leaves.filter(pk=pk).first()
        if leave is None:
            raise NotFound("请假记录不存在。")
        return Response(s.ExpertLeaveSerializer(services.leave_cancel(actor=request.user, leave=leave)).data)


class ExpertAvoidanceListAPI(_OwnExpertAPI):
    permission_map = {"GET": "", "POST": ""}

    @extend_schema(operation_id="experts_me_avoidance_list", tags=TAGS_EXPERT, summary="我的回避单位（含自动维护的现任职单位）",
                   responses={200: s.ExpertAvoidanceUnitSerializer(many=True), **ERRORS})
    def get(self, request):
        return self.page(self.own().avoidance_units.all(), s.ExpertAvoidanceUnitSerializer)

    @extend_schema(operation_id="experts_me_avoidance_create", tags=TAGS_EXPERT, summary="添加回避单位",
                   request=s.ExpertAvoidanceUnitSerializer, responses={201: s.ExpertAvoidanceUnitSerializer, **ERRORS})
    def post(self, request):
        expert = self.own()
        data = self.parse(s.ExpertAvoidanceUnitSerializer)
        unit = services.avoidance_add(actor=request.user, expert=expert, name=data["name"], kind=data["kind"], note=data["note"])
        return Response(s.ExpertAvoidanceUnitSerializer(unit).data, status=status.HTTP_201_CREATED)


class ExpertAvoidanceDetailAPI(_OwnExpertAPI):
    permission_map = {"DELETE": ""}

    @extend_schema(operation_id="experts_me_avoidance_destroy", tags=TAGS_EXPERT, summary="删除回避单位（现任职单位不能删除）", responses={204: None, **ERRORS})
    def delete(self, request, pk: int):
        unit = self.own().avoidance_units.filter(pk=pk).first()
        if unit is None:
            raise NotFound("回避单位不存在。")
        services.avoidance_delete(actor=request.user, unit=unit)
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- expert side: confirmations, certificates, points --------------------------------------


class ExpertConfirmationListAPI(_OwnExpertAPI):
    permission_map = {"GET": ""}

    @extend_schema(operation_id="experts_me_confirmations", tags=TAGS_EXPERT, summary="我的信息确认（年度确认活动）",
                   responses={200: s.ExpertConfirmationSerializer(many=True), **ERRORS})
    def get(self, request):
        confirmations = self.own().confirmations.select_related("campaign").order_by("-campaign__created_at", "-id")
        return self.page(confirmations, s.ExpertConfirmationSerializer)


class ExpertConfirmAPI(_OwnExpertAPI):
    permission_map = {"POST": ""}

    @extend_schema(operation_id="experts_me_confirm", tags=TAGS_EXPERT, summary="确认我的信息无误（按期确认得积分；逾期冻结的随即解冻）",
                   request=None, responses={200: s.ExpertConfirmationSerializer, **ERRORS})
    def post(self, request, pk: int):
        confirmation = self.own().confirmations.filter(pk=pk).first()
        if confirmation is None:
            raise NotFound("确认记录不存在。")
        return Response(s.ExpertConfirmationSerializer(services.expert_confirm(token=confirmation.token)).data)


class ExpertOwnCertificateListAPI(_OwnExpertAPI):
    permission_map = {"GET": ""}

    @extend_schema(operation_id="experts_me_certificates", tags=TAGS_EXPERT, summary="我的证书（含 PDF 下载与验证地址）",
                   responses={200: s.ExpertCertificateSerializer(many=True), **ERRORS})
    def get(self, request):
        expert = self.own()

        def row(certificate):
            return certificate_row(request, certificate, name=expert.name, pdf_url=reverse("api:experts:my_certificate_pdf", args=[certificate.pk]))

        return self.page(expert.certificates.all(), s.ExpertCertificateSerializer, row)


class ExpertOwnCertificatePdfAPI(_OwnExpertAPI):
    permission_map = {"GET": ""}

    @extend_schema(operation_id="experts_me_certificate_pdf", tags=TAGS_EXPERT, summary="下载我的证书 PDF", responses=PDF_RESPONSE)
    def get(self, request, pk: int):
        certificate = self.own().certificates.select_related("template", "expert__expert_type").filter(pk=pk).first()
        if certificate is None:
            raise NotFound("证书不存在。")
        return certificate_pdf_response(request, certificate)


class ExpertOwnPointsAPI(_OwnExpertAPI):
    permission_map = {"GET": ""}

    @extend_schema(operation_id="experts_me_points", tags=TAGS_EXPERT, summary="我的积分明细（balance 为该笔后的余额）",
                   responses={200: s.ExpertPointEntrySerializer(many=True), **ERRORS})
    def get(self, request):
        return self.page(self.own().point_entries.all(), s.ExpertPointEntrySerializer)
