from django.apps import AppConfig


class ReviewConfig(AppConfig):
    """Expert library: online review of submissions by the drawn panel (X29)."""

    name = "tenant_apps.experts.review"
    label = "expert_review"
    verbose_name = "网上评审"

    def ready(self) -> None:
        from tenant_apps.experts.review import menus  # noqa: F401
