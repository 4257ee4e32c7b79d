"""Resume API (E8, E15): the student's resumes (edit, versions, compare, PDF, attachments) and
teachers' guidance on resumes in their data scope."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from core.api.base import TenantAPIMixin, error_responses
from core.errors import NotFound
from tenant_apps.employment.resumes import selectors, services
from tenant_apps.employment.resumes.api import serializers as s
from tenant_apps.employment.resumes.documents import pdf_http_response

TAGS = ["就业-简历"]
PAGE_PARAMS = [OpenApiParameter("a", int, description="左侧版本号"), OpenApiParameter("b", int, description="右侧版本号")]


class ResumeAPI(TenantAPIMixin, generics.GenericAPIView):
    def parse(self, serializer_class) -> dict:
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def own(self, pk):
        resume = selectors.resume_of(student=self.request.user, pk=int(pk))
        if resume is None:
            raise NotFound("简历不存在。")
        return resume

    def scoped(self, pk):
        resume = selectors.resume_get(actor=self.request.user, pk=int(pk))
        if resume is None:
            raise NotFound("简历不存在。")
        return resume

    def detail(self, resume, *, reveal=True):
        profile = selectors.profile_for(student=resume.student, reveal=reveal)
        return s.ResumeDetailSerializer(resume, context={"profile": profile, "user": self.request.user}).data


def compare_payload(resume, params) -> dict:
    context = selectors.compare_context(resume, params)
    return {"left": context["left"].number if context["left"] else 0, "right": context["right"].number if context["right"] else 0,
            "versions": s.ResumeVersionSerializer(context["versions"], many=True).data,
            "sections": s.ResumeDiffSectionSerializer(context["diff"], many=True).data}


class MyResumeListAPI(ResumeAPI):
    permission_map = {"GET": "", "POST": ""}  # the student's own resumes
    serializer_class = s.ResumeSummarySerializer

    @extend_schema(operation_id="employment_resumes_mine_list", summary="我的简历", tags=TAGS,
                   responses={200: s.ResumeSummarySerializer(many=True), **error_responses(401)})
    def get(self, request):
        page = self.paginate_queryset(selectors.resumes_of(student=request.user).select_related("student"))
        return self.get_paginated_response(s.ResumeSummarySerializer(page, many=True).data)

    @extend_schema(operation_id="employment_resumes_mine_create", summary="新建简历（教育经历按生源信息预填）", tags=TAGS,
                   request=s.ResumeWriteSerializer, responses={201: s.ResumeDetailSerializer, **error_responses(400, 401, 403, 409)})
    def post(self, request):
        data = self.parse(s.ResumeWriteSerializer)
        resume = services.resume_create(actor=request.user, title=data.get("title", ""), layout=data.get("layout", "classic"),
                                        sections=data.get("sections"))
        return Response(self.detail(resume), status=status.HTTP_201_CREATED)


class MyResumeDetailAPI(ResumeAPI):
    permission_map = {"GET": "", "PUT": "", "DELETE": ""}
    serializer_class = s.ResumeDetailSerializer

    @extend_schema(operation_id="employment_resumes_mine_get", summary="我的一份简历（个人信息来自生源信息，只读）", tags=TAGS,
                   responses={200: s.ResumeDetailSerializer, **error_responses(401, 404)})
    def get(self, request, pk):
        return Response(self.detail(self.own(pk)))

    @extend_schema(operation_id="employment_resumes_mine_save", summary="保存简历（内容有变化时生成新版本）", tags=TAGS,
                   request=s.ResumeWriteSerializer, responses={200: s.ResumeDetailSerializer, **error_responses(400, 401, 403, 404)})
    def put(self, request, pk):
        resume = self.own(pk)
        data = self.parse(s.ResumeWriteSerializer)
        sections = data.get("sections")
        if sections is None:
            sections = dict(resume.current_version.sections) if resume.current_version else {}
        services.resume_save(actor=request.user, resume=resume, sections=sections, title=data.get("title"), layout=data.get("layout"),
                             note=data.get("note", ""))
        return Response(self.detail(self.own(pk)))

    @extend_schema(operation_id="employment_resumes_mine_delete", summary="删除简历（已投递的不能删除）", tags=TAGS,
                   responses={204: None, **error_responses(401, 404, 409)})
    def delete(self, request, pk):
        services.resume_delete(actor=request.user, resume=self.own(pk))
        return Response(status=status.HTTP_204_NO_CONTENT)


class MyResumeCompareAPI(ResumeAPI):
    permission_map = {"GET": ""}
    serializer_class = s.ResumeCompareSerializer

    @extend_schema(operation_id="employment_resumes_mine_compare", summary="版本对比（默认：最近被批注的版本 对比 当前版本）", tags=TAGS,
                   parameters=PAGE_PARAMS, responses={200: s.ResumeCompareSerializer, **error_responses(401, 404)})
    def get(self, request, pk):
        return Response(compare_payload(self.own(pk), request.query_params))


class MyResumePdfAPI(ResumeAPI):
    permission_map = {"GET": ""}

    @extend_schema(operation_id="employment_resumes_mine_pdf", summary="简历 PDF", tags=TAGS,
                   parameters=[OpenApiParameter("layout", str, enum=["classic", "sidebar", "compact"]), OpenApiParameter("v", int, description="版本号")],
                   responses={(200, "application/pdf"): OpenApiTypes.BINARY, **error_responses(401, 404)})
    def get(self, request, pk):
        resume = self.own(pk)
        return pdf_http_response(resume, request.query_params, profile=selectors.profile_for(student=request.user))


class MyResumeAttachmentAPI(ResumeAPI):
    permission_map = {"POST": ""}
    parser_classes = [MultiPartParser, FormParser]
    serializer_class = s.ResumeAttachmentUploadSerializer

    @extend_schema(operation_id="employment_resumes_attachment_add", summary="上传简历附件", tags=TAGS,
                   request={"multipart/form-data": s.ResumeAttachmentUploadSerializer},
                   responses={201: s.ResumeAttachmentSerializer, **error_responses(400, 401, 404, 409)})
    def post(self, request, pk):
        data = self.parse(s.ResumeAttachmentUploadSerializer)
        attachment = services.attachment_add(actor=request.user, resume=self.own(pk), upload=data["file"], name=data.get("name", ""))
        return Response(s.ResumeAttachmentSerializer(attachment, context={"user": request.user}).data, status=status.HTTP_201_CREATED)


class MyResumeAttachmentDeleteAPI(ResumeAPI):
    permission_map = {"DELETE": ""}

    @extend_schema(operation_id="employment_resumes_attachment_delete", summary="删除简历附件", tags=TAGS,
                   responses={204: None, **error_responses(401, 404)})
    def delete(self, request, pk, attachment_pk):
        attachment = self.own(pk).attachments.filter(pk=attachment_pk).first()
        if attachment is None:
            raise NotFound("附件不存在。")
        services.attachment_delete(actor=request.user, attachment=attachment)
        return Response(status=status.HTTP_204_NO_CONTENT)


class GuidanceListAPI(ResumeAPI):
    permission_map = {"GET": "employment_resumes.view_resume"}
    serializer_class = s.ResumeSummarySerializer

    @extend_schema(operation_id="employment_resumes_guidance_list", summary="所辖学生的简历（简历指导）", tags=TAGS,
                   parameters=[OpenApiParameter("q", str), OpenApiParameter("status", str), OpenApiParameter("guidance", str, enum=["open", "none"])],
                   responses={200: s.ResumeSummarySerializer(many=True), **error_responses(401, 403)})
    def get(self, request):
        page = self.paginate_queryset(selectors.resume_list(actor=request.user, search=selectors.ResumeSearch.from_query(request.query_params)))
        return self.get_paginated_response(s.ResumeSummarySerializer(page, many=True).data)


class GuidanceDetailAPI(ResumeAPI):
    permission_map = {"GET": "employment_resumes.view_resume"}
    serializer_class = s.ResumeDetailSerializer

    @extend_schema(operation_id="employment_resumes_guidance_get", summary="学生简历详情（老师）", tags=TAGS,
                   responses={200: s.ResumeDetailSerializer, **error_responses(401, 403, 404)})
    def get(self, request, pk):
        return Response(self.detail(self.scoped(pk), reveal=request.user.has_perm("employment_students.reveal_personal_data")))


class GuidanceCommentAPI(ResumeAPI):
    permission_map = {"POST": ("employment_resumes.view_resume", "employment_resumes.guide_resume")}
    serializer_class = s.ResumeGuidanceInputSerializer

    @extend_schema(operation_id="employment_resumes_guidance_comment", summary="逐段提出修改建议（学生收到微信提醒）", tags=TAGS,
                   request=s.ResumeGuidanceInputSerializer, responses={201: s.ResumeCommentSerializer(many=True), **error_responses(400, 401, 403, 404)})
    def post(self, request, pk):
        resume = self.scoped(pk)
        data = self.parse(s.ResumeGuidanceInputSerializer)
        version = selectors.version_get(resume=resume, number=data.get("version"))
        rows = services.comments_add(actor=request.user, resume=resume, comments=data["comments"], version=version)
        return Response(s.ResumeCommentSerializer(rows, many=True).data, status=status.HTTP_201_CREATED)


class GuidanceCompareAPI(ResumeAPI):
    permission_map = {"GET": "employment_resumes.view_resume"}
    serializer_class = s.ResumeCompareSerializer

    @extend_schema(operation_id="employment_resumes_guidance_compare", summary="学生简历版本对比（老师）", tags=TAGS, parameters=PAGE_PARAMS,
                   responses={200: s.ResumeCompareSerializer, **error_responses(401, 403, 404)})
    def get(self, request, pk):
        return Response(compare_payload(self.scoped(pk), request.query_params))
