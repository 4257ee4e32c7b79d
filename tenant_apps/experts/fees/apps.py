from django.apps import AppConfig


class FeesConfig(AppConfig):
    """Expert library: workload, signed confirmation letters and fee payouts (X8, X27)."""

    name = "tenant_apps.experts.fees"
    label = "expert_fees"
    verbose_name = "专家劳务费"

    def ready(self) -> None:
        from tenant_apps.experts.fees import menus  # noqa: F401
