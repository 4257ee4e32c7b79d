"""Back office of the shop: goods (search, pages, create/edit with a picture, shelf, delete),
orders (filters, detail with fulfilment, cancel and refund), settings with categories and points."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import TemplateView

from core.errors import ApplicationError
from core.files import download_url
from core.masking import mask_value
from core.web.pagination import paginate
from core.web.views import BackofficeMixin
from tenant_apps.accounts.models import User
from tenant_apps.alumni.shop import selectors, services
from tenant_apps.alumni.shop.enums import Delivery, OrderStatus, PayMethod
from tenant_apps.alumni.shop.models import Category, Goods, Order


def _notify_url(request) -> str:
    return request.build_absolute_uri(reverse("api:payments:notify"))


def _goods(pk) -> Goods:
    return get_object_or_404(Goods, pk=pk, deleted_at__isnull=True)


def yuan_to_fen(value: str, field: str) -> int:
    try:
        amount = Decimal((value or "0").strip() or "0")
    except InvalidOperation:
        raise ApplicationError("金额格式不正确。", fields={field: ["请填写数字，如 39.00。"]}) from None
    if amount < 0 or amount != amount.quantize(Decimal("0.01")):
        raise ApplicationError("金额格式不正确。", fields={field: ["金额须为不小于 0 的数字，最多两位小数。"]})
    return int(amount * 100)


def _int(value, default=0) -> int:
    value = str(value or "").strip()
    return int(value) if value.isdigit() else default


class GoodsListView(BackofficeMixin, TemplateView):
    template_name = "alumni_shop/backoffice/goods_list.html"
    permission_required = "alumni_shop.view_goods"
    page_title = "商品管理"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        get = self.request.GET
        q, shelf = get.get("q", "").strip(), get.get("shelf", "")
        qs = selectors.goods_search(keyword=q, category_id=_int(get.get("category")) or None, on_shelf={"on": True, "off": False}.get(shelf))
        context.update(paginate(self.request, qs, per_page=30), q=q, shelf=shelf, category=_int(get.get("category")), categories=selectors.categories())
        return context

    def post(self, request):
        goods = _goods(request.POST.get("goods"))
        action = request.POST.get("action")
        if not request.user.has_perm("alumni_shop.delete_goods" if action == "delete" else "alumni_shop.change_goods"):
            raise PermissionDenied
        if action == "delete":
            services.goods_delete(actor=request.user, goods=goods)
            messages.success(request, f"已删除“{goods.name}”。")
        else:
            services.goods_set_shelf(actor=request.user, goods=goods, on_shelf=action == "on")
            messages.success(request, f"“{goods.name}”已{'上架' if action == 'on' else '下架'}。")
        return redirect(request.get_full_path())


class GoodsFormView(BackofficeMixin, TemplateView):
    template_name = "alumni_shop/backoffice/goods_form.html"

    def dispatch(self, request, *args, **kwargs):
        self.permission_required = "alumni_shop.change_goods" if kwargs.get("pk") else "alumni_shop.add_goods"
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        goods = _goods(self.kwargs["pk"]) if self.kwargs.get("pk") else None
        initial = {"name": "", "category": "", "summary": "", "description": "", "price": "", "points_price": 0, "stock": 0, "limit_per_order": 5,
                   "sort_order": 0, "is_on_shelf": False, "is_recommended": False}
        if goods:
            initial.update(name=goods.name, category=goods.category_id or "", summary=goods.summary, description=goods.description, price=goods.price_yuan,
                           points_price=goods.points_price, stock=goods.stock, limit_per_order=goods.limit_per_order, sort_order=goods.sort_order,
                           is_on_shelf=goods.is_on_shelf, is_recommended=goods.is_recommended)
        if kwargs.get("form") is not None:
            form = kwargs["form"]
            initial.update({k: form.get(k, "") for k in ("name", "summary", "description", "price", "points_price", "stock", "limit_per_order", "sort_order")})
            initial.update(category=_int(form.get("category")) or "", is_on_shelf=form.get("is_on_shelf") == "on", is_recommended=form.get("is_recommended") == "on")
        context.update(goods=goods, initial=initial, categories=selectors.categories(), page_title="编辑商品" if goods else "新增商品",
                       image_url=download_url(goods.image, user=self.request.user) if goods else "")
        return context

    def post(self, request, pk=None):
        post = request.POST
        try:
            data = services.GoodsInput(
                name=post.get("name", ""), price_fen=yuan_to_fen(post.get("price", ""), "price"), points_price=_int(post.get("points_price")),
                stock=_int(post.get("stock")), category_id=_int(post.get("category")) or None, summary=post.get("summary", ""),
                description=post.get("description", ""), limit_per_order=_int(post.get("limit_per_order"), 5), sort_order=_int(post.get("sort_order")),
                is_on_shelf=post.get("is_on_shelf") == "on", is_recommended=post.get("is_recommended") == "on")
            image = request.FILES.get("image")
            goods = (services.goods_update(actor=request.user, goods=_goods(pk), data=data, image=image) if pk
                     else services.goods_create(actor=request.user, data=data, image=image))
        except ApplicationError as exc:
            return self.render_to_response(self.get_context_data(error=exc.message, field_errors=exc.fields, form=post), status=400)
        messages.success(request, "商品已保存。")
        return redirect("backoffice:alumni_shop:goods_edit", pk=goods.pk)


class OrderListView(BackofficeMixin, TemplateView):
    template_name = "alumni_shop/backoffice/order_list.html"
    permission_required = "alumni_shop.view_order"
    page_title = "店铺订单"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        get = self.request.GET
        filters = {"status": get.get("status", ""), "pay_method": get.get("pay_method", ""), "delivery": get.get("delivery", ""), "keyword": get.get("q", "").strip()}
        context.update(paginate(self.request, selectors.orders_search(**filters), per_page=30), filters=filters, statuses=OrderStatus.choices,
                       pay_methods=PayMethod.choices, deliveries=Delivery.choices)
        return context


class OrderDetailView(BackofficeMixin, TemplateView):
    template_name = "alumni_shop/backoffice/order_detail.html"
    permission_required = "alumni_shop.view_order"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        order = get_object_or_404(Order.objects.select_related("user", "goods"), pk=self.kwargs["pk"])
        if self.request.user.has_perm("alumni_shop.fulfil_order"):
            contact = services.recipient_read(actor=self.request.user, order=order)
        else:
            contact = {"name": mask_value("name", order.recipient_name), "phone": mask_value("phone", order.recipient_phone),
                       "address": mask_value("default", order.address)}
        payment = None
        if order.payment_order_no:
            from tenant_apps.payments.models import Order as PaymentOrder

            payment = PaymentOrder.objects.filter(out_trade_no=order.payment_order_no).prefetch_related("refunds").first()
        context.update(order=order, contact=contact, payment=payment, page_title=f"订单 {order.order_no}",
                       refundable_yuan=f"{(order.total_fen - order.refunded_fen) / 100:.2f}")
        return context

    def post(self, request, pk):
        order = get_object_or_404(Order, pk=pk)
        action = request.POST.get("action", "")
        needed = "alumni_shop.refund_order" if action in ("refund", "cancel") else "alumni_shop.fulfil_order"
        if not request.user.has_perm(needed):
            raise PermissionDenied
        post = request.POST
        try:
            if action == "ship":
                services.order_ship(actor=request.user, order=order, company=post.get("company", ""), tracking_no=post.get("tracking_no", ""))
                messages.success(request, "已发货。")
            elif action == "done":
                services.order_complete(actor=request.user, order=order)
                messages.success(request, "订单已完成。")
            elif action == "cancel":
                services.order_cancel(actor=request.user, order=order, reason=post.get("reason", ""), notify_url=_notify_url(request))
                messages.success(request, "订单已取消。")
            elif action == "refund":
                amount = post.get("amount", "").strip()
                services.order_refund(actor=request.user, order=order, amount_fen=yuan_to_fen(amount, "amount") if amount else None, reason=post.get("reason", ""),
                                      restock=post.get("restock") == "on", notify_url=_notify_url(request))
                messages.success(request, "退款已提交。")
        except ApplicationError as exc:
            messages.error(request, exc.message)
        return redirect("backoffice:alumni_shop:order_detail", pk=pk)


class SettingsView(BackofficeMixin, TemplateView):
    template_name = "alumni_shop/backoffice/settings.html"
    permission_required = "alumni_shop.manage_shop"
    page_title = "店铺设置"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(shop=selectors.shop_settings(), categories=selectors.categories())
        return context

    def post(self, request):
        post = request.POST
        action = post.get("action", "settings")
        try:
            if action == "settings":
                services.settings_save(actor=request.user, data={"is_open": post.get("is_open") == "on", "allow_points": post.get("allow_points") == "on",
                                                                 "payment_minutes": _int(post.get("payment_minutes"), 15), "pickup_address": post.get("pickup_address", "").strip(),
                                                                 "notice": post.get("notice", "").strip()})
                messages.success(request, "设置已保存。")
            elif action == "category_add":
                services.category_save(actor=request.user, name=post.get("name", ""), sort_order=_int(post.get("sort_order")))
                messages.success(request, "分类已添加。")
            elif action == "category_delete":
                services.category_delete(actor=request.user, category=get_object_or_404(Category, pk=post.get("category")))
                messages.success(request, "分类已删除。")
            elif action == "points":
                user = User.objects.filter(username=post.get("username", "").strip()).first()
                if user is None:
                    raise ApplicationError("找不到该用户名。", fields={"username": ["找不到该用户名。"]})
                delta = int(post.get("delta", "0").strip() or 0) if post.get("delta", "").strip().lstrip("-").isdigit() else 0
                entry = services.points_grant(actor=request.user, user=user, delta=delta, reason=post.get("reason", ""))
                messages.success(request, f"已为 {user.display_name or user.username} 调整积分，余额 {entry.balance_after}。")
        except ApplicationError as exc:
            messages.error(request, exc.message)
        return redirect("backoffice:alumni_shop:settings")
