from django.apps import AppConfig


class ConsoleConfig(AppConfig):
    name = "shared_apps.console"
    label = "console"
    verbose_name = "平台控制台"

    def ready(self) -> None:
        # Connects the Celery task_failure receiver (the health page lists failed tasks).
        from shared_apps.console import task_failures  # noqa: F401
