from django.apps import AppConfig


class PortalConfig(AppConfig):
    """Employment part 3 (E1): the school's public employment portal and the H5 content pages,
    fed by one back office (columns and articles; carousel, links and settings from cms)."""

    name = "tenant_apps.employment.portal"
    label = "employment_site"
    verbose_name = "就业门户"

    def ready(self) -> None:
        from core.hooks import register_demo_seeder
        from tenant_apps.employment.portal import menus  # noqa: F401
        from tenant_apps.employment.portal.demo import seed_demo_portal

        # The standard columns come with migration 0002 (every schema, new or existing).
        register_demo_seeder(78, "employment_portal", seed_demo_portal)
