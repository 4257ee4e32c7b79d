"""Cloud card API: every back-office and H5 page as JSON, plus the partner staff's token check."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.base import TenantAPIMixin, TenantListAPIView, error_responses
from core.errors import NotFound
from tenant_apps.alumni.card import selectors, services, tokens
from tenant_apps.alumni.card.api import serializers as s
from tenant_apps.alumni.card.enums import CheckVia
from tenant_apps.alumni.card.models import Card, CouponBatch, KeyAlumnus, Partner

TAGS = ["alumni-card"]


def _int(value) -> int | None:
    return int(value) if str(value or "").isdigit() else None


# --- settings and my card -------------------------------------------------------------------


class SettingsAPI(TenantAPIMixin, APIView):
    permission_map = {"GET": "alumni_card.view_cardsettings", "PUT": "alumni_card.change_cardsettings"}

    @extend_schema(operation_id="alumni_card_settings_get", summary="云卡设置", tags=TAGS, responses={200: s.AlumniCardSettingsSerializer, **error_responses(401, 403)})
    def get(self, request):
        return Response(s.AlumniCardSettingsSerializer(selectors.card_settings()).data)

    @extend_schema(operation_id="alumni_card_settings_update", summary="修改云卡名称、标语与领取设置（LOGO 在后台上传）", tags=TAGS,
                   request=s.AlumniCardSettingsSerializer, responses={200: s.AlumniCardSettingsSerializer, **error_responses(400, 401, 403)})
    def put(self, request):
        data = s.AlumniCardSettingsSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        row = services.settings_save(actor=request.user, name=data.validated_data["name"], tagline=data.validated_data.get("tagline", ""),
                                     claim_intro=data.validated_data.get("claim_intro", ""), is_claim_open=data.validated_data.get("is_claim_open", True))
        return Response(s.AlumniCardSettingsSerializer(row).data)


class MineAPI(TenantAPIMixin, APIView):
    permission_map = {"GET": ""}

    @extend_schema(operation_id="alumni_card_mine", summary="我的云卡（未领取时 card 为 null）", tags=TAGS, responses={200: s.AlumniCardMineSerializer, **error_responses(401)})
    def get(self, request):
        card = selectors.card_for(request.user)
        return Response(s.AlumniCardMineSerializer({"card_name": selectors.card_settings().name, "card": card,
                                                    "claim_refusal": None if card else selectors.claim_refusal(request.user)}).data)


class ClaimAPI(TenantAPIMixin, APIView):
    permission_map = {"POST": ""}

    @extend_schema(operation_id="alumni_card_claim", summary="领取云卡（仅认证校友）", tags=TAGS, request=s.AlumniCardClaimSerializer,
                   responses={201: s.AlumniCardSerializer, **error_responses(401, 403, 409)})
    def post(self, request):
        data = s.AlumniCardClaimSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        card = services.card_claim(actor=request.user, via=data.validated_data["via"])
        return Response(s.AlumniCardSerializer(card).data, status=status.HTTP_201_CREATED)


class MyCouponsAPI(TenantListAPIView):
    permission_map = {"GET": ""}
    serializer_class = s.AlumniCardCouponSerializer

    def get_queryset(self):
        services.coupons_sync_for_holder(user=self.request.user)
        return selectors.my_coupons(self.request.user)

    @extend_schema(operation_id="alumni_card_my_coupons", summary="我的电子券", tags=TAGS, responses={200: s.AlumniCardCouponSerializer(many=True), **error_responses(401)})
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class RedeemAPI(TenantAPIMixin, APIView):
    permission_map = {"POST": ""}

    @extend_schema(operation_id="alumni_card_coupon_redeem", summary="在扫码的机构使用一张电子券（只能使用一次）", tags=TAGS, request=s.AlumniCardRedeemSerializer,
                   responses={200: s.AlumniCardCouponSerializer, **error_responses(400, 401, 404, 409)})
    def post(self, request, pk: int):
        data = s.AlumniCardRedeemSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        scan = services.scan_for_holder(actor=request.user, scan_id=data.validated_data["scan_id"])
        return Response(s.AlumniCardCouponSerializer(services.coupon_redeem(actor=request.user, coupon_id=pk, scan=scan)).data)


# --- scanning and the live token --------------------------------------------------------------


def _live(request, scan) -> dict:
    from urllib.parse import urlencode

    from django.urls import reverse

    token = services.live_token_issue(actor=request.user, scan=scan)
    return {"scan_id": scan.pk, "partner": scan.partner, "token": token,
            "check_url": request.build_absolute_uri(f"{reverse('h5:alumni_card:check')}?{urlencode({'t': token})}"),
            "valid_seconds": tokens.LIVE_TOKEN_SECONDS, "refresh_seconds": tokens.REFRESH_SECONDS}


class ScanStartAPI(TenantAPIMixin, APIView):
    permission_map = {"POST": ""}

    @extend_schema(operation_id="alumni_card_scan_start", summary="持卡校友扫描机构二维码：记录扫码并返回实时令牌", tags=TAGS, request=None,
                   responses={201: s.AlumniCardLiveSerializer, **error_responses(401, 403, 404, 409)})
    def post(self, request, qr_key: str):
        partner = selectors.partner_by_qr(qr_key)
        if partner is None:
            raise NotFound("机构二维码无效。")
        scan = services.scan_start(actor=request.user, partner=partner)
        return Response(s.AlumniCardLiveSerializer(_live(request, scan)).data, status=status.HTTP_201_CREATED)


class LiveTokenAPI(TenantAPIMixin, APIView):
    permission_map = {"GET": ""}

    @extend_schema(operation_id="alumni_card_live_token", summary="刷新实时令牌（页面每 10 秒调用）", tags=TAGS,
                   responses={200: s.AlumniCardLiveSerializer, **error_responses(401, 403, 404, 409)})
    def get(self, request, pk: int):
        scan = services.scan_for_holder(actor=request.user, scan_id=pk)
        return Response(s.AlumniCardLiveSerializer(_live(request, scan)).data)


class VerifyAPI(TenantAPIMixin, APIView):
    """dangerously_unauthenticated: the partner's staff device checks a live token. It proves
    itself with the partner's secret staff key; only an accepted, fresh token tells who the
    holder is (name, class year, card number)."""

    permission_classes = [AllowAny]  # a token that is sent must still be valid here (else 401)
    permission_map = {"POST": ""}

    @extend_schema(operation_id="alumni_card_verify", summary="机构核验实时令牌（截图中的旧令牌会被拒绝）", tags=TAGS, request=s.AlumniCardVerifyInputSerializer,
                   responses={200: s.AlumniCardVerifyOutputSerializer, **error_responses(400, 404)})
    def post(self, request):
        data = s.AlumniCardVerifyInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        partner = selectors.partner_by_staff_key(data.validated_data["staff_key"])
        if partner is None:
            raise NotFound("核验密钥无效。", code="card_staff_key_invalid")
        token = data.validated_data["token"]
        if "t=" in token:
            from urllib.parse import parse_qs, urlsplit

            token = (parse_qs(urlsplit(token).query).get("t") or [""])[0]
        outcome = services.token_check(partner=partner, token=token, via=CheckVia.API)
        card = outcome.scan.card if outcome.scan else None
        return Response(s.AlumniCardVerifyOutputSerializer({
            "result": outcome.check.result, "accepted": outcome.accepted, "message": outcome.message, "token_age": outcome.check.token_age,
            "holder_name": card.holder_name if card else None, "class_year": card.class_year if card else None, "card_number": card.number if card else None,
            "coupons_redeemed": [c.batch.name for c in outcome.coupons_redeemed]}).data)


# --- partners -------------------------------------------------------------------------------


class PublicPartnersAPI(TenantListAPIView):
    permission_map = {"GET": ""}
    serializer_class = s.AlumniCardPartnerPublicSerializer

    def get_queryset(self):
        return selectors.partners(active_only=True, q=self.request.query_params.get("q", ""))

    @extend_schema(operation_id="alumni_card_partners_public", summary="合作机构（校友看到的列表）", tags=TAGS,
                   responses={200: s.AlumniCardPartnerPublicSerializer(many=True), **error_responses(401)})
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class PartnerListAPI(TenantListAPIView):
    permission_map = {"GET": "alumni_card.view_partner", "POST": "alumni_card.add_partner"}
    serializer_class = s.AlumniCardPartnerSerializer

    def get_queryset(self):
        return selectors.partners(q=self.request.query_params.get("q", ""))

    @extend_schema(operation_id="alumni_card_partner_list", summary="合作机构管理列表（含二维码与核验链接）", tags=TAGS,
                   responses={200: s.AlumniCardPartnerSerializer(many=True), **error_responses(401, 403)})
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(operation_id="alumni_card_partner_create", summary="添加合作机构", tags=TAGS, request=s.AlumniCardPartnerWriteSerializer,
                   responses={201: s.AlumniCardPartnerSerializer, **error_responses(400, 401, 403)})
    def post(self, request):
        data = s.AlumniCardPartnerWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        partner = services.partner_save(actor=request.user, data=services.PartnerInput(**data.validated_data))
        return Response(s.AlumniCardPartnerSerializer(partner, context={"request": request}).data, status=status.HTTP_201_CREATED)


class PartnerDetailAPI(TenantAPIMixin, APIView):
    permission_map = {"GET": "alumni_card.view_partner", "PUT": "alumni_card.change_partner", "DELETE": "alumni_card.delete_partner"}

    @extend_schema(operation_id="alumni_card_partner_get", summary="合作机构详情", tags=TAGS, responses={200: s.AlumniCardPartnerSerializer, **error_responses(401, 403, 404)})
    def get(self, request, pk: int):
        return Response(s.AlumniCardPartnerSerializer(get_object_or_404(Partner, pk=pk), context={"request": request}).data)

    @extend_schema(operation_id="alumni_card_partner_update", summary="修改合作机构", tags=TAGS, request=s.AlumniCardPartnerWriteSerializer,
                   responses={200: s.AlumniCardPartnerSerializer, **error_responses(400, 401, 403, 404)})
    def put(self, request, pk: int):
        data = s.AlumniCardPartnerWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        partner = services.partner_save(actor=request.user, data=services.PartnerInput(**data.validated_data), partner=get_object_or_404(Partner, pk=pk))
        return Response(s.AlumniCardPartnerSerializer(partner, context={"request": request}).data)

    @extend_schema(operation_id="alumni_card_partner_delete", summary="删除合作机构（有记录的只能停止合作）", tags=TAGS, responses={204: None, **error_responses(401, 403, 404, 409)})
    def delete(self, request, pk: int):
        services.partner_delete(actor=request.user, partner=get_object_or_404(Partner, pk=pk))
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- logs -----------------------------------------------------------------------------------


class ScanListAPI(TenantListAPIView):
    permission_map = {"GET": "alumni_card.view_scan"}
    serializer_class = s.AlumniCardScanSerializer

    def get_queryset(self):
        params = self.request.query_params
        return selectors.scans(q=params.get("q", ""), partner_id=_int(params.get("partner")), key_only=params.get("key") == "1")

    @extend_schema(operation_id="alumni_card_scan_list", summary="扫码记录", tags=TAGS,
                   parameters=[OpenApiParameter("q", str), OpenApiParameter("partner", int), OpenApiParameter("key", str, description="1：只看重点校友")],
                   responses={200: s.AlumniCardScanSerializer(many=True), **error_responses(401, 403)})
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class CheckListAPI(TenantListAPIView):
    permission_map = {"GET": "alumni_card.view_scan"}
    serializer_class = s.AlumniCardCheckSerializer

    def get_queryset(self):
        params = self.request.query_params
        return selectors.checks(partner_id=_int(params.get("partner")), result=params.get("result", ""))

    @extend_schema(operation_id="alumni_card_check_list", summary="工作人员核验记录", tags=TAGS,
                   parameters=[OpenApiParameter("partner", int), OpenApiParameter("result", str)],
                   responses={200: s.AlumniCardCheckSerializer(many=True), **error_responses(401, 403)})
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class CardListAPI(TenantListAPIView):
    permission_map = {"GET": "alumni_card.view_card"}
    serializer_class = s.AlumniCardSerializer

    def get_queryset(self):
        return selectors.cards(q=self.request.query_params.get("q", ""), status=self.request.query_params.get("status", ""))

    @extend_schema(operation_id="alumni_card_card_list", summary="持卡校友", tags=TAGS, parameters=[OpenApiParameter("q", str), OpenApiParameter("status", str)],
                   responses={200: s.AlumniCardSerializer(many=True), **error_responses(401, 403)})
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class CardStatusAPI(TenantAPIMixin, APIView):
    permission_map = {"POST": "alumni_card.revoke_card"}

    @extend_schema(operation_id="alumni_card_card_status", summary="停用或恢复云卡", tags=TAGS, request=s.AlumniCardRevokeSerializer,
                   responses={200: s.AlumniCardSerializer, **error_responses(400, 401, 403, 404)})
    def post(self, request, pk: int):
        data = s.AlumniCardRevokeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        card = services.card_set_status(actor=request.user, card=get_object_or_404(Card, pk=pk), active=data.validated_data["active"],
                                        reason=data.validated_data["reason"])
        return Response(s.AlumniCardSerializer(card).data)


# --- coupons --------------------------------------------------------------------------------


class BatchListAPI(TenantListAPIView):
    permission_map = {"GET": "alumni_card.view_couponbatch", "POST": "alumni_card.add_couponbatch"}
    serializer_class = s.AlumniCardBatchSerializer

    def get_queryset(self):
        return selectors.batches(q=self.request.query_params.get("q", ""))

    @extend_schema(operation_id="alumni_card_batch_list", summary="电子券批次", tags=TAGS, responses={200: s.AlumniCardBatchSerializer(many=True), **error_responses(401, 403)})
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(operation_id="alumni_card_batch_create", summary="新建电子券（餐券、停车券、优惠券）", tags=TAGS, request=s.AlumniCardBatchWriteSerializer,
                   responses={201: s.AlumniCardBatchSerializer, **error_responses(400, 401, 403)})
    def post(self, request):
        data = s.AlumniCardBatchWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        batch = services.batch_save(actor=request.user, data=services.BatchInput(**data.validated_data))
        return Response(s.AlumniCardBatchSerializer(batch).data, status=status.HTTP_201_CREATED)


class BatchDetailAPI(TenantAPIMixin, APIView):
    permission_map = {"GET": "alumni_card.view_couponbatch", "PUT": "alumni_card.change_couponbatch"}

    @extend_schema(operation_id="alumni_card_batch_get", summary="电子券批次详情", tags=TAGS, responses={200: s.AlumniCardBatchSerializer, **error_responses(401, 403, 404)})
    def get(self, request, pk: int):
        return Response(s.AlumniCardBatchSerializer(get_object_or_404(selectors.batches(), pk=pk)).data)

    @extend_schema(operation_id="alumni_card_batch_update", summary="修改电子券批次", tags=TAGS, request=s.AlumniCardBatchWriteSerializer,
                   responses={200: s.AlumniCardBatchSerializer, **error_responses(400, 401, 403, 404)})
    def put(self, request, pk: int):
        data = s.AlumniCardBatchWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        batch = services.batch_save(actor=request.user, data=services.BatchInput(**data.validated_data), batch=get_object_or_404(CouponBatch, pk=pk))
        return Response(s.AlumniCardBatchSerializer(batch).data)


class BatchIssueAPI(TenantAPIMixin, APIView):
    permission_map = {"POST": "alumni_card.issue_coupon"}

    @extend_schema(operation_id="alumni_card_batch_issue", summary="发放电子券（按卡号、用户、重点校友或关联活动的签到者；每人一张）", tags=TAGS,
                   request=s.AlumniCardIssueSerializer, responses={200: s.AlumniCardIssueResultSerializer, **error_responses(400, 401, 403, 404, 409)})
    def post(self, request, pk: int):
        batch = get_object_or_404(CouponBatch, pk=pk)
        data = s.AlumniCardIssueSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        mode, unknown = data.validated_data["mode"], []
        if mode == "numbers":
            count, unknown = services.coupons_issue_by_numbers(actor=request.user, batch=batch, numbers=data.validated_data["numbers"])
        elif mode == "users":
            count = services.coupons_issue(actor=request.user, batch=batch, user_ids=data.validated_data["user_ids"])
        elif mode == "key_alumni":
            count = services.coupons_issue_to_key_alumni(actor=request.user, batch=batch)
        else:
            count = services.coupons_issue_for_activity(actor=request.user, batch=batch)
        return Response(s.AlumniCardIssueResultSerializer({"issued": count, "unknown_numbers": unknown}).data)


class CouponListAPI(TenantListAPIView):
    permission_map = {"GET": "alumni_card.view_coupon"}
    serializer_class = s.AlumniCardCouponSerializer

    def get_queryset(self):
        params = self.request.query_params
        return selectors.coupons(batch_id=_int(params.get("batch")), status=params.get("status", ""), q=params.get("q", ""))

    @extend_schema(operation_id="alumni_card_coupon_list", summary="电子券与核销记录（status=redeemed）", tags=TAGS,
                   parameters=[OpenApiParameter("batch", int), OpenApiParameter("status", str), OpenApiParameter("q", str)],
                   responses={200: s.AlumniCardCouponSerializer(many=True), **error_responses(401, 403)})
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


# --- key alumni -----------------------------------------------------------------------------


class KeyAlumniAPI(TenantListAPIView):
    permission_map = {"GET": "alumni_card.manage_key_alumni", "POST": "alumni_card.manage_key_alumni"}
    serializer_class = s.AlumniCardKeyAlumnusSerializer

    def get_queryset(self):
        return selectors.key_alumni(q=self.request.query_params.get("q", ""))

    @extend_schema(operation_id="alumni_card_key_alumni_list", summary="重点校友", tags=TAGS, responses={200: s.AlumniCardKeyAlumnusSerializer(many=True), **error_responses(401, 403)})
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(operation_id="alumni_card_key_alumnus_set", summary="设为重点校友（扫码时提醒校友会）", tags=TAGS, request=s.AlumniCardKeyAlumnusWriteSerializer,
                   responses={201: s.AlumniCardKeyAlumnusSerializer, **error_responses(400, 401, 403)})
    def post(self, request):
        data = s.AlumniCardKeyAlumnusWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        row = services.key_alumnus_set(actor=request.user, record_id=data.validated_data["record_id"], note=data.validated_data["note"])
        return Response(s.AlumniCardKeyAlumnusSerializer(row).data, status=status.HTTP_201_CREATED)


class KeyAlumnusDetailAPI(TenantAPIMixin, APIView):
    permission_map = {"DELETE": "alumni_card.manage_key_alumni"}

    @extend_schema(operation_id="alumni_card_key_alumnus_remove", summary="取消重点校友", tags=TAGS, responses={204: None, **error_responses(401, 403, 404)})
    def delete(self, request, pk: int):
        services.key_alumnus_remove(actor=request.user, row=get_object_or_404(KeyAlumnus, pk=pk))
        return Response(status=status.HTTP_204_NO_CONTENT)
