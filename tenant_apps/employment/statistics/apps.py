from django.apps import AppConfig


class StatisticsConfig(AppConfig):
    """Employment statistics (E21, the management half): 毕业去向落实率 by the official
    definition, the school's own 签约率, breakdowns, progress, figures as of a date."""

    name = "tenant_apps.employment.statistics"
    label = "employment_statistics"
    verbose_name = "就业统计"

    def ready(self) -> None:
        from tenant_apps.employment.statistics import menus  # noqa: F401
