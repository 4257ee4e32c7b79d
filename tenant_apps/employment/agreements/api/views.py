"""Agreements API, the peer of every page: teachers (list, queue, detail, review, termination
decision), the employer (invite, its agreements, withdraw, seal), the graduate (its agreements,
answer), both parties (termination, PDF) and the public verification of a printed agreement."""

from __future__ import annotations

import datetime

from django.http import HttpResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from core.api.base import TenantAPIMixin, error_responses
from core.errors import NotFound, PermissionDenied
from core.masking import mask_name
from tenant_apps.employment.agreements import selectors, services
from tenant_apps.employment.agreements.api import serializers as s
from tenant_apps.employment.agreements.models import Agreement

TAGS = ["就业-网签三方协议"]
SEARCH = [OpenApiParameter(name, str, description=label) for name, label in (
    ("q", "协议编号/学号/姓名/单位/岗位"), ("status", "状态"), ("year", "毕业年份"), ("unit", "组织机构 id（含下级）"))]
TERM_KEYS = tuple(s.AgreementsTermsSerializer().fields)


class AgreementsAPI(TenantAPIMixin, generics.GenericAPIView):
    serializer_class = s.AgreementsAgreementSerializer
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def parse(self, serializer_class) -> dict:
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def staff_agreement(self, pk) -> Agreement:
        agreement = selectors.agreement_get(actor=self.request.user, pk=int(pk))
        if agreement is None:
            raise NotFound("协议不存在。")
        return agreement

    def employer(self):
        from tenant_apps.employment.employers.selectors import employer_for_user

        employer = employer_for_user(self.request.user)
        if employer is None:
            raise PermissionDenied("仅限用人单位 HR 账号。")
        return employer

    def output(self, agreement: Agreement, code: int = status.HTTP_200_OK) -> Response:
        return Response(s.AgreementsAgreementSerializer(agreement).data, status=code)


# --- teachers ------------------------------------------------------------------------------------


class AgreementListAPI(AgreementsAPI):
    permission_map = {"GET": selectors.VIEW}

    @extend_schema(operation_id="employment_agreement_list", summary="网签协议（数据范围内）", tags=TAGS, parameters=SEARCH,
                   responses={200: s.AgreementsAgreementSerializer(many=True), **error_responses(401, 403)})
    def get(self, request):
        page = self.paginate_queryset(selectors.agreement_list(actor=request.user, search=selectors.AgreementSearch.from_query(request.query_params)))
        return self.get_paginated_response(s.AgreementsAgreementSerializer(page, many=True).data)


class AgreementQueueAPI(AgreementsAPI):
    permission_map = {"GET": selectors.VIEW}

    @extend_schema(operation_id="employment_agreement_queue", summary="待我审核的协议与解约", tags=TAGS, parameters=SEARCH,
                   responses={200: s.AgreementsAgreementSerializer(many=True), **error_responses(401, 403)})
    def get(self, request):
        page = self.paginate_queryset(selectors.review_queue(actor=request.user, search=selectors.AgreementSearch.from_query(request.query_params)))
        return self.get_paginated_response(s.AgreementsAgreementSerializer(page, many=True).data)


class AgreementDetailAPI(AgreementsAPI):
    permission_map = {"GET": selectors.VIEW}

    @extend_schema(operation_id="employment_agreement_get", summary="协议详情", tags=TAGS,
                   responses={200: s.AgreementsAgreementSerializer, **error_responses(401, 403, 404)})
    def get(self, request, pk):
        return self.output(self.staff_agreement(pk))


class AgreementReviewAPI(AgreementsAPI):
    permission_map = {"POST": selectors.VIEW}  # the level's own permission is checked by the service

    @extend_schema(operation_id="employment_agreement_review", summary="学院/学校审核（学校通过即签约）", tags=TAGS, request=s.AgreementsReviewSerializer,
                   responses={200: s.AgreementsAgreementSerializer, **error_responses(400, 401, 403, 404, 409)})
    def post(self, request, pk):
        agreement = self.staff_agreement(pk)
        data = self.parse(s.AgreementsReviewSerializer)
        return self.output(services.agreement_review(actor=request.user, agreement=agreement, level=data["level"], approve=data["approve"],
                                                     reason=data["reason"]))


