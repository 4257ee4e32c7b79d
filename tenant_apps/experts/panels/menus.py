from core.web.menus import MenuItem, register

SECTION = "专家抽取"
register(
    "backoffice",
    MenuItem("panels_projects", "抽取项目", "backoffice:experts_panels:project_list", "expert_panels.view_project", module="experts", section=SECTION, order=220),
    MenuItem("panels_history", "抽取历史", "backoffice:experts_panels:history", "expert_panels.view_draw", module="experts", section=SECTION, order=221),
)
register(
    "h5",
    MenuItem("h5_panels", "评审邀请", "h5:experts_panels:my_invitations", None, module="experts", section="专家", order=21),
)
