"""Payments API for integrators and the back office: merchant settings, orders, refunds,
reconciliation."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.base import TenantAPIMixin, TenantListAPIView, TenantRetrieveAPIView, error_responses
from core.errors import NotFound
from tenant_apps.payments import services
from tenant_apps.payments.enums import KeyMode, PayMode
from tenant_apps.payments.models import MerchantSettings, Order, Reconciliation, Refund


class PaymentMerchantSettingsSerializer(serializers.ModelSerializer):
    """Secrets (the private key, the APIv3 key) are write-only: a read says only whether they
    are set. Leaving a secret out (or blank) on an update keeps the stored one."""

    pay_mode = serializers.ChoiceField(choices=PayMode.choices, required=False, help_text="direct 直连商户；partner 服务商模式（特约商户）")
    key_mode = serializers.ChoiceField(choices=KeyMode.choices, required=False, help_text="验签方式：微信支付公钥或平台证书")
    private_key = serializers.CharField(write_only=True, required=False, allow_blank=True, trim_whitespace=False, style={"input_type": "password"},
                                        help_text="商户（服务商模式为服务商）API 私钥 PEM，只写")
    apiv3_key = serializers.CharField(write_only=True, required=False, allow_blank=True, style={"input_type": "password"},
                                      help_text="APIv3 密钥（32 字节），只写")
    has_private_key = serializers.SerializerMethodField(help_text="已保存私钥")
    has_apiv3_key = serializers.SerializerMethodField(help_text="已保存 APIv3 密钥")

    class Meta:
        model = MerchantSettings
        ref_name = "PaymentMerchantSettings"
        fields = ["pay_mode", "appid", "mchid", "sub_mchid", "sub_appid", "cert_serial_no", "key_mode", "public_key", "public_key_id", "is_enabled",
                  "private_key", "apiv3_key", "has_private_key", "has_apiv3_key", "updated_at"]
        read_only_fields = ["updated_at"]
        extra_kwargs = {"appid": {"help_text": "公众号 AppID；服务商模式为服务商的 sp_appid"}, "mchid": {"help_text": "商户号；服务商模式为服务商的 sp_mchid"},
                        "sub_mchid": {"help_text": "服务商模式：特约商户号"}, "sub_appid": {"help_text": "服务商模式：特约商户公众号 AppID（付款人 openid 所属）"}}

    def get_has_private_key(self, obj) -> bool:
        return bool(obj.private_key)

    def get_has_apiv3_key(self, obj) -> bool:
        return bool(obj.apiv3_key)


class MerchantSettingsAPI(TenantAPIMixin, APIView):
    permission_map = {"GET": "payments.manage_payments", "PUT": "payments.manage_payments", "PATCH": "payments.manage_payments"}

    def _save(self, request, *, partial: bool):
        current = MerchantSettings.objects.first()
        if current is None and partial:
            partial = False  # nothing to patch yet: the first save needs every required field
        data = PaymentMerchantSettingsSerializer(current, data=request.data, partial=partial)
        data.is_valid(raise_exception=True)
        merchant = services.merchant_settings_save(actor=request.user, data=dict(data.validated_data))
        return Response(PaymentMerchantSettingsSerializer(merchant).data)

    @extend_schema(summary="微信支付商户设置（密钥只写）", operation_id="payments_merchant_settings_get",
                   responses={200: PaymentMerchantSettingsSerializer, **error_responses(401, 403, 404)})
    def get(self, request):
        merchant = MerchantSettings.objects.first()
        if merchant is None:
            raise NotFound("本单位尚未配置微信支付。", code="payments_not_configured")
        return Response(PaymentMerchantSettingsSerializer(merchant).data)

    @extend_schema(summary="保存微信支付商户设置（直连或服务商模式）", operation_id="payments_merchant_settings_put", request=PaymentMerchantSettingsSerializer,
                   responses={200: PaymentMerchantSettingsSerializer, **error_responses(400, 401, 403)})
    def put(self, request):
        return self._save(request, partial=False)

    @extend_schema(summary="修改部分微信支付商户设置", operation_id="payments_merchant_settings_patch", request=PaymentMerchantSettingsSerializer,
                   responses={200: PaymentMerchantSettingsSerializer, **error_responses(400, 401, 403)})
    def patch(self, request):
        return self._save(request, partial=True)


class RefundSerializer(serializers.ModelSerializer):
    class Meta:
        model = Refund
        ref_name = "PaymentRefund"
        fields = ["id", "out_refund_no", "amount_fen", "reason", "status", "refund_id", "created_at", "finished_at"]


class OrderSerializer(serializers.ModelSerializer):
    refunds = RefundSerializer(many=True, read_only=True)

    class Meta:
        model = Order
        ref_name = "PaymentOrder"
        fields = ["id", "out_trade_no", "purpose", "reference", "description", "amount_fen", "payer_user_id", "beneficiary_label", "status",
                  "transaction_id", "paid_at", "refunded_fen", "created_at", "refunds"]


class RefundCreateSerializer(serializers.Serializer):
    amount_fen = serializers.IntegerField(min_value=1, help_text="退款金额（分）")
    reason = serializers.CharField(max_length=80, help_text="退款原因（付款人可见）")
    out_refund_no = serializers.CharField(max_length=64, required=False, help_text="幂等退款单号：同一单号只退一次")

    class Meta:
        ref_name = "PaymentRefundCreate"


class ReconciliationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Reconciliation
        ref_name = "PaymentReconciliation"
        fields = ["bill_date", "status", "bill_rows", "matched_rows", "differences", "error", "finished_at"]


class OrderListAPI(TenantListAPIView):
    serializer_class = OrderSerializer
    permission_map = {"GET": "payments.view_order"}
    filter_fields = {"status": "status", "purpose": "purpose", "reference": "reference"}
    search_fields = ("out_trade_no", "transaction_id", "description", "beneficiary_label")

    def get_queryset(self):
        return Order.objects.prefetch_related("refunds").order_by("-id")

    @extend_schema(summary="支付订单列表", responses={200: OrderSerializer(many=True), **error_responses(401, 403)})
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class OrderDetailAPI(TenantRetrieveAPIView):
    serializer_class = OrderSerializer
    permission_map = {"GET": "payments.view_order"}
    queryset = Order.objects.prefetch_related("refunds")

    @extend_schema(summary="支付订单详情", responses={200: OrderSerializer, **error_responses(401, 403, 404)})
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class OrderRefundAPI(TenantAPIMixin, APIView):
    permission_map = {"POST": "payments.manage_payments"}

    @extend_schema(summary="退款（全额或部分，按退款单号幂等）", request=RefundCreateSerializer,
                   responses={201: RefundSerializer, **error_responses(400, 401, 403, 404, 409)})
    def post(self, request, pk: int):
        order = get_object_or_404(Order, pk=pk)
        data = RefundCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        refund = services.refund_create(actor=request.user, order=order, **data.validated_data)
        return Response(RefundSerializer(refund).data, status=status.HTTP_201_CREATED)


class OrderSyncAPI(TenantAPIMixin, APIView):
    permission_map = {"POST": "payments.view_order"}

    @extend_schema(summary="向微信支付查询订单并更新状态", request=None, responses={200: OrderSerializer, **error_responses(401, 403, 404, 409)})
    def post(self, request, pk: int):
        order = services.order_sync(order=get_object_or_404(Order, pk=pk))
        return Response(OrderSerializer(order).data)


class ReconciliationListAPI(TenantListAPIView):
    serializer_class = ReconciliationSerializer
    permission_map = {"GET": "payments.manage_payments"}
    queryset = Reconciliation.objects.order_by("-bill_date")

    @extend_schema(summary="对账结果", responses={200: ReconciliationSerializer(many=True), **error_responses(401, 403)})
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)
