from django.apps import AppConfig


class DestinationsConfig(AppConfig):
    """Employment part 1: 毕业去向登记 with three-level review and the per-student hash chain."""

    name = "tenant_apps.employment.destinations"
    label = "employment_destinations"
    verbose_name = "毕业去向"

    def ready(self) -> None:
        from core.files import register_download_rule
        from core.hooks import register_demo_seeder
        from tenant_apps.employment.destinations import menus  # noqa: F401
        from tenant_apps.employment.destinations.demo import seed_demo_destinations
        from tenant_apps.employment.destinations.selectors import may_download_evidence

        register_demo_seeder(71, "employment_destinations", seed_demo_destinations)  # after the graduates (70)
        register_download_rule("employment_destinations.evidence", may_download_evidence)
