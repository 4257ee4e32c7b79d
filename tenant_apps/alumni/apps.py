from django.apps import AppConfig


class AlumniConfig(AppConfig):
    name = "tenant_apps.alumni"
    label = "alumni"
    verbose_name = "校友"

    def ready(self) -> None:
        from tenant_apps.alumni import (
            menus,  # noqa: F401
            privacy,  # noqa: F401  (personal-data provider, P21)
        )
