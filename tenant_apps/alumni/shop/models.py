"""The alumni shop: settings, categories, goods with stock, orders (one goods line each, paid by
WeChat Pay through tenant_apps.payments or redeemed with points) and a minimal points ledger.

Stock is a column the database decrements with a conditional UPDATE (`stock >= quantity`) and a
CHECK keeps at or above zero: two buyers of the last piece cannot both get it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from core.crypto import EncryptedCharField
from core.files import TenantFileField
from tenant_apps.alumni.shop.enums import Delivery, OrderStatus, PayMethod


class ShopSettings(models.Model):
    """店铺设置: one row per tenant."""

    is_open = models.BooleanField("店铺开放", default=True)
    allow_points = models.BooleanField("允许积分兑换", default=False)
    payment_minutes = models.PositiveIntegerField("待支付保留分钟数", default=15)
    pickup_address = models.CharField("自提地点", max_length=200, blank=True)
    notice = models.CharField("店铺公告", max_length=300, blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "店铺设置"
        verbose_name_plural = verbose_name
        permissions = [("manage_shop", "管理店铺设置与积分")]

    def __str__(self) -> str:
        return "店铺设置"


class Category(models.Model):
    name = models.CharField("分类名称", max_length=30, unique=True)
    sort_order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "商品分类"
        verbose_name_plural = verbose_name
        ordering = ["sort_order", "id"]

    def __str__(self) -> str:
        return self.name


class Goods(models.Model):
    """商品: a souvenir or an alumni product. `price_fen` for WeChat Pay, `points_price` (0 = not
    redeemable) for points; `sold_count` feeds the popular list."""

    name = models.CharField("商品名称", max_length=60)
    category = models.ForeignKey(Category, null=True, blank=True, on_delete=models.SET_NULL, related_name="goods", verbose_name="分类")
    summary = models.CharField("卖点", max_length=120, blank=True)
    description = models.TextField("商品详情", blank=True)
    image = TenantFileField("商品图片", upload_to="alumni/shop/goods/%Y/%m/", kind="image", blank=True)
    price_fen = models.PositiveIntegerField("价格（分）", default=0)
    points_price = models.PositiveIntegerField("兑换积分", default=0, help_text="0 表示不可用积分兑换")
    stock = models.PositiveIntegerField("库存", default=0)
    sold_count = models.PositiveIntegerField("销量", default=0)
    limit_per_order = models.PositiveIntegerField("每单限购", default=5)
    is_on_shelf = models.BooleanField("上架", default=False, db_index=True)
    is_recommended = models.BooleanField("推荐", default=False)
    sort_order = models.PositiveIntegerField("排序", default=0)
    deleted_at = models.DateTimeField("删除时间", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "商品"
        verbose_name_plural = verbose_name
        ordering = ["sort_order", "-id"]
        constraints = [models.CheckConstraint(condition=Q(stock__gte=0), name="shop_goods_stock_not_negative")]

    def __str__(self) -> str:
        return self.name

    @property
    def price_yuan(self) -> str:
        return f"{self.price_fen / 100:.2f}"


class Order(models.Model):
    """店铺订单: one goods line with a quantity. The held stock goes back when the order is
    cancelled, expires unpaid or is refunded in full (`stock_returned` makes that happen once)."""

    order_no = models.CharField("订单号", max_length=32, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="shop_orders", verbose_name="下单人")
    goods = models.ForeignKey(Goods, on_delete=models.PROTECT, related_name="orders", verbose_name="商品")
    goods_name = models.CharField("商品名称", max_length=60)
    quantity = models.PositiveIntegerField("数量")
    pay_method = models.CharField("支付方式", max_length=10, choices=PayMethod.choices)
    unit_price_fen = models.PositiveIntegerField("单价（分）", default=0)
    total_fen = models.PositiveIntegerField("金额（分）", default=0)
    points_total = models.PositiveIntegerField("积分", default=0)
    status = models.CharField("状态", max_length=20, choices=OrderStatus.choices, db_index=True)
    delivery = models.CharField("配送方式", max_length=10, choices=Delivery.choices, default=Delivery.SHIP)
    recipient_name = models.CharField("收货人", max_length=30, blank=True)
    recipient_phone = EncryptedCharField("收货人手机号", mask_kind="phone", blank=True)
    recipient_phone_hash = models.CharField(max_length=64, blank=True, editable=False, db_index=True)
    address = EncryptedCharField("收货地址", blank=True)
    note = models.CharField("买家留言", max_length=200, blank=True)
    payment_order_no = models.CharField("支付订单号", max_length=32, blank=True, db_index=True)
    payment_due_at = models.DateTimeField("支付截止", null=True, blank=True, db_index=True)
    paid_at = models.DateTimeField("支付时间", null=True, blank=True)
    tracking_company = models.CharField("快递公司", max_length=30, blank=True)
    tracking_no = models.CharField("快递单号", max_length=40, blank=True)
    shipped_at = models.DateTimeField("发货时间", null=True, blank=True)
    done_at = models.DateTimeField("完成时间", null=True, blank=True)
    closed_at = models.DateTimeField("关闭时间", null=True, blank=True)
    close_reason = models.CharField("关闭原因", max_length=100, blank=True)
    refunded_fen = models.PositiveIntegerField("已申请退款（分）", default=0)
    stock_returned = models.BooleanField("库存已退回", default=False)
    created_at = models.DateTimeField("下单时间", auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "店铺订单"
        verbose_name_plural = verbose_name
        ordering = ["-id"]
        permissions = [("fulfil_order", "订单发货与完成（可见收货信息）"), ("refund_order", "订单退款与取消")]
        constraints = [models.CheckConstraint(condition=Q(refunded_fen__lte=models.F("total_fen")), name="shop_refund_within_total")]

    def __str__(self) -> str:
        return self.order_no

    @property
    def total_yuan(self) -> str:
        return f"{self.total_fen / 100:.2f}"

    @property
    def refunded_yuan(self) -> str:
        return f"{self.refunded_fen / 100:.2f}"


class PointsAccount(models.Model):
    """积分账户: the balance the ledger adds up to, kept in one row so that spending is one
    conditional UPDATE (`balance >= points`)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="shop_points", verbose_name="校友")
    balance = models.PositiveIntegerField("积分余额", default=0)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "积分账户"
        verbose_name_plural = verbose_name
        constraints = [models.CheckConstraint(condition=Q(balance__gte=0), name="shop_points_not_negative")]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.balance}"


class PointsEntry(models.Model):
    """积分流水: every change of a balance, with why."""

    account = models.ForeignKey(PointsAccount, on_delete=models.CASCADE, related_name="entries", verbose_name="积分账户")
    delta = models.IntegerField("变动")
    balance_after = models.PositiveIntegerField("变动后余额")
    reason = models.CharField("说明", max_length=100)
    order = models.ForeignKey(Order, null=True, blank=True, on_delete=models.SET_NULL, related_name="points_entries", verbose_name="订单")
    created_by_id = models.BigIntegerField("操作人ID", null=True, blank=True)
    created_at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "积分流水"
        verbose_name_plural = verbose_name
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.delta:+d} {self.reason}"
