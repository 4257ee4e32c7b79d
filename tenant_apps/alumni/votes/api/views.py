"""Votes API: list, create, edit, results, cast a ballot."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.base import TenantAPIMixin, TenantListAPIView, error_responses
from tenant_apps.alumni.votes import selectors, services
from tenant_apps.alumni.votes.models import Vote


class OptionResultSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    label = serializers.CharField()
    count = serializers.IntegerField(allow_null=True)
    percent = serializers.IntegerField(allow_null=True)

    class Meta:
        ref_name = "VoteOptionResult"


class VoteSerializer(serializers.ModelSerializer):
    options = serializers.SerializerMethodField()

    class Meta:
        model = Vote
        ref_name = "AlumniVote"
        fields = ["id", "title", "description", "is_multiple", "max_choices", "starts_at", "ends_at", "audience", "chapter_id", "status", "is_public",
                  "show_results_before_end", "options"]

    def get_options(self, vote) -> list[dict]:
        show = vote.show_results_before_end or self.context.get("voted")
        return [{"id": r["id"], "label": r["label"], "count": r["count"] if show else None, "percent": r["percent"] if show else None}
                for r in services.results(vote)]


class VoteWriteSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=100)
    description = serializers.CharField(required=False, default="", allow_blank=True)
    options = serializers.ListField(child=serializers.CharField(max_length=100), min_length=2)
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    is_multiple = serializers.BooleanField(default=False)
    max_choices = serializers.IntegerField(min_value=1, default=1)
    audience = serializers.ChoiceField(choices=Vote.Audience.values, default=Vote.Audience.VERIFIED)
    chapter_id = serializers.IntegerField(required=False, allow_null=True, default=None)
    show_results_before_end = serializers.BooleanField(default=True)

    class Meta:
        ref_name = "AlumniVoteWrite"


class BallotSerializer(serializers.Serializer):
    options = serializers.ListField(child=serializers.IntegerField(), min_length=1)
    canvassed_option = serializers.IntegerField(required=False, allow_null=True, default=None, help_text="经由某选项的拉票页进入时填写")

    class Meta:
        ref_name = "VoteBallot"


class VoteListAPI(TenantListAPIView):
    serializer_class = VoteSerializer
    permission_map = {"GET": "", "POST": "alumni_votes.add_vote"}

    def get_queryset(self):
        return selectors.votes(keyword=self.request.query_params.get("q", ""), public_only=not self.request.user.has_perm("alumni_votes.view_vote"))

    @extend_schema(summary="投票列表", responses={200: VoteSerializer(many=True), **error_responses(401)})
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(summary="发起投票", request=VoteWriteSerializer, responses={201: VoteSerializer, **error_responses(400, 401, 403)})
    def post(self, request):
        data = VoteWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        vote = services.vote_create(actor=request.user, data=services.VoteInput(**data.validated_data))
        return Response(VoteSerializer(vote).data, status=status.HTTP_201_CREATED)


class VoteDetailAPI(TenantAPIMixin, APIView):
    permission_map = {"GET": "", "PUT": "alumni_votes.change_vote"}

    @extend_schema(summary="投票详情与结果", responses={200: VoteSerializer, **error_responses(401, 404)})
    def get(self, request, pk: int):
        vote = get_object_or_404(selectors.votes(public_only=not request.user.has_perm("alumni_votes.view_vote")), pk=pk)
        return Response(VoteSerializer(vote, context={"voted": selectors.my_ballot(vote, request.user) is not None}).data)

    @extend_schema(summary="修改投票（有人投票后不能改选项）", request=VoteWriteSerializer, responses={200: VoteSerializer, **error_responses(400, 401, 403, 404, 409)})
    def put(self, request, pk: int):
        data = VoteWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        vote = services.vote_update(actor=request.user, vote=get_object_or_404(selectors.votes(), pk=pk), data=services.VoteInput(**data.validated_data))
        return Response(VoteSerializer(vote).data)


class BallotAPI(TenantAPIMixin, APIView):
    permission_map = {"POST": ""}

    @extend_schema(summary="投票（每人一次）", request=BallotSerializer, responses={201: VoteSerializer, **error_responses(400, 401, 403, 404, 409)})
    def post(self, request, pk: int):
        vote = get_object_or_404(selectors.votes(), pk=pk)
        data = BallotSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.ballot_cast(actor=request.user, vote=vote, option_ids=data.validated_data["options"], canvassed_option_id=data.validated_data["canvassed_option"])
        return Response(VoteSerializer(vote, context={"voted": True}).data, status=status.HTTP_201_CREATED)
