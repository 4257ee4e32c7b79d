from django.apps import AppConfig


class StudentsConfig(AppConfig):
    """Employment part 1: graduate records (生源信息), binding and record verification."""

    name = "tenant_apps.employment.students"
    label = "employment_students"
    verbose_name = "学生与生源"

    def ready(self) -> None:
        from core.files import register_download_rule
        from core.hooks import (
            register_demo_seeder,
            register_tenant_initializer,
            register_usage_counter,
        )
        from tenant_apps.employment.students import menus  # noqa: F401
        from tenant_apps.employment.students.demo import seed_demo_graduates
        from tenant_apps.employment.students.initializers import seed_students, usage
        from tenant_apps.employment.students.selectors import may_download_correction_evidence

        register_tenant_initializer(70, "employment_students", seed_students)
        register_demo_seeder(70, "employment_students", seed_demo_graduates)
        register_usage_counter(usage)
        register_download_rule("employment_students.recordcorrection", may_download_correction_evidence)
