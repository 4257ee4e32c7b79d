"""Activities API: the same services as the back office and the H5 (every page has its endpoint:
search, create/edit/review, pin/recommend/delete, registrations and their review/removal,
invitations, the black list, comments and moderation, notices, photos, the door, badges,
lotteries, my registrations with payment)."""

from __future__ import annotations

from dataclasses import fields as dataclass_fields

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.http import content_disposition_header
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.base import TenantAPIMixin, TenantListAPIView, error_responses
from core.tickets import services as tickets
from tenant_apps.alumni.activities import selectors, services
from tenant_apps.alumni.activities.api import serializers as s
from tenant_apps.alumni.activities.enums import CommentStatus, RegistrationStatus
from tenant_apps.alumni.activities.models import (
    Activity,
    ActivityPhoto,
    BlacklistEntry,
    Comment,
    Registration,
)

VIEW, CHANGE, MANAGE, CHECKIN = ("alumni_activities.view_activity", "alumni_activities.change_activity", "alumni_activities.manage_registration",
                                 "alumni_activities.checkin_activity")


def _activity(pk, *, published_only=False) -> Activity:
    qs = selectors.published() if published_only else Activity.objects.filter(deleted_at__isnull=True)
    return get_object_or_404(qs, pk=pk)


def _managed_activity(user, pk, perm: str = MANAGE) -> Activity:
    """An activity the user organises (chapter scope, selectors.managed_activities): 403 for
    someone who organises nothing, 404 outside their chapters."""
    if not (user.has_perm(perm) or selectors.is_organiser(user)):
        raise PermissionDenied("没有管理活动的权限。")
    activity = get_object_or_404(Activity, pk=pk, deleted_at__isnull=True)
    if not selectors.may_manage(user, activity, perm):
        if selectors.managed_activities(user).filter(pk=activity.pk).exists():
            raise PermissionDenied("没有该操作的权限。")
        raise NotFound("活动不存在。")
    return activity


def _managed_registration(user, pk) -> Registration:
    registration = get_object_or_404(Registration.objects.select_related("activity"), pk=pk)
    _managed_activity(user, registration.activity_id)
    return registration


def _notify_url(request) -> str:
    return request.build_absolute_uri(reverse("api:payments:notify"))


def _input(data: dict) -> services.ActivityInput:
    names = {f.name for f in dataclass_fields(services.ActivityInput)}
    return services.ActivityInput(**{k: v for k, v in data.items() if k in names})


class ActivityListAPI(TenantListAPIView):
    """GET: published activities for any signed-in user (all statuses with view permission);
    POST: staff with review permission publish, everyone else's activity waits for review."""

    serializer_class = s.ActivitySerializer
    permission_map = {"GET": "", "POST": ""}

    def get_queryset(self):
        params = self.request.query_params
        base = Activity.objects.filter(deleted_at__isnull=True) if self.request.user.has_perm(VIEW) else selectors.published()
        return selectors.activity_search(queryset=base, keyword=params.get("q", ""), organiser=params.get("organiser", ""), tag=params.get("tag", ""),
                                         place=params.get("place", ""), status=params.get("status", ""), when=params.get("when", "")).prefetch_related("ticket_types")

    @extend_schema(summary="活动列表（按关键字、主办方、标签、地点搜索）", parameters=[
        OpenApiParameter("q", str, description="关键字"), OpenApiParameter("organiser", str), OpenApiParameter("tag", str), OpenApiParameter("place", str),
        OpenApiParameter("status", str), OpenApiParameter("when", str, enum=["upcoming", "past"])],
        responses={200: s.ActivitySerializer(many=True), **error_responses(401)})
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(summary="发起活动", request=s.ActivityWriteSerializer, responses={201: s.ActivitySerializer, **error_responses(400, 401)})
    def post(self, request):
        data = s.ActivityWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        activity = services.activity_create(actor=request.user, data=_input(data.validated_data))
        return Response(s.ActivitySerializer(activity).data, status=status.HTTP_201_CREATED)


