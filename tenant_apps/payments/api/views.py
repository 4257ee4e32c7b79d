"""Payments API for integrators and the back office: orders, refunds, reconciliation."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.base import TenantAPIMixin, TenantListAPIView, TenantRetrieveAPIView, error_responses
from tenant_apps.payments import services
from tenant_apps.payments.models import Order, Reconciliation, Refund


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
