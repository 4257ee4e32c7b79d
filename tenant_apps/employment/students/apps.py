from django.apps import AppConfig


class StudentsConfig(AppConfig):
    """Employment part 1: graduate records (生源信息), binding and record verification."""

    name = "tenant_apps.employment.students"
    label = "employment_students"
    verbose_name = "学生与生源"
