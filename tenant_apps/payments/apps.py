from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    """WeChat Pay v3 for every paid feature of a tenant (activities, donations...)."""

    name = "tenant_apps.payments"
    label = "payments"
    verbose_name = "支付"

    def ready(self) -> None:
        from tenant_apps.payments import menus  # noqa: F401