class ManagedActivityListAPI(TenantListAPIView):
    """Activities the user organises: everything for association staff, the chapters' own for a
    chapter admin (chapter scope)."""

    serializer_class = s.ActivitySerializer
    permission_map = {"GET": ""}

    def get_queryset(self):
        if not selectors.is_organiser(self.request.user):
            raise PermissionDenied("没有管理活动的权限。")
        params = self.request.query_params
        return selectors.activity_search(queryset=selectors.managed_activities(self.request.user), keyword=params.get("q", ""),
                                         status=params.get("status", ""), when=params.get("when", "")).prefetch_related("ticket_types")

    @extend_schema(summary="我组织的活动（分会管理员只见本会）", operation_id="alumni_activities_managed_list",
                   parameters=[OpenApiParameter("q", str), OpenApiParameter("status", str), OpenApiParameter("when", str, enum=["upcoming", "past"])],
                   responses={200: s.ActivitySerializer(many=True), **error_responses(401, 403)})
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class ChapterChoiceListAPI(TenantAPIMixin, APIView):
    permission_map = {"GET": ""}

    @extend_schema(summary="发起活动时可选的主办分会", operation_id="alumni_activities_chapter_choices",
                   responses={200: s.ActivityChapterChoiceSerializer(many=True), **error_responses(401)})
    def get(self, request):
        return Response(s.ActivityChapterChoiceSerializer(selectors.chapter_choices(request.user), many=True).data)


class ActivityDetailAPI(TenantAPIMixin, APIView):
    permission_map = {"GET": "", "PUT": "", "DELETE": "alumni_activities.delete_activity"}

    @extend_schema(summary="活动详情", responses={200: s.ActivitySerializer, **error_responses(401, 404)})
    def get(self, request, pk: int):
        return Response(s.ActivitySerializer(_activity(pk, published_only=not request.user.has_perm(VIEW))).data)

    @extend_schema(summary="修改活动", request=s.ActivityWriteSerializer, responses={200: s.ActivitySerializer, **error_responses(400, 401, 403, 404)})
    def put(self, request, pk: int):
        activity = _managed_activity(request.user, pk, CHANGE)
        data = s.ActivityWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        activity = services.activity_update(actor=request.user, activity=activity, data=_input(data.validated_data))
        return Response(s.ActivitySerializer(activity).data)

    @extend_schema(summary="删除活动（取消报名、作废电子票、退款）", responses={204: None, **error_responses(401, 403, 404)})
    def delete(self, request, pk: int):
        services.activity_delete(actor=request.user, activity=_activity(pk), notify_url=_notify_url(request))
        return Response(status=status.HTTP_204_NO_CONTENT)


class ActivityReviewAPI(TenantAPIMixin, APIView):
    permission_map = {"POST": "alumni_activities.review_activity"}

    @extend_schema(summary="审核校友发起的活动", request=s.ReviewSerializer, responses={200: s.ActivitySerializer, **error_responses(400, 401, 403, 404, 409)})
    def post(self, request, pk: int):
        data = s.ReviewSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        activity = services.activity_review(actor=request.user, activity=_activity(pk), approve=data.validated_data["approve"], note=data.validated_data["reason"])
        return Response(s.ActivitySerializer(activity).data)


class RegisterAPI(TenantAPIMixin, APIView):
    permission_map = {"POST": ""}

    @extend_schema(summary="报名（名额满时进入候补）", request=s.RegisterSerializer, responses={201: s.MyRegistrationSerializer, **error_responses(400, 401, 403, 404, 409)})
    def post(self, request, pk: int):
        activity = _activity(pk, published_only=True)
        data = s.RegisterSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        ticket_type = get_object_or_404(activity.ticket_types, pk=data.validated_data.pop("ticket_type"))
        registration = services.registration_create(actor=request.user, activity=activity, ticket_type=ticket_type, **data.validated_data)
        return Response(s.MyRegistrationSerializer(registration).data, status=status.HTTP_201_CREATED)


class RegistrationListAPI(TenantListAPIView):
    serializer_class = s.RegistrationSerializer
    permission_map = {"GET": ""}

    def get_queryset(self):
        return selectors.registrations_of(_managed_activity(self.request.user, self.kwargs["pk"]), status=self.request.query_params.get("status", ""),
                                          keyword=self.request.query_params.get("q", ""))

    @extend_schema(summary="报名名单", parameters=[OpenApiParameter("status", str), OpenApiParameter("q", str)],
                   responses={200: s.RegistrationSerializer(many=True), **error_responses(401, 403, 404)})
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class RegistrationReviewAPI(TenantAPIMixin, APIView):
    permission_map = {"POST": ""}

    @extend_schema(summary="审核报名（拒绝须填原因）", request=s.ReviewSerializer, responses={200: s.RegistrationSerializer, **error_responses(400, 401, 403, 404, 409)})
    def post(self, request, pk: int):
        data = s.ReviewSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        registration = services.registration_review(actor=request.user, registration=_managed_registration(request.user, pk), **data.validated_data)
        return Response(s.RegistrationSerializer(registration).data)


