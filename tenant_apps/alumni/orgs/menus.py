from core.web.menus import MenuItem, register

SECTION = "校友组织"
register(
    "backoffice",
    MenuItem("alumni_orgs", "组织列表", "backoffice:alumni_orgs:org_list", "alumni_orgs.view_organization", module="alumni", section=SECTION, order=300),
    MenuItem("alumni_org_exports", "成员导出申请", "backoffice:alumni_orgs:exports", "alumni_orgs.view_organization", module="alumni", section=SECTION, order=301),
)
register(
    "h5",
    MenuItem("h5_alumni_manage", "分会管理", "h5:alumni_orgs:manage_list", None, module="alumni", section="校友", order=32),
)
