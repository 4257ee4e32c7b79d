from core.web.menus import MenuItem, register

register(
    "backoffice",
    MenuItem("alumni_home", "管理首页", "backoffice:alumni:home", "alumni_records.view_member", module="alumni", section="校友组织", order=299),
)
