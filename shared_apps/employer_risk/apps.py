from django.apps import AppConfig


class EmployerRiskConfig(AppConfig):
    """Public-schema store of employer risk signals shared anonymously between schools."""

    name = "shared_apps.employer_risk"
    label = "employer_risk"
    verbose_name = "共享单位风险"

    def ready(self) -> None:
        from core.employer_risk import register_store
        from shared_apps.employer_risk import services

        register_store(share=services.signal_share, withdraw=services.signal_withdraw, lookup=services.signals_for,
                       lookup_many=services.signals_for_many)
