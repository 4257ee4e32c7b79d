"""Tenant billing API (/api/v1/billing/). Billing rows live in the public schema for every
tenant: each view reads through a selector that filters by request.tenant."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.response import Response

from core.api.base import TenantAPIMixin, error_responses
from core.errors import NotFound
from shared_apps.billing import selectors, services
from shared_apps.billing.api import serializers as s
from shared_apps.billing.enums import MANAGE_BILLING, VIEW_BILLING

TAGS = ["套餐与账单"]


class BillingOverviewAPI(TenantAPIMixin, generics.GenericAPIView):
    permission_map = {"GET": VIEW_BILLING}
    serializer_class = s.BillingOverviewSerializer

    @extend_schema(operation_id="billing_overview", tags=TAGS, summary="当前套餐、订阅状态、额度与用量", responses={200: s.BillingOverviewSerializer, **error_responses(401, 403)})
    def get(self, request):
        return Response(s.BillingOverviewSerializer(selectors.billing_overview(tenant=request.tenant)).data)


class BillingPlanListAPI(TenantAPIMixin, generics.GenericAPIView):
    permission_map = {"GET": VIEW_BILLING}
    serializer_class = s.BillingPlanSerializer

    @extend_schema(operation_id="billing_plan_list", tags=TAGS, summary="可在线变更的套餐（按当前计费周期有在线价格的公开套餐）", responses={200: s.BillingPlanSerializer(many=True), **error_responses(401, 403)})
    def get(self, request):
        subscription = selectors.subscription_of(tenant=request.tenant)
        plans = selectors.plans_offered(interval=subscription.interval) if subscription else []
        return Response(s.BillingPlanSerializer(plans, many=True).data)


class BillingInvoiceListAPI(TenantAPIMixin, generics.ListAPIView):
    permission_map = {"GET": VIEW_BILLING}
    serializer_class = s.BillingInvoiceSerializer
    filter_fields = {"status": "status"}
    search_fields = ("number",)

    def get_queryset(self):
        return selectors.invoices_of(tenant=self.request.tenant)

    @extend_schema(operation_id="billing_invoice_list", tags=TAGS, summary="账单列表（新的在前，分页）", responses={200: s.BillingInvoiceSerializer(many=True), **error_responses(400, 401, 403)})
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class BillingInvoiceDetailAPI(TenantAPIMixin, generics.GenericAPIView):
    permission_map = {"GET": VIEW_BILLING}
    serializer_class = s.BillingInvoiceSerializer

    @extend_schema(operation_id="billing_invoice_get", tags=TAGS, summary="账单详情", responses={200: s.BillingInvoiceSerializer, **error_responses(401, 403, 404)})
    def get(self, request, pk: int):
        invoice = selectors.invoice_get(tenant=request.tenant, pk=pk)
        if invoice is None:
            raise NotFound("账单不存在。")
        return Response(s.BillingInvoiceSerializer(invoice).data)


class BillingPortalSessionAPI(TenantAPIMixin, generics.GenericAPIView):
    permission_map = {"POST": MANAGE_BILLING}
    serializer_class = s.BillingPortalSessionSerializer

    @extend_schema(
        operation_id="billing_portal_session_create", tags=TAGS, summary="打开 Stripe 客户门户（支付方式、发票、取消订阅）",
        request=None, responses={201: s.BillingPortalSessionSerializer, **error_responses(401, 403, 409, 502)},
    )
    def post(self, request):
        url = services.portal_url(tenant=request.tenant, return_url=request.build_absolute_uri("/admin-ui/billing/"))
        return Response(s.BillingPortalSessionSerializer({"url": url}).data, status=status.HTTP_201_CREATED)


class BillingPlanChangeAPI(TenantAPIMixin, generics.GenericAPIView):
    permission_map = {"POST": MANAGE_BILLING}
    serializer_class = s.BillingPlanChangeInputSerializer

    @extend_schema(
        operation_id="billing_plan_change", tags=TAGS, summary="变更套餐（仅在线订阅；差价按比例计入下一张账单）",
        request=s.BillingPlanChangeInputSerializer, responses={200: s.BillingPlanChangeSerializer, **error_responses(400, 401, 403, 409, 502)},
    )
    def post(self, request):
        serializer = s.BillingPlanChangeInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        change = services.subscription_plan_change(actor=request.user, tenant=request.tenant, plan_code=serializer.validated_data["plan"])
        return Response(s.BillingPlanChangeSerializer(change).data)
