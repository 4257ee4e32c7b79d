from django.apps import AppConfig


class ReviewConfig(AppConfig):
    """Expert library: online review of submissions by the drawn panel (X29)."""

    name = "tenant_apps.experts.review"
    label = "expert_review"
    verbose_name = "网上评审"

    def ready(self) -> None:
        from core.hooks import register_demo_seeder
        from tenant_apps.experts.review import menus  # noqa: F401
        from tenant_apps.experts.review.demo import seed_demo_review

        register_demo_seeder(65, "expert_review", seed_demo_review)  # after the panels (61), fees (63) and evaluation (64)
