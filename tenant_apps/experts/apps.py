from django.apps import AppConfig


class ExpertsConfig(AppConfig):
    name = "tenant_apps.experts"
    label = "experts"
    verbose_name = "专家库"

    def ready(self) -> None:
        from core.audit import register_action_labels
        from core.hooks import (
            register_demo_seeder,
            register_tenant_initializer,
            register_usage_counter,
        )
        from tenant_apps.experts import (
            menus,  # noqa: F401
            privacy,  # noqa: F401  (personal-data provider, P21)
        )
        from tenant_apps.experts.audit_labels import ACTION_LABELS
        from tenant_apps.experts.demo import seed_demo_experts
        from tenant_apps.experts.initializers import seed_experts

        register_tenant_initializer(60, "experts", seed_experts)
        register_demo_seeder(60, "experts", seed_demo_experts)
        register_action_labels(ACTION_LABELS)

        from core.web.warmup import register_warmup
        from tenant_apps.experts.search import warm_up as warm_up_search

        register_warmup(warm_up_search)  # core starts the warm-up thread; this warms the expert search path

        def count_experts() -> dict[str, int]:
            from tenant_apps.experts.models import Expert

            return {"experts": Expert.objects.filter(status="approved", deleted_at__isnull=True).count()}

        register_usage_counter(count_experts)
        try:
            from core import reveal  # written by another engineer; optional until it lands
        except ImportError:
            return
        register = getattr(reveal, "register_revealable", None)
        if register is not None:
            from tenant_apps.experts.reveal import get_revealable_expert

            register("experts.expert", get_revealable_expert)
