from django.apps import AppConfig


class FamousConfig(AppConfig):
    """Famous alumni (A12) and alumni enterprises (A13) with their news, found by the
    platform's crawler and confirmed by staff."""

    name = "tenant_apps.alumni.famous"
    label = "alumni_famous"
    verbose_name = "知名校友与校友企业"

    def ready(self) -> None:
        from core.hooks import register_demo_seeder, register_tenant_initializer, subscribe
        from shared_apps.crawler.events import CRAWL_BRIEF, CRAWL_RESULTS
        from tenant_apps.alumni.famous import menus  # noqa: F401
        from tenant_apps.alumni.famous.demo import seed_demo_famous
        from tenant_apps.alumni.famous.initializers import seed_famous_groups
        from tenant_apps.alumni.famous.selectors import crawl_brief
        from tenant_apps.alumni.famous.services import crawl_results_receive

        subscribe(CRAWL_BRIEF, crawl_brief)
        subscribe(CRAWL_RESULTS, crawl_results_receive)
        register_tenant_initializer(75, "alumni_famous", seed_famous_groups)
        register_demo_seeder(79, "alumni_famous", seed_demo_famous)
