from django.apps import AppConfig


class ExpertsConfig(AppConfig):
    name = "tenant_apps.experts"
    label = "experts"
    verbose_name = "专家库"
