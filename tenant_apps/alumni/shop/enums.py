from django.db import models


class OrderStatus(models.TextChoices):
    AWAITING_PAYMENT = "awaiting_payment", "待支付"
    PAID = "paid", "待发货"
    SHIPPED = "shipped", "已发货"
    DONE = "done", "已完成"
    CANCELLED = "cancelled", "已取消"
    EXPIRED = "expired", "已超时"
    REFUNDED = "refunded", "已退款"


# Orders whose goods are no longer held (stock went back, or never will).
CLOSED = (OrderStatus.CANCELLED, OrderStatus.EXPIRED, OrderStatus.REFUNDED)


class PayMethod(models.TextChoices):
    WECHAT = "wechat", "微信支付"
    POINTS = "points", "积分兑换"


class Delivery(models.TextChoices):
    SHIP = "ship", "快递配送"
    PICKUP = "pickup", "到店自提"
