"""Application API (E8): students apply and follow; HR lists applicants, opens resumes (each
opening recorded), decides one or many, starts a conversation; teachers read applications in
their scope and set the no-response days; anyone signed in reads an employer's responsiveness."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.response import Response

from core.api.base import TenantAPIMixin, error_responses
from core.errors import NotFound, PermissionDenied
from tenant_apps.employment.applications import selectors, services
from tenant_apps.employment.applications.api import serializers as s
from tenant_apps.employment.employers.selectors import employer_for_user

TAGS = ["就业-职位申请"]
FILTERS = [OpenApiParameter("q", str, description="学生姓名或职位"), OpenApiParameter("status", str), OpenApiParameter("job", int),
           OpenApiParameter("major", str), OpenApiParameter("viewed", str, enum=["yes", "no"])]


class ApplicationAPI(TenantAPIMixin, generics.GenericAPIView):
    def parse(self, serializer_class) -> dict:
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def employer(self):
        employer = employer_for_user(self.request.user)
        if employer is None:
            raise PermissionDenied("仅用人单位 HR 可以使用。")
        return employer

    def applicant(self, pk):
        application = selectors.applicant_of(employer=self.employer(), pk=int(pk))
        if application is None:
            raise NotFound("申请不存在。")
        return application


class MyApplicationListAPI(ApplicationAPI):
    permission_map = {"GET": "", "POST": ""}  # the student's own applications
    serializer_class = s.ApplicationSummarySerializer

    @extend_schema(operation_id="employment_applications_mine_list", summary="我的申请", tags=TAGS, parameters=[OpenApiParameter("status", str)],
                   responses={200: s.ApplicationSummarySerializer(many=True), **error_responses(401)})
    def get(self, request):
        queryset = selectors.applications_of_student(student=request.user, status=request.query_params.get("status", "")).select_related("student")
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(s.ApplicationSummarySerializer(page, many=True).data)

    @extend_schema(operation_id="employment_applications_submit", summary="投递简历（当前版本）", tags=TAGS, request=s.ApplicationSubmitSerializer,
                   responses={201: s.ApplicationDetailSerializer, **error_responses(400, 401, 403, 404, 409)})
    def post(self, request):
        data = self.parse(s.ApplicationSubmitSerializer)
        application = services.application_submit(actor=request.user, job_id=data["job"], resume_id=data.get("resume"),
                                                   attachment_id=data.get("attachment"), cover_note=data.get("cover_note", ""),
                                                   fair_id=data.get("fair_id"))
        return Response(s.ApplicationDetailSerializer(application).data, status=status.HTTP_201_CREATED)


class MyApplicationDetailAPI(ApplicationAPI):
    permission_map = {"GET": ""}
    serializer_class = s.ApplicationDetailSerializer

    @extend_schema(operation_id="employment_applications_mine_get", summary="我的一份申请及进度", tags=TAGS,
                   responses={200: s.ApplicationDetailSerializer, **error_responses(401, 404)})
    def get(self, request, pk):
        application = selectors.application_of_student(student=request.user, pk=int(pk))
        if application is None:
            raise NotFound("申请不存在。")
        return Response(s.ApplicationDetailSerializer(application).data)


class MyApplicationWithdrawAPI(ApplicationAPI):
    permission_map = {"POST": ""}
    serializer_class = s.ApplicationDetailSerializer

    @extend_schema(operation_id="employment_applications_withdraw", summary="撤回申请", tags=TAGS, request=None,
                   responses={200: s.ApplicationDetailSerializer, **error_responses(401, 404, 409)})
    def post(self, request, pk):
        application = selectors.application_of_student(student=request.user, pk=int(pk))
        if application is None:
            raise NotFound("申请不存在。")
        return Response(s.ApplicationDetailSerializer(services.application_withdraw(actor=request.user, application=application)).data)


class ApplicantListAPI(ApplicationAPI):
    permission_map = {"GET": ""}  # HR of an employer only (checked in the view)
    serializer_class = s.ApplicationSummarySerializer

    @extend_schema(operation_id="employment_applications_applicant_list", summary="本单位收到的申请（HR）", tags=TAGS, parameters=FILTERS,
                   responses={200: s.ApplicationSummarySerializer(many=True), **error_responses(401, 403)})
    def get(self, request):
        queryset = selectors.applicants_of(employer=self.employer(), search=selectors.ApplicantSearch.from_query(request.query_params))
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(s.ApplicationSummarySerializer(page, many=True).data)


class ApplicantDetailAPI(ApplicationAPI):
    permission_map = {"GET": ""}
    serializer_class = s.ApplicantDetailSerializer

    @extend_schema(operation_id="employment_applications_applicant_get", summary="打开一份申请的简历（记为已查看）", tags=TAGS,
                   responses={200: s.ApplicantDetailSerializer, **error_responses(401, 403, 404)})
    def get(self, request, pk):
        application = self.applicant(pk)
        services.application_open(actor=request.user, application=application)
        application.refresh_from_db()
        return Response(s.ApplicantDetailSerializer(application).data)


class ApplicantDecideAPI(ApplicationAPI):
    permission_map = {"POST": ""}
    serializer_class = s.ApplicationDecideSerializer

    @extend_schema(operation_id="employment_applications_decide", summary="邀请面试、录用或不合适（单个或批量）", tags=TAGS,
                   request=s.ApplicationDecideSerializer, responses={200: s.ApplicationDecideResultSerializer, **error_responses(400, 401, 403, 409)})
    def post(self, request):
        data = self.parse(s.ApplicationDecideSerializer)
        changed = services.applications_decide(actor=request.user, employer=self.employer(), application_ids=data["ids"], decision=data["decision"],
                                               interview_at=data.get("interview_at"), interview_place=data.get("interview_place", ""),
                                               interview_link=data.get("interview_link", ""), note=data.get("note", ""))
        return Response({"changed": changed})


class ApplicantConversationAPI(ApplicationAPI):
    permission_map = {"POST": ""}
    serializer_class = s.ApplicationConversationSerializer

    @extend_schema(operation_id="employment_applications_start_conversation", summary="HR 就该申请与学生发起会话（已有则返回原会话）", tags=TAGS,
                   request=None, responses={201: s.ApplicationConversationSerializer, **error_responses(401, 403, 404, 409)})
    def post(self, request, pk):
        from tenant_apps.employment.chat.services import conversation_start_by_employer

        conversation = conversation_start_by_employer(actor=request.user, application=self.applicant(pk))
        return Response({"conversation": conversation.pk}, status=status.HTTP_201_CREATED)


class SchoolApplicationListAPI(ApplicationAPI):
    permission_map = {"GET": "employment_applications.view_application"}
    serializer_class = s.ApplicationSummarySerializer

    @extend_schema(operation_id="employment_applications_school_list", summary="所辖学生的申请（老师）", tags=TAGS, parameters=FILTERS,
                   responses={200: s.ApplicationSummarySerializer(many=True), **error_responses(401, 403)})
    def get(self, request):
        page = self.paginate_queryset(selectors.applications_in_scope(actor=request.user, search=selectors.ApplicantSearch.from_query(request.query_params)))
        return self.get_paginated_response(s.ApplicationSummarySerializer(page, many=True).data)


class SchoolApplicationDetailAPI(ApplicationAPI):
    permission_map = {"GET": "employment_applications.view_application"}
    serializer_class = s.ApplicationDetailSerializer

    @extend_schema(operation_id="employment_applications_school_get", summary="申请详情及进度（老师）", tags=TAGS,
                   responses={200: s.ApplicationDetailSerializer, **error_responses(401, 403, 404)})
    def get(self, request, pk):
        application = selectors.application_in_scope(actor=request.user, pk=int(pk))
        if application is None:
            raise NotFound("申请不存在。")
        return Response(s.ApplicationDetailSerializer(application).data)


class ApplicationSettingsAPI(ApplicationAPI):
    permission_map = {"GET": "employment_applications.manage_application_settings", "PUT": "employment_applications.manage_application_settings"}
    serializer_class = s.ApplicationSettingsSerializer

    @extend_schema(operation_id="employment_applications_settings_get", summary="未回复判定天数", tags=TAGS,
                   responses={200: s.ApplicationSettingsSerializer, **error_responses(401, 403)})
    def get(self, request):
        return Response(s.ApplicationSettingsSerializer(selectors.settings_get()).data)

    @extend_schema(operation_id="employment_applications_settings_save", summary="设置未回复判定天数", tags=TAGS, request=s.ApplicationSettingsSerializer,
                   responses={200: s.ApplicationSettingsSerializer, **error_responses(400, 401, 403)})
    def put(self, request):
        data = self.parse(s.ApplicationSettingsSerializer)
        return Response(s.ApplicationSettingsSerializer(services.settings_save(actor=request.user, no_response_days=data["no_response_days"])).data)


class EmployerResponsivenessAPI(ApplicationAPI):
    permission_map = {"GET": ""}
    serializer_class = s.EmployerResponsivenessSerializer

    @extend_schema(operation_id="employment_applications_employer_responsiveness", summary="单位的简历回复率与首次处理中位用时", tags=TAGS,
                   responses={200: s.EmployerResponsivenessSerializer, **error_responses(401, 404)})
    def get(self, request, employer_pk):
        from tenant_apps.employment.employers.selectors import employer_public_get

        if employer_public_get(pk=int(employer_pk)) is None:
            raise NotFound("单位不存在。")
        r = selectors.responsiveness_of(employer_id=int(employer_pk))
        return Response({"employer": int(employer_pk), "considered": r.considered, "answered": r.answered, "answered_share": r.answered_share,
                         "median_days": r.median_days, "has_sample": r.has_sample})
