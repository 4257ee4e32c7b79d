from core.web.menus import MenuItem, register

SECTION = "招聘服务"
register(
    "backoffice",
    MenuItem("sessions_list", "宣讲会", "backoffice:employment_sessions:list", "employment_sessions.view_infosession", module="employment",
             section=SECTION, order=310),
    MenuItem("sessions_calendar", "宣讲会日历", "backoffice:employment_sessions:calendar", "employment_sessions.view_infosession", module="employment",
             section=SECTION, order=311),
    MenuItem("sessions_venues", "宣讲场地", "backoffice:employment_sessions:venues", "employment_sessions.view_venue", module="employment",
             section=SECTION, order=312),
)
register(
    "h5",
    MenuItem("h5_sessions", "宣讲会", "h5:employment_sessions:list", None, module="employment", section="就业", order=32),
    MenuItem("h5_my_sessions", "我的宣讲会", "h5:employment_sessions:mine", None, module="employment", section="就业", order=33),
)
