"""Menu entries of this sub-app (registered in apps.ready)."""

from core.web.menus import MenuItem, register

SECTION = "劳务费"
register(
    "backoffice",
    MenuItem("fees_projects", "专家劳务费", "backoffice:experts_fees:project_list", "expert_fees.view_feeline", module="experts", section=SECTION, order=230),
    MenuItem("fees_payout", "劳务费发放", "backoffice:experts_fees:line_list", "expert_fees.view_feeline", module="experts", section=SECTION, order=231),
    MenuItem("fees_standards", "劳务费标准", "backoffice:experts_fees:standard_list", "expert_fees.view_feestandard", module="experts", section=SECTION, order=232),
)
register(
    "h5",
    MenuItem("h5_fees", "劳务费确认", "h5:experts_fees:my_letters", None, module="experts", section="专家", order=22),
)
