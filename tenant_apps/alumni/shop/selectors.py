"""Reads of the shop: the storefront lists (recommended, popular by sales), the back-office
searches, a buyer's orders and points."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from tenant_apps.alumni.shop.models import (
    Category,
    Goods,
    Order,
    PointsAccount,
    PointsEntry,
    ShopSettings,
)


def shop_settings() -> ShopSettings:
    """The tenant's settings row, or the defaults (unsaved) before anyone saved them."""
    return ShopSettings.objects.order_by("pk").first() or ShopSettings()


def categories() -> QuerySet[Category]:
    return Category.objects.all()


def goods_search(*, keyword: str = "", category_id: int | None = None, on_shelf: bool | None = None, recommended: bool | None = None) -> QuerySet[Goods]:
    qs = Goods.objects.filter(deleted_at__isnull=True).select_related("category")
    if keyword:
        qs = qs.filter(Q(name__icontains=keyword) | Q(summary__icontains=keyword))
    if category_id:
        qs = qs.filter(category_id=category_id)
    if on_shelf is not None:
        qs = qs.filter(is_on_shelf=on_shelf)
    if recommended is not None:
        qs = qs.filter(is_recommended=recommended)
    return qs


def storefront(*, keyword: str = "", category_id: int | None = None) -> QuerySet[Goods]:
    """What buyers see: goods on the shelf."""
    return goods_search(keyword=keyword, category_id=category_id, on_shelf=True)


def recommended_goods(limit: int = 6) -> list[Goods]:
    return list(storefront().filter(is_recommended=True)[:limit])


def popular_goods(limit: int = 6) -> list[Goods]:
    """热门商品: by sales (paid quantity), newest first among equals."""
    return list(storefront().filter(sold_count__gt=0).order_by("-sold_count", "-id")[:limit])


def orders_search(*, status: str = "", pay_method: str = "", delivery: str = "", keyword: str = "") -> QuerySet[Order]:
    qs = Order.objects.select_related("user", "goods")
    if status:
        qs = qs.filter(status=status)
    if pay_method:
        qs = qs.filter(pay_method=pay_method)
    if delivery:
        qs = qs.filter(delivery=delivery)
    if keyword:
        qs = qs.filter(Q(order_no__icontains=keyword) | Q(goods_name__icontains=keyword) | Q(user__display_name__icontains=keyword)
                       | Q(user__username__icontains=keyword) | Q(tracking_no__icontains=keyword))
    return qs


def my_orders(user) -> QuerySet[Order]:
    return Order.objects.filter(user=user).select_related("goods")


def points_balance(user) -> int:
    account = PointsAccount.objects.filter(user=user).first()
    return account.balance if account else 0


def points_entries(user, limit: int = 50) -> list[PointsEntry]:
    return list(PointsEntry.objects.filter(account__user=user).select_related("order")[:limit])


def may_see_goods_image(user, goods: Goods) -> bool:
    """Download rule of goods images (core.files): goods on the shelf for anyone signed in,
    others for shop staff."""
    if goods.deleted_at is None and goods.is_on_shelf:
        return True
    return bool(user and user.has_perm("alumni_shop.view_goods"))
