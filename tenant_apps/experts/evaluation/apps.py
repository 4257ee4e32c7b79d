from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    """Expert library: scoring experts after a project (X26) and the rules that flag them."""

    name = "tenant_apps.experts.evaluation"
    label = "expert_evaluation"
    verbose_name = "专家评价"

    def ready(self) -> None:
        from tenant_apps.experts.evaluation import menus  # noqa: F401
