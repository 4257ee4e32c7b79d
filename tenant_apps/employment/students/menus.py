from core.web.menus import MenuItem, register

SECTION = "就业管理"
register(
    "backoffice",
    MenuItem("employment_records", "生源信息", "backoffice:employment_students:record_list", "employment_students.view_graduaterecord", module="employment", section=SECTION, order=300),
    MenuItem("employment_verification", "核验审核", "backoffice:employment_students:review_queue", "employment_students.review_graduaterecord", module="employment", section=SECTION, order=301),
    MenuItem("employment_verification_progress", "核验进度", "backoffice:employment_students:progress", "employment_students.view_graduaterecord", module="employment", section=SECTION, order=302),
    MenuItem("employment_settings", "就业管理设置", "backoffice:employment_students:settings", "employment_students.manage_settings", module="employment", section=SECTION, order=399),
)
register(
    "h5",
    MenuItem("h5_employment_record", "生源信息核验", "h5:employment_students:my_record", None, module="employment", section="就业管理", order=30),
)
