from django.apps import AppConfig


class EmploymentConfig(AppConfig):
    name = "tenant_apps.employment"
    label = "employment"
    verbose_name = "就业"
