from core.web.menus import MenuItem, register

register(
    "backoffice",
    MenuItem("employment_statistics", "就业统计", "backoffice:employment_statistics:dashboard", "employment_students.view_statistics", module="employment", section="就业管理", order=320),
)
