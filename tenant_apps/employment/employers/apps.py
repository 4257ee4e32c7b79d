from django.apps import AppConfig


class EmployersConfig(AppConfig):
    """Employment part 2: employers, their review, lists and the employer portal."""

    name = "tenant_apps.employment.employers"
    label = "employment_employers"
    verbose_name = "用人单位"
