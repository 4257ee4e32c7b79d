from core.web.menus import MenuItem, register

SECTION = "就业管理"
register(
    "backoffice",
    MenuItem("employment_destinations", "毕业去向", "backoffice:employment_destinations:destination_list", "employment_destinations.view_destination", module="employment", section=SECTION, order=310),
    MenuItem("employment_disputes", "学生异议", "backoffice:employment_destinations:disputes", "employment_destinations.review_university", module="employment", section=SECTION, order=312),
    MenuItem("employment_ledger", "变更链校验", "backoffice:employment_destinations:ledger_verify", "employment_destinations.verify_ledger", module="employment", section=SECTION, order=313),
)
register(
    "h5",
    MenuItem("h5_employment_destination", "毕业去向填报", "h5:employment_destinations:my_destination", None, module="employment", section="就业管理", order=31),
)
