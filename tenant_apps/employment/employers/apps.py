from django.apps import AppConfig


class EmployersConfig(AppConfig):
    """Employment part 2: employers, their review, lists and the employer portal."""

    name = "tenant_apps.employment.employers"
    label = "employment_employers"
    verbose_name = "用人单位"

    def ready(self) -> None:
        from core.hooks import register_demo_seeder, register_tenant_initializer
        from tenant_apps.employment.employers import menus  # noqa: F401
        from tenant_apps.employment.employers.demo import seed_demo_employers
        from tenant_apps.employment.employers.initializers import seed_recruitment_groups

        register_tenant_initializer(71, "employment_employers", seed_recruitment_groups)
        register_demo_seeder(71, "employment_employers", seed_demo_employers)
