"""The shop on the phone: the home page (recommended, popular, all goods), goods with checkout,
the order page that pays in WeChat (JSAPI) and my orders with the points balance."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views import View
from django.views.generic import TemplateView

from core.errors import ApplicationError
from core.files import download_url
from core.masking import mask_value
from core.web.pagination import paginate
from core.web.views import H5Mixin
from tenant_apps.alumni.shop import selectors, services
from tenant_apps.alumni.shop.enums import Delivery, OrderStatus, PayMethod
from tenant_apps.alumni.shop.models import Order


def _notify_url(request) -> str:
    return request.build_absolute_uri(reverse("api:payments:notify"))


def _with_pictures(goods_list, user):
    for goods in goods_list:
        goods.picture = download_url(goods.image, user=user)
    return goods_list


class HomeView(H5Mixin, TemplateView):
    template_name = "alumni_shop/h5/home.html"
    page_title = "校友店铺"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        q = self.request.GET.get("q", "").strip()
        category = self.request.GET.get("category", "")
        category_id = int(category) if category.isdigit() else None
        user = self.request.user
        page = paginate(self.request, selectors.storefront(keyword=q, category_id=category_id), per_page=20)
        _with_pictures(page["object_list"], user)
        filtering = bool(q or category_id)
        context.update(page, q=q, category=category_id, categories=selectors.categories(), shop=selectors.shop_settings(), filtering=filtering,
                       recommended=[] if filtering else _with_pictures(selectors.recommended_goods(), user),
                       popular=[] if filtering else _with_pictures(selectors.popular_goods(), user))
        return context


class GoodsView(H5Mixin, TemplateView):
    """Goods detail with the checkout form."""

    template_name = "alumni_shop/h5/goods.html"

    def goods(self):
        goods = selectors.storefront().filter(pk=self.kwargs["pk"]).first()
        if goods is None:
            raise Http404
        return goods

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        goods = self.goods()
        goods.picture = download_url(goods.image, user=self.request.user)
        shop = selectors.shop_settings()
        last = selectors.my_orders(self.request.user).first()
        form = kwargs.get("form") or {}
        initial = {"quantity": form.get("quantity", 1), "recipient_name": form.get("recipient_name") or (last.recipient_name if last else self.request.user.display_name),
                   "recipient_phone": form.get("recipient_phone") or (last.recipient_phone if last else ""), "address": form.get("address") or (last.address if last else ""),
                   "delivery": form.get("delivery", Delivery.SHIP), "pay_method": form.get("pay_method", PayMethod.WECHAT if goods.price_fen else PayMethod.POINTS),
                   "note": form.get("note", "")}
        context.update(goods=goods, page_title=goods.name, shop=shop, initial=initial, points=selectors.points_balance(self.request.user),
                       can_points=shop.allow_points and goods.points_price > 0, can_pay=goods.price_fen > 0)
        return context

    def post(self, request, pk):
        goods = self.goods()
        post = request.POST
        quantity = post.get("quantity", "1")
        data = services.OrderInput(quantity=int(quantity) if quantity.isdigit() else 0, pay_method=post.get("pay_method", PayMethod.WECHAT),
                                   delivery=post.get("delivery", Delivery.SHIP), recipient_name=post.get("recipient_name", ""),
                                   recipient_phone=post.get("recipient_phone", ""), address=post.get("address", ""), note=post.get("note", ""))
        try:
            order = services.order_place(actor=request.user, goods=goods, data=data)
        except ApplicationError as exc:
            return self.render_to_response(self.get_context_data(error=exc.message, form=post), status=400 if exc.status < 500 else exc.status)
        if order.pay_method == PayMethod.POINTS:
            messages.success(request, f"兑换成功，已扣除 {order.points_total} 积分。")
        return redirect("h5:alumni_shop:order", pk=order.pk)


class MyOrdersView(H5Mixin, TemplateView):
    template_name = "alumni_shop/h5/my_orders.html"
    page_title = "我的订单"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        status = self.request.GET.get("status", "")
        orders = selectors.my_orders(self.request.user)
        if status in OrderStatus.values:
            orders = orders.filter(status=status)
        context.update(orders=orders[:100], status=status, tabs=[("", "全部"), (OrderStatus.AWAITING_PAYMENT, "待支付"), (OrderStatus.PAID, "待发货"),
                                                                  (OrderStatus.SHIPPED, "已发货"), (OrderStatus.DONE, "已完成")],
                       points=selectors.points_balance(self.request.user), entries=selectors.points_entries(self.request.user, limit=20),
                       allow_points=selectors.shop_settings().allow_points)
        return context


class OrderView(H5Mixin, TemplateView):
    """My order: pay it, see its delivery, confirm receipt, cancel while unpaid."""

    template_name = "alumni_shop/h5/order.html"

    def order(self) -> Order:
        return get_object_or_404(Order.objects.select_related("goods"), pk=self.kwargs["pk"], user=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        order = self.order()
        context.update(order=order, page_title="订单详情", masked_phone=mask_value("phone", order.recipient_phone), shop=selectors.shop_settings(),
                       in_wechat="MicroMessenger" in self.request.headers.get("User-Agent", ""))
        return context

    def post(self, request, pk):
        order = self.order()
        action = request.POST.get("action")
        try:
            if action == "cancel":
                services.order_cancel(actor=request.user, order=order, notify_url=_notify_url(request))
                messages.success(request, "订单已取消。")
            elif action == "paid":
                order = services.order_payment_sync(order=order)
                if order.status == OrderStatus.AWAITING_PAYMENT:
                    messages.error(request, "尚未查询到支付结果，请稍后再试。")
            elif action == "received":
                services.order_complete(actor=request.user, order=order)
                messages.success(request, "已确认收货。")
        except ApplicationError as exc:
            messages.error(request, exc.message)
        return redirect("h5:alumni_shop:order", pk=pk)


class PayView(H5Mixin, View):
    """JSON for WeixinJSBridge getBrandWCPayRequest (POST only)."""

    def post(self, request, pk):
        order = get_object_or_404(Order, pk=pk)
        if order.user_id != request.user.pk:
            raise PermissionDenied
        try:
            checkout = services.order_pay(actor=request.user, order=order, openid=request.user.wechat_openid, notify_url=_notify_url(request))
        except ApplicationError as exc:
            return JsonResponse({"code": exc.code, "message": exc.message}, status=exc.status)
        return JsonResponse({"out_trade_no": checkout.order.out_trade_no, "jsapi": checkout.jsapi})
