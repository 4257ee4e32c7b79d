from django.apps import AppConfig


class ContentConfig(AppConfig):
    """Alumni part 1: articles (文章管理) with moderated comments, the message board and mutual-aid posts."""

    name = "tenant_apps.alumni.content"
    label = "alumni_content"
    verbose_name = "校友文章与留言"

    def ready(self) -> None:
        from core.hooks import register_demo_seeder
        from tenant_apps.alumni.content import menus  # noqa: F401
        from tenant_apps.alumni.content.demo import seed_demo_content

        register_demo_seeder(73, "alumni_content", seed_demo_content)