class RegistrationRemoveAPI(TenantAPIMixin, APIView):
    permission_map = {"POST": ""}

    @extend_schema(summary="请退（告知原因；已付款的原路退款）", request=s.ReasonSerializer, responses={200: s.RegistrationSerializer, **error_responses(400, 401, 403, 404, 409)})
    def post(self, request, pk: int):
        data = s.ReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        registration = services.registration_remove(actor=request.user, registration=_managed_registration(request.user, pk),
                                                    reason=data.validated_data["reason"], notify_url=_notify_url(request))
        return Response(s.RegistrationSerializer(registration).data)


class MyRegistrationListAPI(TenantListAPIView):
    serializer_class = s.MyRegistrationSerializer
    permission_map = {"GET": ""}

    def get_queryset(self):
        return selectors.my_registrations(self.request.user)

    @extend_schema(summary="我的报名（含电子票码）", responses={200: s.MyRegistrationSerializer(many=True), **error_responses(401)})
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class MyRegistrationActionAPI(TenantAPIMixin, APIView):
    """accept / decline a waiting-list offer, cancel, pay (JSAPI parameters), sync (query payment)."""

    permission_map = {"POST": ""}
    ACTIONS = ("accept", "decline", "cancel", "pay", "sync")

    @extend_schema(operation_id="alumni_activities_my_registration_action", summary="我的报名操作：accept / decline / cancel / pay / sync", request=None,
                   responses={200: s.MyRegistrationSerializer, 201: s.PaymentStartSerializer, **error_responses(401, 403, 404, 409)})
    def post(self, request, pk: int, action: str):
        if action not in self.ACTIONS:
            raise NotFound
        registration = get_object_or_404(Registration, pk=pk, user=request.user)
        if action == "accept":
            registration = services.offer_accept(actor=request.user, registration=registration)
        elif action == "decline":
            registration = services.offer_decline(actor=request.user, registration=registration)
        elif action == "cancel":
            registration = services.registration_cancel(actor=request.user, registration=registration, notify_url=_notify_url(request))
        elif action == "pay":
            checkout = services.registration_pay(actor=request.user, registration=registration, openid=request.user.wechat_openid, notify_url=_notify_url(request))
            return Response({"out_trade_no": checkout.order.out_trade_no, "jsapi": checkout.jsapi}, status=status.HTTP_201_CREATED)
        else:
            registration = services.registration_payment_sync(registration=registration)
        return Response(s.MyRegistrationSerializer(registration).data)


class DoorBundleAPI(TenantAPIMixin, APIView):
    permission_map = {"GET": CHECKIN}

    @extend_schema(summary="检票手机离线所需数据（公钥、作废名单、已入场名单）", responses={200: s.DoorBundleSerializer, **error_responses(401, 403, 404)})
    def get(self, request, pk: int):
        return Response(tickets.door_bundle(scope=_activity(pk).ticket_scope))


class DoorScansAPI(TenantAPIMixin, APIView):
    permission_map = {"POST": CHECKIN}

    @extend_schema(summary="上传检票记录（离线扫描联网后上传；同一扫描编号只记一次）", request=s.ScanUploadSerializer,
                   responses={200: s.ScanResultsSerializer, **error_responses(400, 401, 403, 404)})
    def post(self, request, pk: int):
        data = s.ScanUploadSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        outcomes = services.checkin_upload(actor=request.user, activity=_activity(pk), scans=data.validated_data["scans"], device=data.validated_data["device"])
        return Response({"results": [{"nonce": o.nonce, "status": o.status, "serial": o.serial, "first_scanned_at": o.first_scanned_at} for o in outcomes]})


class TicketVerifyAPI(TenantAPIMixin, APIView):
    permission_map = {"POST": CHECKIN}

    @extend_schema(summary="在线验票（不记录入场）", request=s.TicketVerifySerializer, responses={200: s.TicketVerdictSerializer, **error_responses(400, 401, 403, 404)})
    def post(self, request, pk: int):
        activity = _activity(pk)
        data = s.TicketVerifySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        verdict = tickets.ticket_verify(data.validated_data["code"], scope=activity.ticket_scope)
        registration = activity.registrations.filter(pk=int(verdict.subject)).first() if verdict.subject.isdigit() else None
        if registration is None and verdict.subject:
            raise PermissionDenied("ticket does not belong to this activity")
        return Response({"status": verdict.status, "serial": verdict.serial, "registration": registration.pk if registration else None,
                         "attendee_name": registration.attendee_name if registration else ""})


