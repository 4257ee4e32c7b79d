from django.apps import AppConfig


class QAConfig(AppConfig):
    """Employment part 3 (E16): students' questions answered by teachers and employers as a
    chat, the FAQ, and advising appointments."""

    name = "tenant_apps.employment.qa"
    label = "employment_qa"
    verbose_name = "在线问答与咨询预约"

    def ready(self) -> None:
        from core.hooks import register_demo_seeder
        from tenant_apps.employment.qa import menus  # noqa: F401
        from tenant_apps.employment.qa.demo import seed_demo_qa

        register_demo_seeder(93, "employment_qa", seed_demo_qa)