class AgreementTerminationDecisionAPI(AgreementsAPI):
    permission_map = {"POST": selectors.SCHOOL}

    @extend_schema(operation_id="employment_agreement_termination_decide", summary="学校审核解约（同意须有解约证明）", tags=TAGS,
                   request={"multipart/form-data": s.AgreementsTerminationDecisionSerializer, "application/json": s.AgreementsTerminationDecisionSerializer},
                   responses={200: s.AgreementsAgreementSerializer, **error_responses(400, 401, 403, 404, 409)})
    def post(self, request, pk):
        agreement = self.staff_agreement(pk)
        data = self.parse(s.AgreementsTerminationDecisionSerializer)
        return self.output(services.termination_decide(actor=request.user, agreement=agreement, approve=data["approve"], reason=data["reason"],
                                                       proof=data.get("proof")))


# --- the employer --------------------------------------------------------------------------------


class EmployerAgreementListAPI(AgreementsAPI):
    permission_map = {"GET": "", "POST": ""}  # an employer's HR account, checked in employer()

    @extend_schema(operation_id="employment_agreement_employer_list", summary="本单位的网签协议（单位 HR）", tags=TAGS,
                   parameters=[OpenApiParameter("status", str), OpenApiParameter("q", str)],
                   responses={200: s.AgreementsAgreementSerializer(many=True), **error_responses(401, 403)})
    def get(self, request):
        queryset = selectors.employer_agreements(employer=self.employer(), status=request.query_params.get("status", ""),
                                                 q=request.query_params.get("q", "").strip())
        page = self.paginate_queryset(queryset.select_related("employer"))
        return self.get_paginated_response(s.AgreementsAgreementSerializer(page, many=True).data)

    @extend_schema(operation_id="employment_agreement_invite", summary="邀请学生签约（学号+姓名，附约定条款与有效期）", tags=TAGS,
                   request=s.AgreementsInviteSerializer, responses={201: s.AgreementsAgreementSerializer, **error_responses(400, 401, 403, 404, 409)})
    def post(self, request):
        employer = self.employer()
        data = self.parse(s.AgreementsInviteSerializer)
        terms = services.AgreementTerms(**{key: data[key] for key in TERM_KEYS})
        agreement = services.agreement_invite(actor=request.user, employer=employer, student_number=data["student_number"],
                                              student_name=data["student_name"], terms=terms,
                                              valid_until=timezone.now() + datetime.timedelta(days=data["valid_days"]))
        return self.output(agreement, status.HTTP_201_CREATED)


class EmployerAgreementDetailAPI(AgreementsAPI):
    permission_map = {"GET": ""}

    @extend_schema(operation_id="employment_agreement_employer_get", summary="本单位的一份协议", tags=TAGS,
                   responses={200: s.AgreementsAgreementSerializer, **error_responses(401, 403, 404)})
    def get(self, request, pk):
        agreement = selectors.employer_agreement_get(employer=self.employer(), pk=int(pk))
        if agreement is None:
            raise NotFound("协议不存在。")
        return self.output(agreement)


class EmployerAgreementWithdrawAPI(AgreementsAPI):
    permission_map = {"POST": ""}

    @extend_schema(operation_id="employment_agreement_withdraw", summary="撤回未答复的邀约", tags=TAGS, request=None,
                   responses={200: s.AgreementsAgreementSerializer, **error_responses(401, 403, 404, 409)})
    def post(self, request, pk):
        agreement = selectors.employer_agreement_get(employer=self.employer(), pk=int(pk))
        if agreement is None:
            raise NotFound("协议不存在。")
        return self.output(services.agreement_withdraw(actor=request.user, agreement=agreement))


class EmployerSealAPI(AgreementsAPI):
    permission_map = {"POST": ""}
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(operation_id="employment_agreement_seal_upload", summary="上传/更换单位公章图片", tags=TAGS,
                   request={"multipart/form-data": s.AgreementsSealSerializer},
                   responses={200: s.AgreementsSealOutputSerializer, **error_responses(400, 401, 403)})
    def post(self, request):
        employer = self.employer()
        seal = services.seal_upload(actor=request.user, employer=employer, image=request.FILES.get("image"))
        return Response(s.AgreementsSealOutputSerializer(seal).data)


# --- the graduate --------------------------------------------------------------------------------


class MyAgreementListAPI(AgreementsAPI):
    permission_map = {"GET": ""}

    @extend_schema(operation_id="employment_agreement_mine", summary="我的签约邀请与协议（学生）", tags=TAGS,
                   responses={200: s.AgreementsAgreementSerializer(many=True), **error_responses(401)})
    def get(self, request):
        page = self.paginate_queryset(selectors.student_agreements(user=request.user))
        return self.get_paginated_response(s.AgreementsAgreementSerializer(page, many=True).data)