class LotteryListAPI(TenantAPIMixin, APIView):
    permission_map = {"GET": "alumni_activities.run_lottery", "POST": "alumni_activities.run_lottery"}

    @staticmethod
    def _data(lottery) -> dict:
        return {"id": lottery.pk, "title": lottery.title, "rules": lottery.rules, "entrant_rule": lottery.entrant_rule, "status": lottery.status,
                "public_token": lottery.public_token, "entrants_hash": lottery.entrants_hash, "commitment": lottery.commitment,
                "prizes": [{"name": p.name, "item": p.item, "count": p.count, "value_fen": p.value_fen} for p in lottery.prizes.all()]}

    @extend_schema(summary="活动的抽奖", responses={200: s.LotterySerializer(many=True), **error_responses(401, 403, 404)})
    def get(self, request, pk: int):
        return Response([self._data(lottery) for lottery in _activity(pk).lotteries.prefetch_related("prizes")])

    @extend_schema(summary="创建抽奖（奖项开奖前公示）", request=s.LotterySerializer, responses={201: s.LotterySerializer, **error_responses(400, 401, 403, 404)})
    def post(self, request, pk: int):
        from tenant_apps.alumni.activities import lottery as lotteries

        data = s.LotterySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        lottery = lotteries.lottery_create(actor=request.user, activity=_activity(pk), **data.validated_data)
        return Response(self._data(lottery), status=status.HTTP_201_CREATED)


class LotteryActionAPI(TenantAPIMixin, APIView):
    """freeze (公示名单与承诺) / draw (见证人随机值开奖) / receipt (公示数据，可复算)."""

    permission_map = {"GET": "alumni_activities.view_activity", "POST": "alumni_activities.run_lottery"}

    @extend_schema(operation_id="alumni_activities_lottery_receipt", summary="抽奖公示数据（receipt）", responses={200: s.LotteryReceiptSerializer, **error_responses(401, 403, 404)})
    def get(self, request, pk: int, action: str):
        from tenant_apps.alumni.activities import lottery as lotteries
        from tenant_apps.alumni.activities.models import Lottery

        if action != "receipt":
            raise NotFound
        return Response(lotteries.receipt(get_object_or_404(Lottery, pk=pk)))

    @extend_schema(operation_id="alumni_activities_lottery_action", summary="公示名单（freeze）或开奖（draw）", request=s.LotteryDrawSerializer, responses={200: s.LotteryReceiptSerializer, **error_responses(400, 401, 403, 404, 409)})
    def post(self, request, pk: int, action: str):
        from tenant_apps.alumni.activities import lottery as lotteries
        from tenant_apps.alumni.activities.models import Lottery

        lottery = get_object_or_404(Lottery, pk=pk)
        if action == "freeze":
            lottery = lotteries.lottery_freeze(actor=request.user, lottery=lottery)
        elif action == "draw":
            data = s.LotteryDrawSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            lottery = lotteries.lottery_draw(actor=request.user, lottery=lottery, witness_values=data.validated_data["witness_values"])
        else:
            raise NotFound
        return Response(lotteries.receipt(lottery))


class ActivityPhotoListAPI(TenantAPIMixin, APIView):
    """GET: the activity's approved photos and the caller's own in review; POST (multipart):
    organisers' photos show at once, confirmed attendees' wait for moderation."""

    permission_map = {"GET": "", "POST": ""}
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(summary="活动照片", operation_id="alumni_activities_photo_list", responses={200: s.ActivityPhotoSerializer(many=True), **error_responses(401, 404)})
    def get(self, request, pk: int):
        activity = _activity(pk, published_only=True)
        photos = selectors.photos_visible(activity, request.user)[:200]
        return Response(s.ActivityPhotoSerializer(photos, many=True, context={"request": request}).data)

    @extend_schema(summary="上传活动照片", operation_id="alumni_activities_photo_upload", request={"multipart/form-data": s.ActivityPhotoUploadSerializer},
                   responses={201: s.ActivityPhotoSerializer, **error_responses(400, 401, 403, 404, 409)})
    def post(self, request, pk: int):
        activity = _activity(pk, published_only=True)
        data = s.ActivityPhotoUploadSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        photo = services.photo_upload(actor=request.user, activity=activity, image=data.validated_data["image"], caption=data.validated_data["caption"])
        return Response(s.ActivityPhotoSerializer(photo, context={"request": request}).data, status=status.HTTP_201_CREATED)


