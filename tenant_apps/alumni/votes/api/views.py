"""Votes API, peer of the back office and the H5: list, create, edit, pause/resume, hide/show,
delete, results (with each option's canvassing page), cast a ballot, comments and moderation."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.base import TenantAPIMixin, TenantListAPIView, error_responses
from tenant_apps.alumni.votes import selectors, services
from tenant_apps.alumni.votes.models import Vote, VoteComment


class OptionResultSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    label = serializers.CharField()
    count = serializers.IntegerField(allow_null=True, help_text="投票结束前不公开结果时为 null（已投票的人可见）")
    percent = serializers.IntegerField(allow_null=True)
    canvass_url = serializers.CharField(help_text="该选项的拉票页（分享卡片）")

    class Meta:
        ref_name = "VoteOptionResult"


class VoteSerializer(serializers.ModelSerializer):
    options = serializers.SerializerMethodField()
    share_url = serializers.SerializerMethodField(help_text="H5 投票页（分享到微信群、朋友圈）")

    class Meta:
        model = Vote
        ref_name = "AlumniVote"
        fields = ["id", "title", "description", "is_multiple", "max_choices", "starts_at", "ends_at", "audience", "chapter_id", "status", "is_public",
                  "show_results_before_end", "share_url", "options"]

    @extend_schema_field(OptionResultSerializer(many=True))
    def get_options(self, vote) -> list[dict]:
        show = selectors.results_visible(vote, voted=bool(self.context.get("voted")))
        return [{"id": r["id"], "label": r["label"], "count": r["count"] if show else None, "percent": r["percent"] if show else None,
                 "canvass_url": reverse("h5:alumni_votes:canvass", args=[vote.pk, r["id"]])} for r in services.results(vote)]

    def get_share_url(self, vote) -> str:
        return reverse("h5:alumni_votes:detail", args=[vote.pk])


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
    permission_map = {"GET": "", "PUT": "alumni_votes.change_vote", "DELETE": "alumni_votes.delete_vote"}

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

    @extend_schema(summary="删除投票", responses={204: None, **error_responses(401, 403, 404)})
    def delete(self, request, pk: int):
        services.vote_set_state(actor=request.user, vote=get_object_or_404(selectors.votes(), pk=pk), delete=True)
        return Response(status=status.HTTP_204_NO_CONTENT)


class VoteStateSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=["pause", "resume", "hide", "show"], help_text="pause 暂停 / resume 恢复 / hide 隐藏（不在列表显示） / show 公开显示")

    class Meta:
        ref_name = "VoteStateChange"


class VoteStateAPI(TenantAPIMixin, APIView):
    permission_map = {"POST": "alumni_votes.change_vote"}

    @extend_schema(summary="暂停、恢复、隐藏或公开投票", operation_id="alumni_votes_state", request=VoteStateSerializer,
                   responses={200: VoteSerializer, **error_responses(400, 401, 403, 404)})
    def post(self, request, pk: int):
        vote = get_object_or_404(selectors.votes(), pk=pk)
        data = VoteStateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        action = data.validated_data["action"]
        vote = services.vote_set_state(actor=request.user, vote=vote, paused={"pause": True, "resume": False}.get(action),
                                       public={"hide": False, "show": True}.get(action))
        return Response(VoteSerializer(vote).data)


class VoteCommentSerializer(serializers.ModelSerializer):
    author = serializers.SerializerMethodField()

    class Meta:
        model = VoteComment
        ref_name = "AlumniVoteComment"
        fields = ["id", "vote", "author", "body", "is_visible", "created_at"]
        read_only_fields = ["vote", "is_visible", "created_at"]

    def get_author(self, comment) -> str:
        return comment.user.display_name or "校友"


class VoteCommentListAPI(TenantListAPIView):
    """GET: the vote's visible comments (moderators see the hidden ones too); POST: comment."""

    serializer_class = VoteCommentSerializer
    permission_map = {"GET": "", "POST": ""}

    def vote(self) -> Vote:
        return get_object_or_404(selectors.votes(), pk=self.kwargs["pk"])

    def get_queryset(self):
        vote = self.vote()
        if self.request.user.has_perm("alumni_votes.moderate_vote_comment"):
            return vote.comments.select_related("user")
        return selectors.visible_comments(vote)

    @extend_schema(summary="投票评论", operation_id="alumni_votes_comment_list", responses={200: VoteCommentSerializer(many=True), **error_responses(401, 404)})
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(summary="发表评论", operation_id="alumni_votes_comment_add", request=VoteCommentSerializer,
                   responses={201: VoteCommentSerializer, **error_responses(400, 401, 404)})
    def post(self, request, pk: int):
        data = VoteCommentSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        comment = services.comment_add(actor=request.user, vote=self.vote(), body=data.validated_data["body"])
        return Response(VoteCommentSerializer(comment).data, status=status.HTTP_201_CREATED)


class VoteCommentModerationSerializer(serializers.Serializer):
    is_visible = serializers.BooleanField()

    class Meta:
        ref_name = "AlumniVoteCommentModeration"


class VoteCommentModerateAPI(TenantAPIMixin, APIView):
    permission_map = {"POST": "alumni_votes.moderate_vote_comment"}

    @extend_schema(summary="隐藏或恢复投票评论", operation_id="alumni_votes_comment_moderate", request=VoteCommentModerationSerializer,
                   responses={200: VoteCommentSerializer, **error_responses(400, 401, 403, 404)})
    def post(self, request, pk: int):
        comment = get_object_or_404(VoteComment.objects.filter(vote__deleted_at__isnull=True).select_related("user"), pk=pk)
        data = VoteCommentModerationSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        comment = services.comment_moderate(actor=request.user, comment=comment, visible=data.validated_data["is_visible"])
        return Response(VoteCommentSerializer(comment).data)


class BallotAPI(TenantAPIMixin, APIView):
    permission_map = {"POST": ""}

    @extend_schema(summary="投票（每人一次）", request=BallotSerializer, responses={201: VoteSerializer, **error_responses(400, 401, 403, 404, 409)})
    def post(self, request, pk: int):
        vote = get_object_or_404(selectors.votes(), pk=pk)
        data = BallotSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.ballot_cast(actor=request.user, vote=vote, option_ids=data.validated_data["options"], canvassed_option_id=data.validated_data["canvassed_option"])
        return Response(VoteSerializer(vote, context={"voted": True}).data, status=status.HTTP_201_CREATED)
