from django.apps import AppConfig


class AlumniConfig(AppConfig):
    name = "tenant_apps.alumni"
    label = "alumni"
    verbose_name = "校友"
