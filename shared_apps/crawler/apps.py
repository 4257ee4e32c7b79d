from django.apps import AppConfig


class CrawlerConfig(AppConfig):
    name = "shared_apps.crawler"
    label = "crawler"
    verbose_name = "采集"
