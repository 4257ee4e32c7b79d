from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    """Employment part 3 (E8): students apply to jobs with a resume; HR views, invites to
    interview, offers or rejects; the student follows each step; the response-time SLA."""

    name = "tenant_apps.employment.applications"
    label = "employment_applications"
    verbose_name = "职位申请"

    def ready(self) -> None:
        from core.hooks import register_demo_seeder, register_tenant_initializer
        from tenant_apps.employment.applications import menus  # noqa: F401
        from tenant_apps.employment.applications.demo import seed_demo_applications
        from tenant_apps.employment.applications.initializers import grant_application_permissions

        register_tenant_initializer(77, "employment_applications", grant_application_permissions)
        register_demo_seeder(77, "employment_applications", seed_demo_applications)
