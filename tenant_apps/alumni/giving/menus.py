from core.web.menus import MenuItem, register

SECTION = "校友捐赠"
register(
    "backoffice",
    MenuItem("alumni_giving_projects", "捐赠项目", "backoffice:alumni_giving:project_list", "alumni_giving.view_project", module="alumni", section=SECTION, order=340),
    MenuItem("alumni_giving_donations", "捐赠记录", "backoffice:alumni_giving:donation_list", "alumni_giving.view_donation", module="alumni", section=SECTION, order=341),
    MenuItem("alumni_giving_receipts", "票据登记", "backoffice:alumni_giving:receipt_import", "alumni_giving.record_receipt", module="alumni", section=SECTION, order=342),
    MenuItem("alumni_giving_statistics", "捐赠统计", "backoffice:alumni_giving:statistics", "alumni_giving.view_giving_statistics", module="alumni", section=SECTION,
             order=343),
    MenuItem("alumni_giving_settings", "捐赠设置", "backoffice:alumni_giving:settings", "alumni_giving.manage_giving_settings", module="alumni", section=SECTION,
             order=344),
)
register(
    "h5",
    MenuItem("h5_alumni_giving", "捐赠项目", "h5:alumni_giving:list", None, module="alumni", section="校友", order=35),
    MenuItem("h5_alumni_my_donations", "我的捐赠", "h5:alumni_giving:mine", None, module="alumni", section="校友", order=36),
)
