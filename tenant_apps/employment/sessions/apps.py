from django.apps import AppConfig


class SessionsConfig(AppConfig):
    """Employment part 2: info sessions, venues, sign-ups and attendance."""

    name = "tenant_apps.employment.sessions"
    label = "employment_sessions"
    verbose_name = "宣讲会"

    def ready(self) -> None:
        from core.hooks import register_demo_seeder
        from tenant_apps.employment.sessions import menus  # noqa: F401
        from tenant_apps.employment.sessions.demo import seed_demo_sessions

        register_demo_seeder(73, "employment_sessions", seed_demo_sessions)
