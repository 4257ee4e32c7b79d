from django.apps import AppConfig


class FairsConfig(AppConfig):
    """Employment part 2: job fairs (双选会), halls and booth maps, employers' applications,
    booth assignment, e-tickets and offline check-in, the live wall, statistics."""

    name = "tenant_apps.employment.fairs"
    label = "employment_fairs"
    verbose_name = "双选会"

    def ready(self) -> None:
        from core.hooks import register_demo_seeder, register_tenant_initializer
        from tenant_apps.employment.fairs import exports, integrations, menus  # noqa: F401
        from tenant_apps.employment.fairs.demo import seed_demo_fairs
        from tenant_apps.employment.fairs.initializers import seed_fair_permissions

        register_tenant_initializer(75, "employment_fairs", seed_fair_permissions)
        register_demo_seeder(75, "employment_fairs", seed_demo_fairs)
        integrations.connect()
