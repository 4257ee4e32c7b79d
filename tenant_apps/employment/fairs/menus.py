from core.web.menus import MenuItem, register

SECTION = "招聘服务"
register(
    "backoffice",
    MenuItem("fairs_list", "双选会", "backoffice:employment_fairs:list", "employment_fairs.view_fair", module="employment", section=SECTION, order=320),
    MenuItem("fairs_statistics", "双选会统计", "backoffice:employment_fairs:statistics", "employment_fairs.view_fair", module="employment",
             section=SECTION, order=321),
)
register(
    "h5",
    MenuItem("h5_fairs", "双选会", "h5:employment_fairs:list", None, module="employment", section="就业", order=34),
    MenuItem("h5_my_fair_tickets", "我的双选会门票", "h5:employment_fairs:tickets", None, module="employment", section="就业", order=35),
)
