from django.apps import AppConfig


class CrawlerConfig(AppConfig):
    """The platform's crawler (P17): public sources read politely for tenants; results are
    handed to the tenant through core.hooks (shared_apps/crawler/events.py)."""

    name = "shared_apps.crawler"
    label = "crawler"
    verbose_name = "采集"

    def ready(self) -> None:
        from shared_apps.crawler import menus  # noqa: F401
