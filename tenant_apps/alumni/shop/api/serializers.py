"""Shop API shapes. Every serializer is named AlumniShop… (unique across the project)."""

from __future__ import annotations

from rest_framework import serializers

from core.files import download_url
from core.masking import mask_value
from tenant_apps.alumni.shop.enums import Delivery, OrderStatus, PayMethod
from tenant_apps.alumni.shop.models import Category, Goods, Order, PointsEntry, ShopSettings


class AlumniShopSettingsSerializer(serializers.ModelSerializer):
    class Meta:
        model = ShopSettings
        fields = ["is_open", "allow_points", "payment_minutes", "pickup_address", "notice"]


class AlumniShopCategorySerializer(serializers.ModelSerializer):
    class Meta:
        model = Category
        fields = ["id", "name", "sort_order"]


class AlumniShopGoodsSerializer(serializers.ModelSerializer):
    category_name = serializers.CharField(source="category.name", default="", read_only=True)
    image_url = serializers.SerializerMethodField()

    class Meta:
        model = Goods
        fields = ["id", "name", "category_id", "category_name", "summary", "description", "image_url", "price_fen", "points_price", "stock", "sold_count",
                  "limit_per_order", "is_on_shelf", "is_recommended", "sort_order"]

    def get_image_url(self, goods) -> str:
        request = self.context.get("request")
        return download_url(goods.image, user=getattr(request, "user", None)) if request else ""


class AlumniShopGoodsWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=60)
    price_fen = serializers.IntegerField(min_value=0, default=0)
    points_price = serializers.IntegerField(min_value=0, default=0)
    stock = serializers.IntegerField(min_value=0, default=0)
    category_id = serializers.IntegerField(required=False, allow_null=True, default=None)
    summary = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")
    description = serializers.CharField(required=False, allow_blank=True, default="")
    limit_per_order = serializers.IntegerField(min_value=1, default=5)
    is_on_shelf = serializers.BooleanField(default=False)
    is_recommended = serializers.BooleanField(default=False)
    sort_order = serializers.IntegerField(min_value=0, default=0)
    image = serializers.FileField(required=False, allow_null=True, default=None, help_text="商品图片（multipart 上传）")


class AlumniShopHomeSerializer(serializers.Serializer):
    shop = AlumniShopSettingsSerializer()
    categories = AlumniShopCategorySerializer(many=True)
    recommended = AlumniShopGoodsSerializer(many=True)
    popular = AlumniShopGoodsSerializer(many=True)
    points = serializers.IntegerField(help_text="我的积分余额")


class AlumniShopOrderSerializer(serializers.ModelSerializer):
    """The buyer's view of an order (own contact shown masked)."""

    recipient_phone = serializers.SerializerMethodField()

    class Meta:
        model = Order
        fields = ["id", "order_no", "goods_id", "goods_name", "quantity", "pay_method", "unit_price_fen", "total_fen", "points_total", "status", "delivery",
                  "recipient_name", "recipient_phone", "address", "note", "payment_due_at", "paid_at", "tracking_company", "tracking_no", "shipped_at",
                  "done_at", "closed_at", "close_reason", "refunded_fen", "created_at"]

    def get_recipient_phone(self, order) -> str:
        return mask_value("phone", order.recipient_phone)


class AlumniShopStaffOrderSerializer(AlumniShopOrderSerializer):
    """Staff view: the contact in full only when `contact` was read through the audited service."""

    buyer_id = serializers.IntegerField(source="user_id")
    buyer_name = serializers.SerializerMethodField()
    payment_order_no = serializers.CharField()
    address = serializers.SerializerMethodField()

    class Meta(AlumniShopOrderSerializer.Meta):
        fields = [*AlumniShopOrderSerializer.Meta.fields, "buyer_id", "buyer_name", "payment_order_no"]

    def get_buyer_name(self, order) -> str:
        return order.user.display_name or order.user.username

    def _contact(self, order) -> dict | None:
        return (self.context.get("contacts") or {}).get(order.pk)

    def get_recipient_phone(self, order) -> str:
        contact = self._contact(order)
        return contact["phone"] if contact else mask_value("phone", order.recipient_phone)

    def get_address(self, order) -> str:
        contact = self._contact(order)
        return contact["address"] if contact else mask_value("default", order.address)


class AlumniShopOrderPlaceSerializer(serializers.Serializer):
    goods_id = serializers.IntegerField()
    quantity = serializers.IntegerField(min_value=1, default=1)
    pay_method = serializers.ChoiceField(choices=PayMethod.values, default=PayMethod.WECHAT)
    delivery = serializers.ChoiceField(choices=Delivery.values, default=Delivery.SHIP)
    recipient_name = serializers.CharField(max_length=30)
    recipient_phone = serializers.CharField(max_length=11)
    address = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class AlumniShopPaySerializer(serializers.Serializer):
    out_trade_no = serializers.CharField()
    jsapi = serializers.DictField(child=serializers.CharField(), help_text="WeixinJSBridge getBrandWCPayRequest 参数")


class AlumniShopShipSerializer(serializers.Serializer):
    company = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")
    tracking_no = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")


class AlumniShopReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")


class AlumniShopRefundSerializer(serializers.Serializer):
    amount_fen = serializers.IntegerField(min_value=1, required=False, allow_null=True, default=None, help_text="留空为全额退款")
    reason = serializers.CharField(max_length=80, required=False, allow_blank=True, default="")
    restock = serializers.BooleanField(default=True, help_text="全额退款时退回库存")


class AlumniShopPointsEntrySerializer(serializers.ModelSerializer):
    order_no = serializers.CharField(source="order.order_no", default="", read_only=True)

    class Meta:
        model = PointsEntry
        fields = ["id", "delta", "balance_after", "reason", "order_no", "created_at"]


class AlumniShopPointsSerializer(serializers.Serializer):
    balance = serializers.IntegerField()
    entries = AlumniShopPointsEntrySerializer(many=True)


class AlumniShopPointsGrantSerializer(serializers.Serializer):
    user_id = serializers.IntegerField()
    delta = serializers.IntegerField(help_text="正数发放，负数扣减")
    reason = serializers.CharField(max_length=100)


ORDER_STATUSES = OrderStatus.values