def _managed_photo(user, pk) -> ActivityPhoto:
    photo = get_object_or_404(ActivityPhoto.objects.select_related("activity"), pk=pk)
    _managed_activity(user, photo.activity_id, services.MODERATE_PHOTO)
    return photo


class ActivityPhotoReviewAPI(TenantAPIMixin, APIView):
    permission_map = {"POST": ""}

    @extend_schema(summary="审核活动照片（不通过须填原因）", operation_id="alumni_activities_photo_review", request=s.ActivityPhotoReviewSerializer,
                   responses={200: s.ActivityPhotoSerializer, **error_responses(400, 401, 403, 404)})
    def post(self, request, pk: int):
        photo = _managed_photo(request.user, pk)
        data = s.ActivityPhotoReviewSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        photo = services.photo_review(actor=request.user, photo=photo, **data.validated_data)
        return Response(s.ActivityPhotoSerializer(photo, context={"request": request}).data)


class ActivityPhotoDetailAPI(TenantAPIMixin, APIView):
    permission_map = {"DELETE": ""}

    @extend_schema(summary="删除活动照片（上传人或审核人）", operation_id="alumni_activities_photo_delete", responses={204: None, **error_responses(401, 403, 404)})
    def delete(self, request, pk: int):
        photo = get_object_or_404(ActivityPhoto.objects.select_related("activity"), pk=pk)
        if photo.uploaded_by_id != request.user.pk:
            photo = _managed_photo(request.user, pk)
        services.photo_delete(actor=request.user, photo=photo)
        return Response(status=status.HTTP_204_NO_CONTENT)



class ActivityFlagsAPI(TenantAPIMixin, APIView):
    permission_map = {"POST": ""}

    @extend_schema(summary="置顶 / 推荐（只改传入的项）", operation_id="alumni_activities_flags", request=s.ActivityFlagsSerializer,
                   responses={200: s.ActivitySerializer, **error_responses(400, 401, 403, 404)})
    def post(self, request, pk: int):
        activity = _managed_activity(request.user, pk, CHANGE)
        data = s.ActivityFlagsSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        activity = services.activity_set_flags(actor=request.user, activity=activity, **data.validated_data)
        return Response(s.ActivitySerializer(activity).data)


class InvitationListAPI(TenantAPIMixin, APIView):
    """活动邀约: invitation codes for guests, single or limited uses."""

    permission_map = {"GET": "", "POST": ""}

    @extend_schema(summary="嘉宾邀请码", operation_id="alumni_activities_invitation_list", responses={200: s.InvitationSerializer(many=True), **error_responses(401, 403, 404)})
    def get(self, request, pk: int):
        activity = _managed_activity(request.user, pk)
        return Response(s.InvitationSerializer(activity.invitations.order_by("-id")[:500], many=True).data)

    @extend_schema(summary="生成邀请码（单次或限定次数）", operation_id="alumni_activities_invitation_create", request=s.InvitationCreateSerializer,
                   responses={201: s.InvitationSerializer, **error_responses(400, 401, 403, 404)})
    def post(self, request, pk: int):
        activity = _managed_activity(request.user, pk)
        data = s.InvitationCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        ticket_type = get_object_or_404(activity.ticket_types, pk=data.validated_data["ticket_type"]) if data.validated_data["ticket_type"] else None
        invitation = services.invitation_create(actor=request.user, activity=activity, guest_name=data.validated_data["guest_name"],
                                                max_uses=data.validated_data["max_uses"], ticket_type=ticket_type)
        return Response(s.InvitationSerializer(invitation).data, status=status.HTTP_201_CREATED)


class NoticeAPI(TenantAPIMixin, APIView):
    permission_map = {"POST": ""}

    @extend_schema(summary="给报名人发通知（微信、短信，经消息网关）", operation_id="alumni_activities_notice", request=s.NoticeSerializer,
                   responses={202: s.NoticeResultSerializer, **error_responses(400, 401, 403, 404)})
    def post(self, request, pk: int):
        activity = _managed_activity(request.user, pk)
        data = s.NoticeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        message = services.notice_send(actor=request.user, activity=activity, body=data.validated_data["body"], statuses=data.validated_data["statuses"] or None,
                                       channels=data.validated_data["channels"] or None)
        return Response({"message": message.pk, "status": message.status}, status=status.HTTP_202_ACCEPTED)


