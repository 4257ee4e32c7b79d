from django.apps import AppConfig


class AgreementsConfig(AppConfig):
    """Employment part 2: online tri-party agreements (网签三方) between graduate, employer and school."""

    name = "tenant_apps.employment.agreements"
    label = "employment_agreements"
    verbose_name = "网签三方协议"

    def ready(self) -> None:
        from core.files import register_download_rule
        from core.hooks import register_demo_seeder, register_tenant_initializer
        from tenant_apps.employment.agreements import menus  # noqa: F401
        from tenant_apps.employment.agreements.demo import seed_demo_agreements
        from tenant_apps.employment.agreements.initializers import seed_agreement_permissions
        from tenant_apps.employment.agreements.selectors import (
            may_download_agreement_file,
            may_download_seal,
        )

        register_tenant_initializer(76, "employment_agreements", seed_agreement_permissions)
        register_demo_seeder(76, "employment_agreements", seed_demo_agreements)
        register_download_rule("employment_agreements.agreement", may_download_agreement_file)
        register_download_rule("employment_agreements.employerseal", may_download_seal)
