"""Directory API for verified alumni: search with privacy applied in the query, a card, my card
and privacy, business-card exchange with the relay, mentoring."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.base import ErrorSerializer, TenantAPIMixin
from core.api.pagination import StandardPagination
from core.errors import NotFound, PermissionDenied
from tenant_apps.alumni.directory import selectors, services
from tenant_apps.alumni.directory.enums import PRIVACY_FIELDS, Visibility
from tenant_apps.alumni.directory.errors import DirectoryErrorCode
from tenant_apps.alumni.directory.models import CardRequest, MentorOffer, MentorshipRequest, Profile

TAG = ["校友录"]
ERRORS = {400: ErrorSerializer, 401: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer, 409: ErrorSerializer}


class ResultSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    name = serializers.CharField()
    class_year = serializers.IntegerField(source="shown_class_year", allow_null=True, help_text="对方不公开时为 null")
    college = serializers.CharField(source="shown_college", allow_null=True)
    major = serializers.CharField(source="shown_major", allow_null=True)
    region = serializers.CharField(source="shown_region", allow_null=True)
    industry = serializers.CharField(source="shown_industry", allow_null=True)
    employer = serializers.CharField(source="shown_employer", allow_null=True)
    job_title = serializers.CharField(source="shown_job_title", allow_null=True)


class CardSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    bio = serializers.CharField()
    qr_token = serializers.CharField()
    exchanged = serializers.BooleanField()
    class_year = serializers.IntegerField(allow_null=True)
    college = serializers.CharField(allow_null=True)
    major = serializers.CharField(allow_null=True)
    region = serializers.CharField(allow_null=True)
    industry = serializers.CharField(allow_null=True)
    employer = serializers.CharField(allow_null=True)
    job_title = serializers.CharField(allow_null=True)
    phone = serializers.CharField(allow_null=True)
    email = serializers.CharField(allow_null=True)
    wechat = serializers.CharField(allow_null=True)


class MyProfileSerializer(serializers.Serializer):
    region = serializers.CharField(max_length=50, required=False, allow_blank=True)
    industry = serializers.CharField(max_length=50, required=False, allow_blank=True)
    employer = serializers.CharField(max_length=200, required=False, allow_blank=True)
    job_title = serializers.CharField(max_length=100, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True)
    email = serializers.EmailField(required=False, allow_blank=True)
    wechat = serializers.CharField(max_length=50, required=False, allow_blank=True)
    bio = serializers.CharField(max_length=300, required=False, allow_blank=True)
    listed = serializers.BooleanField(required=False)
    visibility = serializers.DictField(child=serializers.ChoiceField(choices=Visibility.values), required=False, default=dict,
                                       help_text="字段 → all（全体校友）/chapters（同分会）/none（仅自己）；字段：" + "、".join(n for n, _, _ in PRIVACY_FIELDS))


class CardRequestSerializer(serializers.ModelSerializer):
    sender_name = serializers.CharField(source="sender.name", read_only=True)
    receiver_name = serializers.CharField(source="receiver.name", read_only=True)

    class Meta:
        model = CardRequest
        fields = ["id", "sender", "sender_name", "receiver", "receiver_name", "message", "status", "created_at", "responded_at"]
        read_only_fields = fields


class CardCreateSerializer(serializers.Serializer):
    receiver = serializers.IntegerField()
    message = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)


class RespondSerializer(serializers.Serializer):
    accept = serializers.BooleanField()


class RelaySerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    mine = serializers.BooleanField(read_only=True)
    body = serializers.CharField(max_length=1000)
    created_at = serializers.DateTimeField(read_only=True)


class MentorSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="profile.name", read_only=True)

    class Meta:
        model = MentorOffer
        fields = ["id", "name", "topics", "introduction", "is_active"]
        read_only_fields = ["id", "name"]


class MentorshipSerializer(serializers.ModelSerializer):
    class Meta:
        model = MentorshipRequest
        fields = ["id", "mentor", "topic", "message", "status", "created_at", "responded_at"]
        read_only_fields = ["id", "status", "created_at", "responded_at"]


def _me(request) -> Profile:
    profile = selectors.profile_of(request.user)
    if profile is None:
        raise PermissionDenied("认证通过的校友才能使用校友录。", code=DirectoryErrorCode.NOT_VERIFIED)
    return profile


def _relay(request, queryset):
    return [{"id": m.pk, "mine": m.sender_id == request.user.pk, "body": m.body, "created_at": m.created_at} for m in queryset]


class SearchAPI(TenantAPIMixin, APIView):
    permission_map = {"GET": ""}  # verified alumni (checked: profile)

    @extend_schema(operation_id="alumni_directory_search", summary="搜索校友（隐私在查询中生效：不可见的字段为 null，也不能按其搜索）",
                   parameters=[OpenApiParameter(n, str) for n in ("q", "class_year", "college", "major", "region", "industry", "employer", "mentors")],
                   responses={200: ResultSerializer(many=True), **ERRORS}, tags=TAG)
    def get(self, request):
        queryset = selectors.directory_search(viewer=_me(request), search=selectors.DirectorySearch.from_query(request.query_params))
        paginator = StandardPagination()
        return paginator.get_paginated_response(ResultSerializer(paginator.paginate_queryset(queryset, request, view=self), many=True).data)


class ProfileAPI(TenantAPIMixin, APIView):
    permission_map = {"GET": ""}

    @extend_schema(operation_id="alumni_directory_profile", summary="校友名片（按对方隐私设置；交换名片后可见联系方式）", responses={200: CardSerializer, **ERRORS}, tags=TAG)
    def get(self, request, pk):
        me = _me(request)
        profile = Profile.objects.filter(pk=pk, is_deceased=False).filter(listed=True).first() or (me if me.pk == pk else None)
        if profile is None:
            raise NotFound("不存在。")
        return Response(CardSerializer(selectors.profile_card(viewer=me, profile=profile)).data)


class MyProfileAPI(TenantAPIMixin, APIView):
    permission_map = {"GET": "", "PATCH": ""}

    @extend_schema(operation_id="alumni_directory_me", summary="我的名片", responses={200: CardSerializer, **ERRORS}, tags=TAG)
    def get(self, request):
        me = _me(request)
        return Response(CardSerializer(selectors.profile_card(viewer=me, profile=me)).data)

    @extend_schema(operation_id="alumni_directory_me_update", summary="修改我的名片与每项的可见范围", request=MyProfileSerializer, responses={200: CardSerializer, **ERRORS}, tags=TAG)
    def patch(self, request):
        _me(request)
        data = MyProfileSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        visibility = values.pop("visibility", {})
        me = services.profile_update(user=request.user, data=values, visibility=visibility)
        return Response(CardSerializer(selectors.profile_card(viewer=me, profile=me)).data)


class CardListAPI(TenantAPIMixin, APIView):
    permission_map = {"GET": "", "POST": ""}

    @extend_schema(operation_id="alumni_card_list", summary="我的名片交换", responses={200: CardRequestSerializer(many=True), **ERRORS}, tags=TAG)
    def get(self, request):
        paginator = StandardPagination()
        return paginator.get_paginated_response(CardRequestSerializer(paginator.paginate_queryset(selectors.cards_for(_me(request)), request, view=self), many=True).data)

    @extend_schema(operation_id="alumni_card_request", summary="请求交换名片", request=CardCreateSerializer, responses={201: CardRequestSerializer, **ERRORS}, tags=TAG)
    def post(self, request):
        _me(request)
        data = CardCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        receiver = Profile.objects.filter(pk=data.validated_data["receiver"]).first()
        if receiver is None:
            raise NotFound("不存在。")
        card = services.card_request(user=request.user, receiver=receiver, message=data.validated_data["message"])
        return Response(CardRequestSerializer(card).data, status=status.HTTP_201_CREATED)


def _card(request, pk) -> CardRequest:
    card = selectors.card_for_party(profile=_me(request), pk=pk)
    if card is None:
        raise NotFound("不存在。")
    return card


class CardRespondAPI(TenantAPIMixin, APIView):
    permission_map = {"POST": ""}

    @extend_schema(operation_id="alumni_card_respond", summary="同意/婉拒名片交换", request=RespondSerializer, responses={200: CardRequestSerializer, **ERRORS}, tags=TAG)
    def post(self, request, pk):
        data = RespondSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return Response(CardRequestSerializer(services.card_respond(user=request.user, card=_card(request, pk), accept=data.validated_data["accept"])).data)


class CardRelayAPI(TenantAPIMixin, APIView):
    permission_map = {"GET": "", "POST": ""}

    @extend_schema(operation_id="alumni_card_messages", summary="名片交换的中转留言", responses={200: RelaySerializer(many=True), **ERRORS}, tags=TAG)
    def get(self, request, pk):
        return Response(RelaySerializer(_relay(request, selectors.relay_messages(card=_card(request, pk))), many=True).data)

    @extend_schema(operation_id="alumni_card_message_send", summary="发送中转留言（不透露联系方式）", request=RelaySerializer, responses={201: RelaySerializer, **ERRORS}, tags=TAG)
    def post(self, request, pk):
        data = RelaySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        message = services.relay_send(user=request.user, card=_card(request, pk), body=data.validated_data["body"])
        return Response(RelaySerializer(_relay(request, [message])[0]).data, status=status.HTTP_201_CREATED)


class MentorListAPI(TenantAPIMixin, APIView):
    permission_map = {"GET": "", "PUT": ""}

    @extend_schema(operation_id="alumni_mentor_list", summary="校友导师", parameters=[OpenApiParameter("topic", str)], responses={200: MentorSerializer(many=True), **ERRORS}, tags=TAG)
    def get(self, request):
        paginator = StandardPagination()
        return paginator.get_paginated_response(MentorSerializer(paginator.paginate_queryset(selectors.mentors(topic=request.query_params.get("topic", "")), request, view=self), many=True).data)

    @extend_schema(operation_id="alumni_mentor_offer", summary="我来当导师（设置方向）", request=MentorSerializer, responses={200: MentorSerializer, **ERRORS}, tags=TAG)
    def put(self, request):
        data = MentorSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        offer = services.mentor_offer_save(user=request.user, topics=data.validated_data.get("topics", []), introduction=data.validated_data.get("introduction", ""),
                                           is_active=data.validated_data.get("is_active", True))
        return Response(MentorSerializer(offer).data)


class MentorshipListAPI(TenantAPIMixin, APIView):
    permission_map = {"GET": "", "POST": ""}

    @extend_schema(operation_id="alumni_mentorship_list", summary="我的导师请求（发出的与收到的）", responses={200: MentorshipSerializer(many=True), **ERRORS}, tags=TAG)
    def get(self, request):
        return Response(MentorshipSerializer(selectors.mentorships_for(request.user)[:100], many=True).data)

    @extend_schema(operation_id="alumni_mentorship_request", summary="向导师请教（学生和校友）", request=MentorshipSerializer, responses={201: MentorshipSerializer, **ERRORS}, tags=TAG)
    def post(self, request):
        data = MentorshipSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        item = services.mentorship_request(user=request.user, mentor=data.validated_data["mentor"], topic=data.validated_data.get("topic", ""), message=data.validated_data["message"])
        return Response(MentorshipSerializer(item).data, status=status.HTTP_201_CREATED)


class MentorshipRespondAPI(TenantAPIMixin, APIView):
    permission_map = {"POST": ""}

    @extend_schema(operation_id="alumni_mentorship_respond", summary="导师接受/婉拒", request=RespondSerializer, responses={200: MentorshipSerializer, **ERRORS}, tags=TAG)
    def post(self, request, pk):
        item = selectors.mentorship_for_party(user=request.user, pk=pk)
        if item is None:
            raise NotFound("不存在。")
        data = RespondSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return Response(MentorshipSerializer(services.mentorship_respond(user=request.user, request=item, accept=data.validated_data["accept"])).data)
