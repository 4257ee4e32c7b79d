from core.web.menus import MenuItem, register

register(
    "backoffice",
    MenuItem("employment_statistics", "就业统计", "backoffice:employment_statistics:dashboard", "employment_students.view_statistics", module="employment", section="就业管理", order=320),
    MenuItem("employment_student_statistics", "学生数据统计", "backoffice:employment_statistics:students", "employment_students.view_statistics", module="employment", section="就业管理", order=321),
)
