from django.db import models


class CardStatus(models.TextChoices):
    ACTIVE = "active", "有效"
    REVOKED = "revoked", "已停用"


class PartnerCategory(models.TextChoices):
    CANTEEN = "canteen", "食堂"
    RESTAURANT = "restaurant", "餐饮"
    HOTEL = "hotel", "酒店"
    LIBRARY = "library", "图书馆"
    PARKING = "parking", "停车场/校门"
    SHOP = "shop", "商户"
    OTHER = "other", "其他"


class CouponKind(models.TextChoices):
    MEAL = "meal", "餐券"
    PARKING = "parking", "停车券"
    DISCOUNT = "discount", "优惠券"


class CouponStatus(models.TextChoices):
    ISSUED = "issued", "未使用"
    REDEEMED = "redeemed", "已使用"
    VOID = "void", "已作废"


class CheckResult(models.TextChoices):
    ACCEPTED = "accepted", "核验通过"
    EXPIRED = "expired", "已过期（疑似截图）"
    FORGED = "forged", "无效令牌"
    WRONG_PARTNER = "wrong_partner", "非本机构"
    CARD_INACTIVE = "card_inactive", "云卡已停用"


class CheckVia(models.TextChoices):
    STAFF_PAGE = "staff_page", "机构核验页"
    API = "api", "接口"