class BadgesAPI(TenantAPIMixin, APIView):
    permission_map = {"GET": ""}

    @extend_schema(summary="胸卡 PDF（含电子票二维码）", operation_id="alumni_activities_badges",
                   responses={(200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY), **error_responses(401, 403, 404)})
    def get(self, request, pk: int):
        from tenant_apps.alumni.activities import badges

        activity = _managed_activity(request.user, pk)
        rows = list(activity.registrations.filter(status=RegistrationStatus.CONFIRMED).select_related("ticket_type").order_by("attendee_name"))
        response = HttpResponse(badges.badges_pdf(activity, rows), content_type="application/pdf")
        response["Content-Disposition"] = content_disposition_header(False, f"badges-{activity.pk}.pdf")
        return response


class CommentListAPI(TenantListAPIView):
    """GET: the activity's visible comments (its moderators see hidden ones too); POST: comment."""

    serializer_class = s.ActivityCommentSerializer
    permission_map = {"GET": "", "POST": ""}

    def get_queryset(self):
        activity = _activity(self.kwargs["pk"], published_only=not self.request.user.has_perm(VIEW))
        queryset = activity.comments.select_related("user")
        if not selectors.may_manage(self.request.user, activity, services.MODERATE_PHOTO):
            queryset = queryset.filter(status=CommentStatus.VISIBLE)
        return queryset

    @extend_schema(summary="活动评论", operation_id="alumni_activities_comment_list", responses={200: s.ActivityCommentSerializer(many=True), **error_responses(401, 404)})
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(summary="发表评论", operation_id="alumni_activities_comment_add", request=s.ActivityCommentSerializer,
                   responses={201: s.ActivityCommentSerializer, **error_responses(400, 401, 404)})
    def post(self, request, pk: int):
        activity = _activity(pk, published_only=True)
        data = s.ActivityCommentSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        comment = services.comment_add(actor=request.user, activity=activity, body=data.validated_data["body"])
        return Response(s.ActivityCommentSerializer(comment).data, status=status.HTTP_201_CREATED)


class CommentModerateAPI(TenantAPIMixin, APIView):
    permission_map = {"POST": ""}

    @extend_schema(summary="隐藏或恢复评论", operation_id="alumni_activities_comment_moderate", request=s.CommentModerationSerializer,
                   responses={200: s.ActivityCommentSerializer, **error_responses(400, 401, 403, 404)})
    def post(self, request, pk: int):
        comment = get_object_or_404(Comment.objects.select_related("user"), pk=pk)
        _managed_activity(request.user, comment.activity_id, services.MODERATE_PHOTO)
        data = s.CommentModerationSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        comment = services.comment_moderate(actor=request.user, comment=comment, visible=data.validated_data["visible"])
        return Response(s.ActivityCommentSerializer(comment).data)


class BlacklistAPI(TenantListAPIView):
    """活动黑名单: the person cannot register (where the activity uses the list) and is told why."""

    serializer_class = s.BlacklistEntrySerializer
    permission_map = {"GET": "alumni_activities.manage_blacklist", "POST": "alumni_activities.manage_blacklist"}

    def get_queryset(self):
        return BlacklistEntry.objects.select_related("user")

    @extend_schema(summary="活动黑名单", operation_id="alumni_activities_blacklist_list", responses={200: s.BlacklistEntrySerializer(many=True), **error_responses(401, 403)})
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(summary="加入黑名单（原因告知本人）", operation_id="alumni_activities_blacklist_add", request=s.BlacklistAddSerializer,
                   responses={201: s.BlacklistEntrySerializer, **error_responses(400, 401, 403, 404)})
    def post(self, request):
        data = s.BlacklistAddSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = selectors.user_by_username_or_phone(data.validated_data["who"])
        if user is None:
            raise NotFound("没有找到该用户（请填用户名或手机号）。")
        entry = services.blacklist_add(actor=request.user, user=user, reason=data.validated_data["reason"])
        return Response(s.BlacklistEntrySerializer(entry).data, status=status.HTTP_201_CREATED)


class BlacklistEntryAPI(TenantAPIMixin, APIView):
    permission_map = {"DELETE": "alumni_activities.manage_blacklist"}

    @extend_schema(summary="移出黑名单", operation_id="alumni_activities_blacklist_remove", responses={204: None, **error_responses(401, 403, 404)})
    def delete(self, request, pk: int):
        services.blacklist_remove(actor=request.user, entry=get_object_or_404(BlacklistEntry, pk=pk))
        return Response(status=status.HTTP_204_NO_CONTENT)
