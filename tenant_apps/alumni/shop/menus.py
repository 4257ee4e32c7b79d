from core.web.menus import MenuItem, register

SECTION = "校友店铺"
register(
    "backoffice",
    MenuItem("alumni_shop_goods", "商品管理", "backoffice:alumni_shop:goods_list", "alumni_shop.view_goods", module="alumni", section=SECTION, order=360),
    MenuItem("alumni_shop_orders", "店铺订单", "backoffice:alumni_shop:order_list", "alumni_shop.view_order", module="alumni", section=SECTION, order=361),
    MenuItem("alumni_shop_settings", "店铺设置", "backoffice:alumni_shop:settings", "alumni_shop.manage_shop", module="alumni", section=SECTION, order=362),
)
register(
    "h5",
    MenuItem("h5_alumni_shop", "校友店铺", "h5:alumni_shop:home", None, module="alumni", section="校友", order=40),
    MenuItem("h5_alumni_shop_orders", "我的订单", "h5:alumni_shop:my_orders", None, module="alumni", section="校友", order=41),
)
