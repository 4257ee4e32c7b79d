"""Shop API over the same services as the pages: staff endpoints (goods, categories, orders with
fulfilment and refunds, settings, points) and the buyer's (store, checkout, pay, my orders, points)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.base import TenantAPIMixin, TenantListAPIView, error_responses
from tenant_apps.accounts.models import User
from tenant_apps.alumni.shop import selectors, services
from tenant_apps.alumni.shop.api import serializers as s
from tenant_apps.alumni.shop.models import Category, Goods, Order


def _notify_url(request) -> str:
    return request.build_absolute_uri(reverse("api:payments:notify"))


def _int(value) -> int | None:
    value = str(value or "")
    return int(value) if value.isdigit() else None


# --- staff: goods, categories, settings, points -------------------------------------------------


class GoodsListAPI(TenantListAPIView):
    serializer_class = s.AlumniShopGoodsSerializer
    permission_map = {"GET": "alumni_shop.view_goods", "POST": "alumni_shop.add_goods"}
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        params = self.request.query_params
        return selectors.goods_search(keyword=params.get("q", "").strip(), category_id=_int(params.get("category")),
                                      on_shelf={"true": True, "false": False}.get(params.get("on_shelf", "")))

    @extend_schema(summary="商品列表（后台）", operation_id="alumni_shop_goods_list", parameters=[
        OpenApiParameter("q", str, description="名称/卖点"), OpenApiParameter("category", int), OpenApiParameter("on_shelf", str, enum=["true", "false"])],
        responses={200: s.AlumniShopGoodsSerializer(many=True), **error_responses(401, 403)})
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(summary="新增商品", operation_id="alumni_shop_goods_create", request=s.AlumniShopGoodsWriteSerializer,
                   responses={201: s.AlumniShopGoodsSerializer, **error_responses(400, 401, 403)})
    def post(self, request):
        data = s.AlumniShopGoodsWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        image = values.pop("image", None)
        goods = services.goods_create(actor=request.user, data=services.GoodsInput(**values), image=image)
        return Response(s.AlumniShopGoodsSerializer(goods, context={"request": request}).data, status=status.HTTP_201_CREATED)


class GoodsDetailAPI(TenantAPIMixin, APIView):
    permission_map = {"GET": "alumni_shop.view_goods", "PUT": "alumni_shop.change_goods", "DELETE": "alumni_shop.delete_goods"}
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(summary="商品详情（后台）", operation_id="alumni_shop_goods_retrieve", responses={200: s.AlumniShopGoodsSerializer, **error_responses(401, 403, 404)})
    def get(self, request, pk: int):
        return Response(s.AlumniShopGoodsSerializer(get_object_or_404(selectors.goods_search(), pk=pk), context={"request": request}).data)

    @extend_schema(summary="修改商品（含库存、上下架、推荐）", operation_id="alumni_shop_goods_update", request=s.AlumniShopGoodsWriteSerializer,
                   responses={200: s.AlumniShopGoodsSerializer, **error_responses(400, 401, 403, 404)})
    def put(self, request, pk: int):
        goods = get_object_or_404(selectors.goods_search(), pk=pk)
        data = s.AlumniShopGoodsWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        image = values.pop("image", None)
        goods = services.goods_update(actor=request.user, goods=goods, data=services.GoodsInput(**values), image=image)
        return Response(s.AlumniShopGoodsSerializer(goods, context={"request": request}).data)

    @extend_schema(summary="删除商品（已有订单不受影响）", operation_id="alumni_shop_goods_delete", responses={204: None, **error_responses(401, 403, 404)})
    def delete(self, request, pk: int):
        services.goods_delete(actor=request.user, goods=get_object_or_404(selectors.goods_search(), pk=pk))
        return Response(status=status.HTTP_204_NO_CONTENT)


class CategoryListAPI(TenantAPIMixin, APIView):
    permission_map = {"GET": "", "POST": "alumni_shop.manage_shop"}
    pagination_class = None  # a short list, answered whole

    @extend_schema(summary="商品分类", operation_id="alumni_shop_category_list", responses={200: s.AlumniShopCategorySerializer(many=True), **error_responses(401)})
    def get(self, request):
        return Response(s.AlumniShopCategorySerializer(selectors.categories(), many=True).data)

    @extend_schema(summary="新增分类", operation_id="alumni_shop_category_create", request=s.AlumniShopCategorySerializer,
                   responses={201: s.AlumniShopCategorySerializer, **error_responses(400, 401, 403)})
    def post(self, request):
        data = s.AlumniShopCategorySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        category = services.category_save(actor=request.user, name=data.validated_data["name"], sort_order=data.validated_data.get("sort_order", 0))
        return Response(s.AlumniShopCategorySerializer(category).data, status=status.HTTP_201_CREATED)


class CategoryDetailAPI(TenantAPIMixin, APIView):
    permission_map = {"DELETE": "alumni_shop.manage_shop"}

    @extend_schema(summary="删除分类（商品变为不分类）", operation_id="alumni_shop_category_delete", responses={204: None, **error_responses(401, 403, 404)})
    def delete(self, request, pk: int):
        services.category_delete(actor=request.user, category=get_object_or_404(Category, pk=pk))
        return Response(status=status.HTTP_204_NO_CONTENT)


class SettingsAPI(TenantAPIMixin, APIView):
    permission_map = {"GET": "alumni_shop.manage_shop", "PUT": "alumni_shop.manage_shop"}

    @extend_schema(summary="店铺设置", operation_id="alumni_shop_settings_retrieve", responses={200: s.AlumniShopSettingsSerializer, **error_responses(401, 403)})
    def get(self, request):
        return Response(s.AlumniShopSettingsSerializer(selectors.shop_settings()).data)

    @extend_schema(summary="保存店铺设置（开放、积分兑换开关、待支付分钟数、自提地点、公告）", operation_id="alumni_shop_settings_update",
                   request=s.AlumniShopSettingsSerializer, responses={200: s.AlumniShopSettingsSerializer, **error_responses(400, 401, 403)})
    def put(self, request):
        data = s.AlumniShopSettingsSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        return Response(s.AlumniShopSettingsSerializer(services.settings_save(actor=request.user, data=data.validated_data)).data)


class PointsGrantAPI(TenantAPIMixin, APIView):
    permission_map = {"POST": "alumni_shop.manage_shop"}

    @extend_schema(summary="发放或扣减校友积分", operation_id="alumni_shop_points_grant", request=s.AlumniShopPointsGrantSerializer,
                   responses={201: s.AlumniShopPointsEntrySerializer, **error_responses(400, 401, 403, 404, 409)})
    def post(self, request):
        data = s.AlumniShopPointsGrantSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = get_object_or_404(User, pk=data.validated_data["user_id"])
        entry = services.points_grant(actor=request.user, user=user, delta=data.validated_data["delta"], reason=data.validated_data["reason"])
        return Response(s.AlumniShopPointsEntrySerializer(entry).data, status=status.HTTP_201_CREATED)


# --- staff: orders ------------------------------------------------------------------------------


class OrderListAPI(TenantListAPIView):
    serializer_class = s.AlumniShopStaffOrderSerializer
    permission_map = {"GET": "alumni_shop.view_order"}

    def get_queryset(self):
        params = self.request.query_params
        return selectors.orders_search(status=params.get("status", ""), pay_method=params.get("pay_method", ""), delivery=params.get("delivery", ""),
                                       keyword=params.get("q", "").strip())

    @extend_schema(summary="店铺订单（后台，收货信息脱敏）", operation_id="alumni_shop_order_list", parameters=[
        OpenApiParameter("q", str, description="订单号/商品/买家/快递单号"), OpenApiParameter("status", str, enum=s.ORDER_STATUSES),
        OpenApiParameter("pay_method", str, enum=["wechat", "points"]), OpenApiParameter("delivery", str, enum=["ship", "pickup"])],
        responses={200: s.AlumniShopStaffOrderSerializer(many=True), **error_responses(401, 403)})
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


def _staff_order(request, order: Order) -> dict:
    contacts = {}
    if request.user.has_perm("alumni_shop.fulfil_order"):
        contacts[order.pk] = services.recipient_read(actor=request.user, order=order)
    return s.AlumniShopStaffOrderSerializer(order, context={"contacts": contacts}).data


class OrderDetailAPI(TenantAPIMixin, APIView):
    permission_map = {"GET": "alumni_shop.view_order"}

    @extend_schema(summary="订单详情（后台；有发货权限者可见完整收货信息，读取留痕）", operation_id="alumni_shop_order_retrieve",
                   responses={200: s.AlumniShopStaffOrderSerializer, **error_responses(401, 403, 404)})
    def get(self, request, pk: int):
        return Response(_staff_order(request, get_object_or_404(Order.objects.select_related("user"), pk=pk)))


class OrderActionAPI(TenantAPIMixin, APIView):
    """Base of ship / complete (fulfilment right) and cancel / refund (refund right)."""

    def _order(self, pk: int) -> Order:
        return get_object_or_404(Order.objects.select_related("user"), pk=pk)


class OrderShipAPI(OrderActionAPI):
    permission_map = {"POST": "alumni_shop.fulfil_order"}

    @extend_schema(summary="发货（快递公司与单号）或自提备货", operation_id="alumni_shop_order_ship", request=s.AlumniShopShipSerializer,
                   responses={200: s.AlumniShopStaffOrderSerializer, **error_responses(400, 401, 403, 404, 409)})
    def post(self, request, pk: int):
        data = s.AlumniShopShipSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        order = services.order_ship(actor=request.user, order=self._order(pk), company=data.validated_data["company"],
                                    tracking_no=data.validated_data["tracking_no"])
        return Response(_staff_order(request, order))


class OrderCompleteAPI(OrderActionAPI):
    permission_map = {"POST": "alumni_shop.fulfil_order"}

    @extend_schema(summary="标记完成（已签收/已自提）", operation_id="alumni_shop_order_complete", request=None,
                   responses={200: s.AlumniShopStaffOrderSerializer, **error_responses(401, 403, 404, 409)})
    def post(self, request, pk: int):
        return Response(_staff_order(request, services.order_complete(actor=request.user, order=self._order(pk))))


class OrderCancelAPI(OrderActionAPI):
    permission_map = {"POST": "alumni_shop.refund_order"}

    @extend_schema(summary="取消订单（已付款的全额退款，库存退回）", operation_id="alumni_shop_order_cancel", request=s.AlumniShopReasonSerializer,
                   responses={200: s.AlumniShopStaffOrderSerializer, **error_responses(401, 403, 404, 409)})
    def post(self, request, pk: int):
        data = s.AlumniShopReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        order = services.order_cancel(actor=request.user, order=self._order(pk), reason=data.validated_data["reason"],
                                      notify_url=_notify_url(request))
        return Response(_staff_order(request, order))


class OrderRefundAPI(OrderActionAPI):
    permission_map = {"POST": "alumni_shop.refund_order"}

    @extend_schema(summary="退款（全额或部分，经微信支付原路退回；积分订单退回积分）", operation_id="alumni_shop_order_refund", request=s.AlumniShopRefundSerializer,
                   responses={200: s.AlumniShopStaffOrderSerializer, **error_responses(400, 401, 403, 404, 409)})
    def post(self, request, pk: int):
        data = s.AlumniShopRefundSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        order = services.order_refund(actor=request.user, order=self._order(pk), amount_fen=data.validated_data["amount_fen"],
                                      reason=data.validated_data["reason"], restock=data.validated_data["restock"], notify_url=_notify_url(request))
        return Response(_staff_order(request, order))


# --- buyers ---------------------------------------------------------------------------------------


class StoreHomeAPI(TenantAPIMixin, APIView):
    permission_map = {"GET": ""}

    @extend_schema(summary="店铺首页（推荐、热门、分类、我的积分）", operation_id="alumni_shop_store_home", responses={200: s.AlumniShopHomeSerializer, **error_responses(401)})
    def get(self, request):
        context = {"request": request}
        return Response(s.AlumniShopHomeSerializer({"shop": selectors.shop_settings(), "categories": selectors.categories(),
                                                    "recommended": selectors.recommended_goods(), "popular": selectors.popular_goods(),
                                                    "points": selectors.points_balance(request.user)}, context=context).data)


class StoreGoodsListAPI(TenantListAPIView):
    serializer_class = s.AlumniShopGoodsSerializer
    permission_map = {"GET": ""}

    def get_queryset(self):
        params = self.request.query_params
        return selectors.storefront(keyword=params.get("q", "").strip(), category_id=_int(params.get("category")))

    @extend_schema(summary="在售商品", operation_id="alumni_shop_store_goods_list", parameters=[OpenApiParameter("q", str), OpenApiParameter("category", int)],
                   responses={200: s.AlumniShopGoodsSerializer(many=True), **error_responses(401)})
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class StoreGoodsDetailAPI(TenantAPIMixin, APIView):
    permission_map = {"GET": ""}

    @extend_schema(summary="在售商品详情", operation_id="alumni_shop_store_goods_retrieve", responses={200: s.AlumniShopGoodsSerializer, **error_responses(401, 404)})
    def get(self, request, pk: int):
        return Response(s.AlumniShopGoodsSerializer(get_object_or_404(selectors.storefront(), pk=pk), context={"request": request}).data)


class MyOrderListAPI(TenantListAPIView):
    serializer_class = s.AlumniShopOrderSerializer
    permission_map = {"GET": "", "POST": ""}

    def get_queryset(self):
        qs = selectors.my_orders(self.request.user)
        wanted = self.request.query_params.get("status", "")
        return qs.filter(status=wanted) if wanted else qs

    @extend_schema(summary="我的订单", operation_id="alumni_shop_my_order_list", parameters=[OpenApiParameter("status", str, enum=s.ORDER_STATUSES)],
                   responses={200: s.AlumniShopOrderSerializer(many=True), **error_responses(401)})
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(summary="下单（微信支付待支付，或积分兑换立即完成支付）", operation_id="alumni_shop_my_order_create", request=s.AlumniShopOrderPlaceSerializer,
                   responses={201: s.AlumniShopOrderSerializer, **error_responses(400, 401, 404, 409)})
    def post(self, request):
        data = s.AlumniShopOrderPlaceSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        goods = get_object_or_404(Goods, pk=values.pop("goods_id"), deleted_at__isnull=True)
        order = services.order_place(actor=request.user, goods=goods, data=services.OrderInput(**values))
        return Response(s.AlumniShopOrderSerializer(order).data, status=status.HTTP_201_CREATED)


def _my_order(request, pk: int) -> Order:
    return get_object_or_404(Order, pk=pk, user=request.user)


class MyOrderDetailAPI(TenantAPIMixin, APIView):
    permission_map = {"GET": ""}

    @extend_schema(summary="我的订单详情", operation_id="alumni_shop_my_order_retrieve", responses={200: s.AlumniShopOrderSerializer, **error_responses(401, 404)})
    def get(self, request, pk: int):
        return Response(s.AlumniShopOrderSerializer(_my_order(request, pk)).data)


class MyOrderPayAPI(TenantAPIMixin, APIView):
    permission_map = {"POST": ""}

    @extend_schema(summary="微信支付（返回 JSAPI 调起参数）", operation_id="alumni_shop_my_order_pay", request=None,
                   responses={200: s.AlumniShopPaySerializer, **error_responses(401, 404, 409, 502)})
    def post(self, request, pk: int):
        checkout = services.order_pay(actor=request.user, order=_my_order(request, pk), openid=request.user.wechat_openid, notify_url=_notify_url(request))
        return Response({"out_trade_no": checkout.order.out_trade_no, "jsapi": checkout.jsapi})


class MyOrderSyncAPI(TenantAPIMixin, APIView):
    permission_map = {"POST": ""}

    @extend_schema(summary="查询支付结果（向微信支付查询后更新订单）", operation_id="alumni_shop_my_order_sync", request=None,
                   responses={200: s.AlumniShopOrderSerializer, **error_responses(401, 404, 503)})
    def post(self, request, pk: int):
        return Response(s.AlumniShopOrderSerializer(services.order_payment_sync(order=_my_order(request, pk))).data)


class MyOrderCancelAPI(TenantAPIMixin, APIView):
    permission_map = {"POST": ""}

    @extend_schema(summary="取消待支付的订单（库存退回）", operation_id="alumni_shop_my_order_cancel", request=None,
                   responses={200: s.AlumniShopOrderSerializer, **error_responses(401, 404, 409)})
    def post(self, request, pk: int):
        return Response(s.AlumniShopOrderSerializer(services.order_cancel(actor=request.user, order=_my_order(request, pk))).data)


class MyOrderReceivedAPI(TenantAPIMixin, APIView):
    permission_map = {"POST": ""}

    @extend_schema(summary="确认收货", operation_id="alumni_shop_my_order_received", request=None,
                   responses={200: s.AlumniShopOrderSerializer, **error_responses(401, 404, 409)})
    def post(self, request, pk: int):
        return Response(s.AlumniShopOrderSerializer(services.order_complete(actor=request.user, order=_my_order(request, pk))).data)


class MyPointsAPI(TenantAPIMixin, APIView):
    permission_map = {"GET": ""}

    @extend_schema(summary="我的积分与明细", operation_id="alumni_shop_my_points", responses={200: s.AlumniShopPointsSerializer, **error_responses(401)})
    def get(self, request):
        return Response(s.AlumniShopPointsSerializer({"balance": selectors.points_balance(request.user), "entries": selectors.points_entries(request.user)}).data)
