from django.apps import AppConfig


class ChatConfig(AppConfig):
    """Employment part 2 (E10): chat between students and HR about a job, and its reports."""

    name = "tenant_apps.employment.chat"
    label = "employment_chat"
    verbose_name = "职位咨询"

    def ready(self) -> None:
        from core.hooks import register_demo_seeder, register_tenant_initializer
        from tenant_apps.employment.chat import menus  # noqa: F401
        from tenant_apps.employment.chat.demo import seed_demo_chat
        from tenant_apps.employment.chat.initializers import grant_chat_permissions

        register_tenant_initializer(74, "employment_chat", grant_chat_permissions)
        register_demo_seeder(74, "employment_chat", seed_demo_chat)
