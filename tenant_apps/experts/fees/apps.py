from django.apps import AppConfig


class FeesConfig(AppConfig):
    """Expert library: workload, signed confirmation letters and fee payouts (X8, X27)."""

    name = "tenant_apps.experts.fees"
    label = "expert_fees"
    verbose_name = "专家劳务费"

    def ready(self) -> None:
        from core.hooks import register_demo_seeder, register_tenant_initializer
        from tenant_apps.experts.fees import menus  # noqa: F401
        from tenant_apps.experts.fees.demo import seed_demo_fees
        from tenant_apps.experts.fees.initializers import seed_fee_groups

        register_tenant_initializer(63, "expert_fees", seed_fee_groups)
        register_demo_seeder(63, "expert_fees", seed_demo_fees)  # after the panels (61)
