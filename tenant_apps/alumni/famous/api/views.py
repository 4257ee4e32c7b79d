"""API of famous alumni and alumni enterprises: the back office's lists, details, decisions,
exclusions and settings, and the confirmed-only lists the H5 shows (any signed-in user)."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.response import Response

from core.api.base import ErrorSerializer, TenantAPIMixin
from core.errors import NotFound
from tenant_apps.alumni.famous import selectors, services
from tenant_apps.alumni.famous.api import serializers as s
from tenant_apps.alumni.famous.enums import CHANGE_SETTINGS, CONFIRM, VIEW, CandidateStatus

TAG = ["知名校友"]
H5_TAG = ["知名校友（校友端）"]
ERRORS = {400: ErrorSerializer, 401: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer}
WRITE_ERRORS = {**ERRORS, 409: ErrorSerializer}
LIST_PARAMETERS = [OpenApiParameter("q", str, description="关键字"),
                   OpenApiParameter("status", str, description="pending/confirmed/rejected/excluded；不填为全部")]


def _status(request) -> str:
    value = request.query_params.get("status", "")
    return value if value in CandidateStatus.values else ""


class FamousAPI(TenantAPIMixin, generics.GenericAPIView):
    def page(self, queryset, serializer_class):
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(serializer_class(page, many=True).data)

    def found(self, obj, message: str):
        if obj is None:
            raise NotFound(message)
        return obj


class PersonListAPI(FamousAPI):
    permission_map = {"GET": VIEW}
    serializer_class = s.FamousAlumnusSerializer

    @extend_schema(operation_id="famous_people_list", tags=TAG, summary="知名校友（含待确认）", parameters=[
        *LIST_PARAMETERS, OpenApiParameter("category", str, description="encyclopedia/government")], responses={200: s.FamousAlumnusSerializer(many=True), **ERRORS})
    def get(self, request):
        return self.page(selectors.person_search(q=request.query_params.get("q", "")[:100], status=_status(request),
                                                 category=request.query_params.get("category", "")), s.FamousAlumnusSerializer)


class PersonDetailAPI(FamousAPI):
    permission_map = {"GET": VIEW}
    serializer_class = s.FamousAlumnusSerializer

    @extend_schema(operation_id="famous_people_retrieve", tags=TAG, summary="知名校友详情", responses={200: s.FamousAlumnusSerializer, **ERRORS})
    def get(self, request, pk: int):
        return Response(s.FamousAlumnusSerializer(self.found(selectors.person_get(pk=pk), "知名校友不存在。")).data)


class EnterpriseListAPI(FamousAPI):
    permission_map = {"GET": VIEW}
    serializer_class = s.AlumniEnterpriseSerializer

    @extend_schema(operation_id="famous_enterprises_list", tags=TAG, summary="校友企业（含待确认）", parameters=LIST_PARAMETERS,
                   responses={200: s.AlumniEnterpriseSerializer(many=True), **ERRORS})
    def get(self, request):
        return self.page(selectors.enterprise_search(q=request.query_params.get("q", "")[:100], status=_status(request)), s.AlumniEnterpriseSerializer)


class EnterpriseDetailAPI(FamousAPI):
    permission_map = {"GET": VIEW}
    serializer_class = s.AlumniEnterpriseSerializer

    @extend_schema(operation_id="famous_enterprises_retrieve", tags=TAG, summary="校友企业详情", responses={200: s.AlumniEnterpriseSerializer, **ERRORS})
    def get(self, request, pk: int):
        return Response(s.AlumniEnterpriseSerializer(self.found(selectors.enterprise_get(pk=pk), "校友企业不存在。")).data)


class NewsListAPI(FamousAPI):
    permission_map = {"GET": VIEW}
    serializer_class = s.FamousNewsSerializer

    @extend_schema(operation_id="famous_news_list", tags=TAG, summary="校友动态（含待确认）", parameters=[
        *LIST_PARAMETERS, OpenApiParameter("person", int), OpenApiParameter("enterprise", int)], responses={200: s.FamousNewsSerializer(many=True), **ERRORS})
    def get(self, request):
        def number(name):
            value = request.query_params.get(name, "")
            return int(value) if value.isdigit() else None

        return self.page(selectors.news_search(q=request.query_params.get("q", "")[:100], status=_status(request), person_id=number("person"),
                                               enterprise_id=number("enterprise")), s.FamousNewsSerializer)


class DecisionAPI(FamousAPI):
    """POST confirm / reject (person, enterprise, news) or exclude (person, enterprise)."""

    permission_map = {"POST": (VIEW, CONFIRM)}
    kind = ""
    action = ""
    serializer_class = s.FamousExcludeInputSerializer

    def candidate(self, pk: int):
        getter = {"person": selectors.person_get, "enterprise": selectors.enterprise_get, "news": selectors.news_get}[self.kind]
        return self.found(getter(pk=pk), "条目不存在。")

    def post(self, request, pk: int):
        candidate = self.candidate(pk)
        if self.action == "exclude":
            data = s.FamousExcludeInputSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            exclusion = services.candidate_exclude(actor=request.user, candidate=candidate, reason=data.validated_data["reason"])
            return Response(s.FamousExclusionSerializer(exclusion).data, status=status.HTTP_201_CREATED)
        service = services.candidate_confirm if self.action == "confirm" else services.candidate_reject
        candidate = service(actor=request.user, candidate=candidate)
        output = {"person": s.FamousAlumnusSerializer, "enterprise": s.AlumniEnterpriseSerializer, "news": s.FamousNewsSerializer}[self.kind]
        return Response(output(candidate).data)


def _decision(kind: str, action: str, output, summary: str):
    request = s.FamousExcludeInputSerializer if action == "exclude" else None
    responses = {201 if action == "exclude" else 200: s.FamousExclusionSerializer if action == "exclude" else output, **WRITE_ERRORS}

    class View(DecisionAPI):
        @extend_schema(operation_id=f"famous_{kind}_{action}", tags=TAG, summary=summary, request=request, responses=responses)
        def post(self, request, pk: int):
            return super().post(request, pk)

    View.kind, View.action = kind, action
    View.__name__ = View.__qualname__ = f"{kind.title()}{action.title()}API"
    return View


PersonConfirmAPI = _decision("person", "confirm", s.FamousAlumnusSerializer, "确认知名校友（之后在移动端显示）")
PersonRejectAPI = _decision("person", "reject", s.FamousAlumnusSerializer, "标记为不是校友")
PersonExcludeAPI = _decision("person", "exclude", s.FamousAlumnusSerializer, "排除此人（不再显示、不再抓取）")
EnterpriseConfirmAPI = _decision("enterprise", "confirm", s.AlumniEnterpriseSerializer, "确认校友企业")
EnterpriseRejectAPI = _decision("enterprise", "reject", s.AlumniEnterpriseSerializer, "标记为非校友企业")
EnterpriseExcludeAPI = _decision("enterprise", "exclude", s.AlumniEnterpriseSerializer, "排除此企业（不再显示、不再抓取）")
NewsConfirmAPI = _decision("news", "confirm", s.FamousNewsSerializer, "确认动态")
NewsRejectAPI = _decision("news", "reject", s.FamousNewsSerializer, "标记动态与校友无关")


class ExclusionListAPI(FamousAPI):
    permission_map = {"GET": VIEW}
    serializer_class = s.FamousExclusionSerializer

    @extend_schema(operation_id="famous_exclusions_list", tags=TAG, summary="排除名单", parameters=[
        OpenApiParameter("q", str), OpenApiParameter("kind", str, description="person/enterprise")], responses={200: s.FamousExclusionSerializer(many=True), **ERRORS})
    def get(self, request):
        return self.page(selectors.exclusion_search(q=request.query_params.get("q", "")[:100], kind=request.query_params.get("kind", "")),
                         s.FamousExclusionSerializer)


class ExclusionDetailAPI(FamousAPI):
    permission_map = {"DELETE": (VIEW, CONFIRM)}
    serializer_class = s.FamousExclusionSerializer

    @extend_schema(operation_id="famous_exclusions_destroy", tags=TAG, summary="撤销排除", responses={204: OpenApiResponse(description="已撤销"), **ERRORS})
    def delete(self, request, pk: int):
        services.exclusion_lift(actor=request.user, exclusion=self.found(selectors.exclusion_get(pk=pk), "排除记录不存在。"))
        return Response(status=status.HTTP_204_NO_CONTENT)


class SettingsAPI(FamousAPI):
    permission_map = {"GET": VIEW, "PUT": CHANGE_SETTINGS}
    serializer_class = s.FamousSettingsSerializer

    @extend_schema(operation_id="famous_settings_retrieve", tags=TAG, summary="采集设置：学校名称与曾用名", responses={200: s.FamousSettingsSerializer, **ERRORS})
    def get(self, request):
        current = selectors.settings_get()
        return Response({"school_name": current.school_name, "former_names": current.former_names})

    @extend_schema(operation_id="famous_settings_update", tags=TAG, summary="修改采集设置", request=s.FamousSettingsSerializer,
                   responses={200: s.FamousSettingsSerializer, **ERRORS})
    def put(self, request):
        data = s.FamousSettingsSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        saved = services.settings_update(actor=request.user, school_name=data.validated_data["school_name"], former_names=data.validated_data["former_names"])
        return Response({"school_name": saved.school_name, "former_names": saved.former_names})


# --- what alumni see (the H5's data) ---------------------------------------------------------


class PublicPersonListAPI(FamousAPI):
    permission_map = {"GET": ""}
    serializer_class = s.FamousAlumnusSerializer

    @extend_schema(operation_id="famous_public_people_list", tags=H5_TAG, summary="已确认的知名校友", parameters=[OpenApiParameter("q", str)],
                   responses={200: s.FamousAlumnusSerializer(many=True), **ERRORS})
    def get(self, request):
        return self.page(selectors.person_search(q=request.query_params.get("q", "")[:50], status=CandidateStatus.CONFIRMED), s.FamousAlumnusSerializer)


class PublicPersonDetailAPI(FamousAPI):
    permission_map = {"GET": ""}
    serializer_class = s.FamousAlumnusSerializer

    @extend_schema(operation_id="famous_public_people_retrieve", tags=H5_TAG, summary="知名校友（已确认）", responses={200: s.FamousAlumnusSerializer, **ERRORS})
    def get(self, request, pk: int):
        return Response(s.FamousAlumnusSerializer(self.found(selectors.person_get(pk=pk, confirmed_only=True), "知名校友不存在。")).data)


class PublicEnterpriseListAPI(FamousAPI):
    permission_map = {"GET": ""}
    serializer_class = s.AlumniEnterpriseSerializer

    @extend_schema(operation_id="famous_public_enterprises_list", tags=H5_TAG, summary="已确认的校友企业", parameters=[OpenApiParameter("q", str)],
                   responses={200: s.AlumniEnterpriseSerializer(many=True), **ERRORS})
    def get(self, request):
        return self.page(selectors.enterprise_search(q=request.query_params.get("q", "")[:50], status=CandidateStatus.CONFIRMED), s.AlumniEnterpriseSerializer)


class PublicEnterpriseDetailAPI(FamousAPI):
    permission_map = {"GET": ""}
    serializer_class = s.AlumniEnterpriseSerializer

    @extend_schema(operation_id="famous_public_enterprises_retrieve", tags=H5_TAG, summary="校友企业（已确认）", responses={200: s.AlumniEnterpriseSerializer, **ERRORS})
    def get(self, request, pk: int):
        return Response(s.AlumniEnterpriseSerializer(self.found(selectors.enterprise_get(pk=pk, confirmed_only=True), "校友企业不存在。")).data)


class PublicNewsListAPI(FamousAPI):
    permission_map = {"GET": ""}
    serializer_class = s.FamousNewsSerializer

    @extend_schema(operation_id="famous_public_news_list", tags=H5_TAG, summary="校友动态（已确认）", parameters=[
        OpenApiParameter("person", int), OpenApiParameter("enterprise", int)], responses={200: s.FamousNewsSerializer(many=True), **ERRORS})
    def get(self, request):
        queryset = selectors.published_news()
        for field in ("person", "enterprise"):
            value = request.query_params.get(field, "")
            if value.isdigit():
                queryset = queryset.filter(**{f"{field}_id": int(value)})
        return self.page(queryset, s.FamousNewsSerializer)
