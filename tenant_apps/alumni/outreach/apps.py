from django.apps import AppConfig


class OutreachConfig(AppConfig):
    """Alumni mass e-mail and SMS (A8, A9): campaigns, templates, SMS quota, birthday greetings."""

    name = "tenant_apps.alumni.outreach"
    label = "alumni_outreach"
    verbose_name = "邮件短信群发"

    def ready(self) -> None:
        from core.hooks import register_demo_seeder, register_tenant_initializer
        from tenant_apps.alumni.outreach import (  # noqa: F401
            audiences,
            menus,
            privacy,  # noqa: F401  (personal-data provider, P21)
        )
        from tenant_apps.alumni.outreach.demo import seed_demo_outreach
        from tenant_apps.alumni.outreach.initializers import seed_outreach_groups

        audiences.register()
        register_tenant_initializer(77, "alumni_outreach", seed_outreach_groups)
        register_demo_seeder(78, "alumni_outreach", seed_demo_outreach)
