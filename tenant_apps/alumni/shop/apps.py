from django.apps import AppConfig


class ShopConfig(AppConfig):
    """Alumni shop (A19): goods with stock, WeChat Pay or points, fulfilment and refunds."""

    name = "tenant_apps.alumni.shop"
    label = "alumni_shop"
    verbose_name = "校友店铺"

    def ready(self) -> None:
        from core.files import register_download_rule
        from core.hooks import register_demo_seeder, register_tenant_initializer, subscribe
        from tenant_apps.alumni.shop import (
            menus,  # noqa: F401
            privacy,  # noqa: F401  (personal-data provider, P21)
        )
        from tenant_apps.alumni.shop.demo import seed_demo_shop
        from tenant_apps.alumni.shop.initializers import seed_shop_groups
        from tenant_apps.alumni.shop.selectors import may_see_goods_image
        from tenant_apps.alumni.shop.services import on_order_paid, on_refund_finished
        from tenant_apps.payments.services import EVENT_PAID, EVENT_REFUND

        subscribe(EVENT_PAID, on_order_paid)
        subscribe(EVENT_REFUND, on_refund_finished)
        register_tenant_initializer(76, "alumni_shop", seed_shop_groups)
        register_demo_seeder(78, "alumni_shop", seed_demo_shop)
        register_download_rule("alumni_shop.goods", may_see_goods_image)