class MyAgreementDetailAPI(AgreementsAPI):
    permission_map = {"GET": ""}

    @extend_schema(operation_id="employment_agreement_mine_get", summary="我的一份协议（学生）", tags=TAGS,
                   responses={200: s.AgreementsAgreementSerializer, **error_responses(401, 404)})
    def get(self, request, pk):
        agreement = selectors.student_agreement_get(user=request.user, pk=int(pk))
        if agreement is None:
            raise NotFound("协议不存在。")
        return self.output(agreement)


class MyAgreementAnswerAPI(AgreementsAPI):
    permission_map = {"POST": ""}

    @extend_schema(operation_id="employment_agreement_answer", summary="接受或拒绝邀约（有效期内）", tags=TAGS, request=s.AgreementsAnswerSerializer,
                   responses={200: s.AgreementsAgreementSerializer, **error_responses(400, 401, 404, 409)})
    def post(self, request, pk):
        agreement = selectors.student_agreement_get(user=request.user, pk=int(pk))
        if agreement is None:
            raise NotFound("协议不存在。")
        data = self.parse(s.AgreementsAnswerSerializer)
        return self.output(services.agreement_answer(actor=request.user, agreement=agreement, accept=data["accept"], reason=data["reason"]))


# --- both parties --------------------------------------------------------------------------------


def _party_agreement(user, pk: int) -> Agreement:
    from tenant_apps.employment.employers.selectors import employer_for_user

    agreement = selectors.student_agreement_get(user=user, pk=pk)
    if agreement is None:
        employer = employer_for_user(user)
        agreement = selectors.employer_agreement_get(employer=employer, pk=pk) if employer is not None else None
    if agreement is None:
        raise NotFound("协议不存在。")
    return agreement


class AgreementTerminationAPI(AgreementsAPI):
    permission_map = {"POST": ""}  # a party of the agreement (graduate or employer HR)

    @extend_schema(operation_id="employment_agreement_termination", summary="当事方申请解约，或答复对方的解约申请", tags=TAGS,
                   request={"multipart/form-data": s.AgreementsTerminationSerializer, "application/json": s.AgreementsTerminationSerializer},
                   responses={200: s.AgreementsAgreementSerializer, **error_responses(400, 401, 403, 404, 409)})
    def post(self, request, pk):
        agreement = _party_agreement(request.user, int(pk))
        data = self.parse(s.AgreementsTerminationSerializer)
        if data["action"] == "start":
            agreement = services.termination_start(actor=request.user, agreement=agreement, reason=data["reason"], proof=data.get("proof"))
        else:
            agreement = services.termination_answer(actor=request.user, agreement=agreement, agree=data["action"] == "agree", reason=data["reason"],
                                                    proof=data.get("proof"))
        return self.output(agreement)


class AgreementPDFAPI(AgreementsAPI):
    permission_map = {"GET": ""}  # the parties and teachers who see the graduate, checked below

    @extend_schema(operation_id="employment_agreement_pdf", summary="协议书 PDF（签约后为存档文件，之前为预览）", tags=TAGS,
                   responses={(200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY), **error_responses(401, 404)})
    def get(self, request, pk):
        agreement = Agreement.objects.select_related("employer", "record", "record__org_unit").filter(pk=int(pk)).first()
        if agreement is None or not selectors.may_download_agreement_file(request.user, agreement):
            raise NotFound("协议不存在。")
        response = HttpResponse(services.document_bytes(agreement=agreement), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{agreement.number}.pdf"'
        response["Cache-Control"] = "private, no-store"
        return response


# --- anybody --------------------------------------------------------------------------------------


class AgreementVerifyAPI(AgreementsAPI):
    """dangerously_unauthenticated: the public check of a printed agreement. It needs the number
    and the 64-character hash printed on it, and answers with no personal data but a masked name."""

    permission_classes = [AllowAny]
    permission_map = {"GET": ""}

    @extend_schema(operation_id="employment_agreement_verify", summary="协议真伪核验（无需登录）", tags=TAGS,
                   parameters=[OpenApiParameter("number", str, required=True), OpenApiParameter("hash", str, required=True)],
                   responses={200: s.AgreementsVerifyOutputSerializer, **error_responses(404)})
    def get(self, request):
        agreement = services.agreement_verify(number=request.query_params.get("number", ""), digest=request.query_params.get("hash", ""))
        return Response(s.AgreementsVerifyOutputSerializer({
            "number": agreement.number, "student": mask_name(agreement.record.name), "employer": agreement.employer.name, "status": agreement.status,
            "signed_at": agreement.signed_at, "terminated_at": agreement.terminated_at}).data)
