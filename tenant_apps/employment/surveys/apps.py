from django.apps import AppConfig, apps


class SurveysConfig(AppConfig):
    """Employment part 3 (E12): questionnaires built by teachers, published to students through
    the targeted push, answered on a phone, with results, cross-tabs and export."""

    name = "tenant_apps.employment.surveys"
    label = "employment_surveys"
    verbose_name = "问卷调查"

    def ready(self) -> None:
        from core.hooks import register_demo_seeder
        from tenant_apps.employment.surveys import menus  # noqa: F401
        from tenant_apps.employment.surveys.demo import seed_demo_surveys

        register_demo_seeder(79, "employment_surveys", seed_demo_surveys)  # after the graduates (70)
        if apps.is_installed("tenant_apps.employment.push"):
            from tenant_apps.employment.push.registry import register_push_item_type
            from tenant_apps.employment.surveys.items import survey_choices, survey_item

            register_push_item_type("survey", label="问卷", resolve=survey_item, choices=survey_choices)
