from django.apps import AppConfig


class BillingConfig(AppConfig):
    name = "shared_apps.billing"
    label = "billing"
    verbose_name = "计费"

    def ready(self) -> None:
        from core.limits import register_limit_provider

        def limits(tenant) -> dict[str, int]:
            from shared_apps.billing.services import plan_limits

            return plan_limits(getattr(tenant, "plan", ""))

        register_limit_provider(limits)
