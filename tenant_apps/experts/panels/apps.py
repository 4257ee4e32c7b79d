from django.apps import AppConfig


class PanelsConfig(AppConfig):
    """Expert library, part 2: projects, verifiable drawing of review panels, invitations, fees."""

    name = "tenant_apps.experts.panels"
    label = "expert_panels"
    verbose_name = "专家抽取"
