from django.apps import AppConfig


class CardConfig(AppConfig):
    """Alumni cloud card (A10): the card, partner institutions, live verification, coupons."""

    name = "tenant_apps.alumni.card"
    label = "alumni_card"
    verbose_name = "校友云卡"

    def ready(self) -> None:
        from core.hooks import register_demo_seeder, register_tenant_initializer
        from tenant_apps.alumni.card import (
            menus,  # noqa: F401
            privacy,  # noqa: F401  (personal-data provider, P21)
        )
        from tenant_apps.alumni.card.demo import seed_demo_card
        from tenant_apps.alumni.card.initializers import seed_card_groups

        register_tenant_initializer(76, "alumni_card", seed_card_groups)
        register_demo_seeder(77, "alumni_card", seed_demo_card)
