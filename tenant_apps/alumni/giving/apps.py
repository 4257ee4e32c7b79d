from django.apps import AppConfig


class GivingConfig(AppConfig):
    """Alumni part 3: giving (A6) — donation projects, WeChat Pay donations, certificates,
    the foundation's e-receipt numbers, thank-you mails and usage reports."""

    name = "tenant_apps.alumni.giving"
    label = "alumni_giving"
    verbose_name = "校友捐赠"

    def ready(self) -> None:
        from core.files import register_download_rule
        from core.hooks import register_demo_seeder, register_tenant_initializer, subscribe
        from tenant_apps.alumni.giving import (
            menus,  # noqa: F401
            privacy,  # noqa: F401  (personal-data provider, P21)
        )
        from tenant_apps.alumni.giving.demo import seed_demo_giving
        from tenant_apps.alumni.giving.initializers import seed_giving_defaults
        from tenant_apps.alumni.giving.selectors import (
            hall_donations,
            hall_my_donations,
            may_see_update_file,
        )
        from tenant_apps.alumni.giving.services import on_order_paid, on_refund_finished
        from tenant_apps.alumni.hall import register_hall_section
        from tenant_apps.payments.services import EVENT_PAID, EVENT_REFUND

        subscribe(EVENT_PAID, on_order_paid)
        subscribe(EVENT_REFUND, on_refund_finished)
        register_hall_section("donations", hall_donations)
        register_hall_section("my_donations", hall_my_donations)
        register_download_rule("alumni_giving.projectupdate", may_see_update_file)
        register_tenant_initializer(75, "alumni_giving", seed_giving_defaults)
        register_demo_seeder(76, "alumni_giving", seed_demo_giving)
