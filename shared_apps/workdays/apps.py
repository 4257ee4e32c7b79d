from django.apps import AppConfig


class WorkdaysConfig(AppConfig):
    name = "shared_apps.workdays"
    label = "workdays"
    verbose_name = "工作日历"

    def ready(self) -> None:
        from core.audit import register_action_labels

        register_action_labels({"workdays.year.save": "保存节假日安排"})
        from shared_apps.workdays import menus  # noqa: F401
