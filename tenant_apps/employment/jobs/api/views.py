"""Jobs API: the library and review for teachers, the public search for students' apps, the
linter as a service, announcements."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.response import Response

from core.api.base import TenantAPIMixin, error_responses
from core.errors import NotFound
from tenant_apps.employment.jobs import selectors, services
from tenant_apps.employment.jobs.api import serializers as s
from tenant_apps.employment.jobs.models import Announcement

TAGS = ["就业-职位与公告"]
SEARCH = [OpenApiParameter(name, str, description=label) for name, label in (
    ("q", "关键词（中文分词全文检索）"), ("kind", "full_time/internship"), ("place", "区划代码前缀（2/4/6 位）"), ("salary_from", "月薪不低于"),
    ("education", "学历"), ("unit", "面向的学院/专业 id"), ("tag", "标签 id"), ("employer", "单位 id"))]


class JobsAPI(TenantAPIMixin, generics.GenericAPIView):
    def parse(self, serializer_class) -> dict:
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def job(self, pk):
        job = selectors.job_get(pk=int(pk))
        if job is None:
            raise NotFound("职位不存在。")
        return job


class JobListAPI(JobsAPI):
    permission_map = {"GET": "employment_jobs.view_job"}
    serializer_class = s.JobOutputSerializer

    @extend_schema(operation_id="employment_job_list", summary="职位库（全部状态）", tags=TAGS,
                   parameters=[*SEARCH, OpenApiParameter("status", str)], responses={200: s.JobOutputSerializer(many=True), **error_responses(401, 403)})
    def get(self, request):
        page = self.paginate_queryset(selectors.job_library(search=selectors.JobSearch.from_query(request.query_params)))
        return self.get_paginated_response(s.JobOutputSerializer(page, many=True).data)


class JobPublicListAPI(JobsAPI):
    permission_map = {"GET": ""}  # every signed-in user of the school (students' apps)
    serializer_class = s.JobPublicSerializer

    @extend_schema(operation_id="employment_job_public_search", summary="学生职位搜索（已发布、未过期）", tags=TAGS, parameters=SEARCH,
                   responses={200: s.JobPublicSerializer(many=True), **error_responses(401)})
    def get(self, request):
        page = self.paginate_queryset(selectors.job_public_search(search=selectors.JobSearch.from_query(request.query_params)))
        return self.get_paginated_response(s.JobPublicSerializer(page, many=True).data)


class JobDetailAPI(JobsAPI):
    permission_map = {"GET": "employment_jobs.view_job"}
    serializer_class = s.JobOutputSerializer

    @extend_schema(operation_id="employment_job_get", summary="职位详情（含用语检查提示）", tags=TAGS,
                   responses={200: s.JobOutputSerializer, **error_responses(401, 403, 404)})
    def get(self, request, pk):
        return Response(s.JobOutputSerializer(self.job(pk)).data)


class JobReviewAPI(JobsAPI):
    permission_map = {"POST": "employment_jobs.review_job"}
    serializer_class = s.JobReviewInputSerializer

    @extend_schema(operation_id="employment_job_review", summary="审核职位：提问、通过、不通过或关闭", tags=TAGS, request=s.JobReviewInputSerializer,
                   responses={200: s.JobOutputSerializer, **error_responses(400, 401, 403, 404, 409)})
    def post(self, request, pk):
        job = self.job(pk)
        data = self.parse(s.JobReviewInputSerializer)
        action, text = data["action"], data["text"]
        if action == "comment":
            services.job_comment_add(actor=request.user, job=job, body=text, from_school=True)
        elif action == "approve":
            services.job_approve(actor=request.user, job=job, note=text)
        elif action == "decline":
            services.job_decline(actor=request.user, job=job, reason=text)
        else:
            services.job_close(actor=request.user, job=job, reason=text or "学校关闭")
        return Response(s.JobOutputSerializer(self.job(pk)).data)


class JobLintAPI(JobsAPI):
    permission_map = {"POST": ""}
    serializer_class = s.JobLintInputSerializer

    @extend_schema(operation_id="employment_job_lint", summary="职位用语检查（反就业歧视）", tags=TAGS, request=s.JobLintInputSerializer,
                   responses={200: s.JobLintHitSerializer(many=True), **error_responses(400, 401)})
    def post(self, request):
        data = self.parse(s.JobLintInputSerializer)
        hits = services.job_lint(data=data, employer_nature=data.get("employer_nature", ""))
        return Response(s.JobLintHitSerializer([hit.as_dict() for hit in hits], many=True).data)


class AnnouncementListAPI(JobsAPI):
    permission_map = {"GET": "employment_jobs.view_announcement", "POST": "employment_jobs.add_announcement"}
    serializer_class = s.AnnouncementSerializer

    @extend_schema(operation_id="employment_announcement_list", summary="校招公告", tags=TAGS,
                   parameters=[OpenApiParameter("status", str), OpenApiParameter("kind", str), OpenApiParameter("q", str)],
                   responses={200: s.AnnouncementSerializer(many=True), **error_responses(401, 403)})
    def get(self, request):
        params = request.query_params
        page = self.paginate_queryset(selectors.announcement_list(status=params.get("status", ""), kind=params.get("kind", ""), q=params.get("q", "")))
        return self.get_paginated_response(s.AnnouncementSerializer(page, many=True).data)

    @extend_schema(operation_id="employment_announcement_create", summary="老师发布公告（直接发布）", tags=TAGS, request=s.AnnouncementSerializer,
                   responses={201: s.AnnouncementSerializer, **error_responses(400, 401, 403)})
    def post(self, request):
        announcement = services.announcement_create(actor=request.user, **self.parse(s.AnnouncementSerializer))
        return Response(s.AnnouncementSerializer(announcement).data, status=status.HTTP_201_CREATED)


class AnnouncementReviewAPI(JobsAPI):
    permission_map = {"POST": "employment_jobs.review_announcement"}
    serializer_class = s.AnnouncementReviewInputSerializer

    @extend_schema(operation_id="employment_announcement_review", summary="审核单位公告", tags=TAGS, request=s.AnnouncementReviewInputSerializer,
                   responses={200: s.AnnouncementSerializer, **error_responses(400, 401, 403, 404, 409)})
    def post(self, request, pk):
        announcement = Announcement.objects.filter(pk=pk).first()
        if announcement is None:
            raise NotFound("公告不存在。")
        data = self.parse(s.AnnouncementReviewInputSerializer)
        announcement = services.announcement_review(actor=request.user, announcement=announcement, approve=data["approve"], reason=data["reason"])
        return Response(s.AnnouncementSerializer(announcement).data)


class JobComplaintAPI(JobsAPI):
    permission_map = {"POST": ""}  # a signed-in student reports a live posting
    serializer_class = s.ComplaintInputSerializer

    @extend_schema(operation_id="employment_job_complain", summary="学生投诉虚假职位", tags=TAGS, request=s.ComplaintInputSerializer,
                   responses={201: s.ComplaintOutputSerializer, **error_responses(400, 401, 404, 409)})
    def post(self, request, pk):
        job = selectors.job_public_get(pk=int(pk))
        if job is None:
            raise NotFound("职位不存在。")
        complaint = services.complaint_create(student=request.user, job=job, **self.parse(s.ComplaintInputSerializer))
        return Response(s.ComplaintOutputSerializer(complaint).data, status=status.HTTP_201_CREATED)


class JobComplaintResolveAPI(JobsAPI):
    permission_map = {"POST": "employment_jobs.change_jobcomplaint"}
    serializer_class = s.ComplaintResolveInputSerializer

    @extend_schema(operation_id="employment_job_complaints_resolve", summary="处理职位的全部待处理投诉", tags=TAGS, request=s.ComplaintResolveInputSerializer,
                   responses={200: s.ComplaintResolveOutputSerializer, **error_responses(400, 401, 403, 404, 409)})
    def post(self, request, pk):
        job = self.job(pk)
        data = self.parse(s.ComplaintResolveInputSerializer)
        count = services.complaints_resolve(actor=request.user, job=job, upheld=data["upheld"], resolution=data["resolution"])
        return Response(s.ComplaintResolveOutputSerializer({"resolved": count, "job_status": self.job(pk).status}).data)
