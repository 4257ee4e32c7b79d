from django.apps import AppConfig


class ArchivesConfig(AppConfig):
    """Employment part 1: where each graduate's personnel file (档案) goes after the 报到证
    (E19), its transfer and verification numbers, mailing and the student's receipt (E20)."""

    name = "tenant_apps.employment.archives"
    label = "employment_archives"
    verbose_name = "档案转递"

    def ready(self) -> None:
        from core.hooks import register_demo_seeder
        from tenant_apps.employment.archives import menus  # noqa: F401
        from tenant_apps.employment.archives.demo import seed_demo_archives

        register_demo_seeder(72, "employment_archives", seed_demo_archives)  # after the destinations (71)
