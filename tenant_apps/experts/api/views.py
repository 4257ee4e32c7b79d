"""Expert library API: search (masked), add, domains, eligible pre-count, review decisions."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api.base import ErrorSerializer, TenantViewSet
from core.errors import NotFound
from tenant_apps.accounts.models import OrgUnit
from tenant_apps.experts import selectors, services
from tenant_apps.experts.enums import ReviewDecision
from tenant_apps.experts.models import Domain, ExpertType


class ExpertListSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="expert.pk")
    name = serializers.CharField(help_text="脱敏姓名")
    phone = serializers.CharField(help_text="脱敏手机号")
    employer = serializers.CharField(help_text="脱敏工作单位")
    title = serializers.CharField(source="expert.title")
    title_level = serializers.CharField(source="expert.title_level")
    region = serializers.CharField(source="expert.region")
    status = serializers.CharField(source="expert.status")
    is_blacklisted = serializers.BooleanField(source="expert.is_blacklisted")
    is_deleted = serializers.BooleanField(source="expert.is_deleted")
    is_frozen = serializers.BooleanField(source="expert.is_frozen")
    domains = serializers.SerializerMethodField()

    class Meta:
        ref_name = "ExpertsExpert"

    def get_domains(self, obj) -> list[int]:
        return [d.pk for d in obj.expert.domains.all()]


class ExpertCreateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=50)
    phone = serializers.CharField(max_length=20)
    employer = serializers.CharField(max_length=200)
    title = serializers.CharField(max_length=100)
    email = serializers.EmailField(required=False, allow_blank=True, default="")
    title_level = serializers.CharField(required=False, allow_blank=True, default="")
    region = serializers.CharField(required=False, allow_blank=True, default="")
    specialty = serializers.CharField(required=False, allow_blank=True, default="")
    domain_ids = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)
    expert_type_id = serializers.IntegerField(required=False, allow_null=True, default=None)
    org_unit_id = serializers.IntegerField(required=False, allow_null=True, default=None)
    notify = serializers.BooleanField(required=False, default=True)

    class Meta:
        ref_name = "ExpertsExpertCreate"


class ReviewSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=ReviewDecision.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="")

    class Meta:
        ref_name = "ExpertsReview"


class DomainSerializer(serializers.ModelSerializer):
    class Meta:
        model = Domain
        fields = ["id", "name", "parent", "level", "path"]
        ref_name = "ExpertsDomain"


class EligibleCountSerializer(serializers.Serializer):
    eligible = serializers.IntegerField()
    excluded = serializers.DictField(child=serializers.IntegerField())

    class Meta:
        ref_name = "ExpertsEligibleCount"


SEARCH_PARAMETERS = [
    OpenApiParameter("q", str, description="关键词/模糊（姓名、单位、领域、职称）"),
    OpenApiParameter("domain", int, many=True, description="领域 id，可多个，含下级"),
    OpenApiParameter("pool", str, description="active/eligible/pending/on_leave/frozen/blacklisted/deleted/all"),
    OpenApiParameter("title_level", str), OpenApiParameter("region", str), OpenApiParameter("tag", int, many=True),
]


class ExpertViewSet(mixins.ListModelMixin, TenantViewSet):
    permission_map = {"GET": "experts.view_expert", "POST": ("experts.view_expert", "experts.add_expert")}
    serializer_class = ExpertListSerializer

    def get_queryset(self):
        search = selectors.ExpertSearch.from_query(self.request.query_params)
        return selectors.expert_search(actor=self.request.user, search=search).prefetch_related("domains")

    @extend_schema(parameters=SEARCH_PARAMETERS, responses=ExpertListSerializer(many=True), summary="搜索专家（个人信息脱敏）")
    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        data = ExpertListSerializer([selectors.masked(e) for e in page], many=True).data
        return self.get_paginated_response(data)

    @extend_schema(responses={200: ExpertListSerializer, 404: ErrorSerializer}, summary="专家详情（脱敏）")
    def retrieve(self, request, pk=None):
        expert = selectors.expert_get(actor=request.user, pk=int(pk))
        if expert is None:
            raise NotFound("专家不存在。")
        return Response(ExpertListSerializer(selectors.masked(expert)).data)

    @extend_schema(request=ExpertCreateSerializer, responses={201: ExpertListSerializer, 400: ErrorSerializer, 409: ErrorSerializer}, summary="添加专家（手机号唯一）")
    def create(self, request):
        serializer = ExpertCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        expert = services.expert_create(
            actor=request.user, notify=data["notify"],
            data=services.ExpertInput(
                name=data["name"], phone=data["phone"], employer=data["employer"], title=data["title"], email=data["email"],
                title_level=data["title_level"], region=data["region"], specialty=data["specialty"], domain_ids=tuple(data["domain_ids"]),
                expert_type=ExpertType.objects.filter(pk=data["expert_type_id"] or 0).first(),
                org_unit=OrgUnit.objects.filter(pk=data["org_unit_id"] or 0).first() or request.user.org_unit,
            ),
        )
        return Response(ExpertListSerializer(selectors.masked(expert)).data, status=201)

    @extend_schema(request=ReviewSerializer, responses={200: ExpertListSerializer, 403: ErrorSerializer, 404: ErrorSerializer}, summary="在当前审核级作出审核结论")
    @action(detail=True, methods=["post"], url_path="review")
    def review(self, request, pk=None):
        if not request.user.has_perm("experts.review_expert"):
            from core.errors import PermissionDenied

            raise PermissionDenied("无审核权限。")
        expert = selectors.expert_get(actor=request.user, pk=int(pk))
        if expert is None:
            raise NotFound("专家不存在。")
        serializer = ReviewSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        expert = services.expert_review(actor=request.user, expert=expert, **serializer.validated_data)
        return Response(ExpertListSerializer(selectors.masked(expert)).data)

    @extend_schema(responses=EligibleCountSerializer, summary="可抽取专家预计数（只给数量）")
    @action(detail=False, methods=["get"], url_path="eligible-count")
    def eligible_count(self, request):
        search = selectors.ExpertSearch.from_query(request.query_params)
        eligible = selectors.eligible_count(actor=request.user, search=search)
        return Response({"eligible": eligible, "excluded": selectors.exclusion_counts()})


class DomainViewSet(mixins.ListModelMixin, TenantViewSet):
    permission_map = {"GET": "experts.view_domain"}
    serializer_class = DomainSerializer
    queryset = Domain.objects.all().order_by("path")
    pagination_class = None

    @extend_schema(responses=DomainSerializer(many=True), summary="专业领域树（按路径排序）")
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)


