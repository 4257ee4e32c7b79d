from core.web.menus import MenuItem, register

SECTION = "招聘服务"
register(
    "backoffice",
    MenuItem("employers_list", "用人单位库", "backoffice:employment_employers:list", "employment_employers.view_employer", module="employment", section=SECTION, order=300),
    MenuItem("employers_lists", "黑白名单", "backoffice:employment_employers:lists", "employment_employers.manage_employer_lists", module="employment",
             section=SECTION, order=301),
    MenuItem("employers_tags", "单位标签", "backoffice:employment_employers:tags", "employment_employers.change_employer", module="employment", section=SECTION, order=302),
    MenuItem("employers_statistics", "单位统计", "backoffice:employment_employers:statistics", "employment_employers.view_employer_statistics",
             module="employment", section=SECTION, order=318),
    MenuItem("employers_settings", "审核规则", "backoffice:employment_employers:settings", "employment_employers.change_recruitmentsettings",
             module="employment", section=SECTION, order=319),
)
register(
    "backoffice",
    MenuItem("employers_school", "学校概况", "backoffice:employment_employers:school", "employment_employers.change_schoolprofile", module="employment",
             section=SECTION, order=320),
)
