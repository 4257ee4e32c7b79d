from django.apps import AppConfig


class EmploymentConfig(AppConfig):
    name = "tenant_apps.employment"
    label = "employment"
    verbose_name = "就业"

    def ready(self) -> None:
        from tenant_apps.employment import privacy  # noqa: F401  (personal-data provider, P21)
