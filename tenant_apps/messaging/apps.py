from django.apps import AppConfig


class MessagingConfig(AppConfig):
    name = "tenant_apps.messaging"
    label = "messaging"
    verbose_name = "消息"

    def ready(self) -> None:
        # Built-in providers and audience resolvers register themselves on import.
        from tenant_apps.messaging import (
            audiences,  # noqa: F401
            privacy,  # noqa: F401  (personal-data provider, P21)
        )
        from tenant_apps.messaging.providers import registry  # noqa: F401
