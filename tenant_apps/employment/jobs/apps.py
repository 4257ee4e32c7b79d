from django.apps import AppConfig


class JobsConfig(AppConfig):
    """Employment part 2: jobs, announcements and the discrimination linter."""

    name = "tenant_apps.employment.jobs"
    label = "employment_jobs"
    verbose_name = "职位与公告"

    def ready(self) -> None:
        from core.hooks import register_demo_seeder, subscribe
        from tenant_apps.employment.employers.services import EMPLOYER_WITHDRAWN
        from tenant_apps.employment.jobs import menus  # noqa: F401
        from tenant_apps.employment.jobs.demo import seed_demo_jobs
        from tenant_apps.employment.jobs.services import employer_withdrawn, portal_home_cards

        subscribe(EMPLOYER_WITHDRAWN, employer_withdrawn)
        subscribe("employment.portal_home_cards", portal_home_cards)
        register_demo_seeder(72, "employment_jobs", seed_demo_jobs)
