from django.apps import AppConfig


class PanelsConfig(AppConfig):
    """Expert library, part 2: projects, verifiable drawing of review panels, invitations, fees."""

    name = "tenant_apps.experts.panels"
    label = "expert_panels"
    verbose_name = "专家抽取"

    def ready(self) -> None:
        from core.hooks import register_demo_seeder, register_tenant_initializer
        from tenant_apps.experts.panels import menus  # noqa: F401
        from tenant_apps.experts.panels.demo import seed_demo_panels
        from tenant_apps.experts.panels.initializers import (
            seed_invitation_templates,
            seed_panel_groups,
        )
        from tenant_apps.experts.panels.services import VOICE_HANDLER, voice_answer
        from tenant_apps.messaging.services import register_voice_answer_handler

        register_voice_answer_handler(VOICE_HANDLER, voice_answer)
        register_tenant_initializer(61, "expert_panels", seed_panel_groups)
        register_tenant_initializer(62, "expert_invitation_templates", seed_invitation_templates)
        register_demo_seeder(61, "expert_panels", seed_demo_panels)  # after the experts (60)
