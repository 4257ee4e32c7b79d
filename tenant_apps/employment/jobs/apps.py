from django.apps import AppConfig


class JobsConfig(AppConfig):
    """Employment part 2: jobs, announcements and the discrimination linter."""

    name = "tenant_apps.employment.jobs"
    label = "employment_jobs"
    verbose_name = "职位与公告"
