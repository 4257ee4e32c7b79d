from core.web.menus import MenuItem, register, register_menu_filter

SECTION = "专家抽取"
APPLICATIONS_KEY = "panels_applications"
register(
    "backoffice",
    MenuItem("panels_projects", "抽取项目", "backoffice:experts_panels:project_list", "expert_panels.view_project", module="experts", section=SECTION, order=220),
    MenuItem("panels_history", "抽取历史", "backoffice:experts_panels:history", "expert_panels.view_draw", module="experts", section=SECTION, order=221),
    # Shown only to users of the groups the bureau lets apply (see the filter below).
    MenuItem(APPLICATIONS_KEY, "我的项目申请", "backoffice:experts_panels:application_list", None, module="experts", section=SECTION, order=222),
    MenuItem("panels_sheet_templates", "抽取表模板", "backoffice:experts_panels:sheet_templates", "expert_panels.view_sheettemplate", module="experts",
             section=SECTION, order=223),
    MenuItem("panels_settings", "抽取设置", "backoffice:experts_panels:settings", "expert_panels.change_panelsettings", module="experts", section=SECTION, order=224),
)
register(
    "h5",
    MenuItem("h5_panels", "评审邀请", "h5:experts_panels:my_invitations", None, module="experts", section="专家", order=21),
)


def _applicants_only(request, item: MenuItem) -> bool:
    if item.key != APPLICATIONS_KEY:
        return True
    from tenant_apps.experts.panels.selectors import may_apply

    return may_apply(request.user)


register_menu_filter("backoffice", _applicants_only)
