from core.web.menus import MenuItem, register

SECTION = "招聘服务"
register(
    "backoffice",
    MenuItem("agreements_list", "网签协议", "backoffice:employment_agreements:list", "employment_agreements.view_agreement", module="employment",
             section=SECTION, order=330),
    MenuItem("agreements_queue", "网签审核", "backoffice:employment_agreements:queue", "employment_agreements.view_agreement", module="employment",
             section=SECTION, order=331),
)
register(
    "h5",
    MenuItem("h5_agreements", "网签协议", "h5:employment_agreements:list", None, module="employment", section="就业", order=36),
)
