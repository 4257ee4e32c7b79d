from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    """Expert library: scoring experts after a project (X26) and the rules that flag them."""

    name = "tenant_apps.experts.evaluation"
    label = "expert_evaluation"
    verbose_name = "专家评价"

    def ready(self) -> None:
        from core.hooks import register_demo_seeder, register_tenant_initializer
        from tenant_apps.experts.evaluation import menus  # noqa: F401
        from tenant_apps.experts.evaluation.demo import seed_demo_evaluations
        from tenant_apps.experts.evaluation.initializers import seed_evaluation

        register_tenant_initializer(64, "expert_evaluation", seed_evaluation)
        register_demo_seeder(64, "expert_evaluation", seed_demo_evaluations)  # after the panels (61)
