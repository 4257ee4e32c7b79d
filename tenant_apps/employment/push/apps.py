from django.apps import AppConfig


class PushConfig(AppConfig):
    """Employment part 3 (E2): targeted push of content items to filtered graduates."""

    name = "tenant_apps.employment.push"
    label = "employment_push"
    verbose_name = "定向推送"

    def ready(self) -> None:
        from core.hooks import register_demo_seeder
        from tenant_apps.employment.push import items, menus  # noqa: F401 - registrations
        from tenant_apps.employment.push.demo import seed_demo_push
        from tenant_apps.employment.push.enums import AUDIENCE_RESOLVER
        from tenant_apps.employment.push.selectors import (
            push_audience_recipients,
            push_audience_user_query,
        )
        from tenant_apps.messaging.services import register_audience_resolver

        register_audience_resolver(AUDIENCE_RESOLVER, push_audience_recipients, label="毕业生（定向推送）", user_query=push_audience_user_query)
        register_demo_seeder(79, "employment_push", seed_demo_push)
