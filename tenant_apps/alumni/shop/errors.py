from enum import StrEnum


class ShopErrorCode(StrEnum):
    SHOP_CLOSED = "shop_closed"
    GOODS_UNAVAILABLE = "goods_unavailable"
    OUT_OF_STOCK = "out_of_stock"
    POINTS_NOT_ALLOWED = "points_not_allowed"
    POINTS_INSUFFICIENT = "points_insufficient"
    ORDER_STATE = "shop_order_state"
    INVALID_ORDER = "invalid_shop_order"
    REFUND_TOO_LARGE = "shop_refund_too_large"
