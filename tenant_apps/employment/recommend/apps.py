from django.apps import AppConfig


class RecommendConfig(AppConfig):
    """Employment part 3 (E9): students' job intentions, precomputed job recommendations that
    say why, the daily push of new matches, and the teachers' intention statistics."""

    name = "tenant_apps.employment.recommend"
    label = "employment_recommend"
    verbose_name = "求职意向与职位推荐"

    def ready(self) -> None:
        from core.hooks import register_demo_seeder
        from tenant_apps.employment.recommend import menus  # noqa: F401
        from tenant_apps.employment.recommend.demo import seed_demo_recommendations

        register_demo_seeder(78, "employment_recommend", seed_demo_recommendations)  # after jobs (72) and graduates (70)
