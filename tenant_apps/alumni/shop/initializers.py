"""Default group for the people who run the shop."""

from __future__ import annotations

from core.hooks import TenantSeed

DEFAULT_GROUPS = [
    ("店铺管理员", "管理商品、库存与上下架，订单发货、完成、取消与退款，店铺设置与积分",
     ["alumni_shop.view_goods", "alumni_shop.add_goods", "alumni_shop.change_goods", "alumni_shop.delete_goods", "alumni_shop.view_order",
      "alumni_shop.fulfil_order", "alumni_shop.refund_order", "alumni_shop.manage_shop", "payments.view_order"]),
    ("店铺发货员", "查看订单并发货", ["alumni_shop.view_goods", "alumni_shop.view_order", "alumni_shop.fulfil_order"]),
]


def seed_shop_groups(seed: TenantSeed) -> None:
    if "alumni" not in seed.modules:
        return
    from tenant_apps.accounts.initializers import default_groups_ensure

    default_groups_ensure(DEFAULT_GROUPS)
