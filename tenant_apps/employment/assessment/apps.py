from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    """Employment part 3 (E14): career assessment with open instruments (RIASEC interests,
    IPIP Big Five) and a slot for a school's licensed type-indicator bank."""

    name = "tenant_apps.employment.assessment"
    label = "employment_assessment"
    verbose_name = "职业测评"

    def ready(self) -> None:
        from core.hooks import register_demo_seeder
        from tenant_apps.employment.assessment import menus  # noqa: F401
        from tenant_apps.employment.assessment.demo import seed_demo_assessment

        register_demo_seeder(92, "employment_assessment", seed_demo_assessment)
