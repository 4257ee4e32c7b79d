from core.web.menus import MenuItem, register

register(
    "backoffice",
    MenuItem("users", "用户管理", "backoffice:user_list", "accounts.view_user", section="系统管理", order=10),
    MenuItem("groups", "用户组与权限", "backoffice:group_list", "auth.view_group", section="系统管理", order=11),
    MenuItem("org_units", "组织机构", "backoffice:org_unit_list", "accounts.view_orgunit", section="系统管理", order=12),
    MenuItem("login_monitor", "登录监控", "backoffice:login_log_list", "accounts.view_login_monitoring", section="安全与审计", order=40),
    MenuItem("ip_blocks", "IP 封禁", "backoffice:ip_block_list", "accounts.manage_ip_blocks", section="安全与审计", order=41),
    MenuItem("activity", "活跃统计", "backoffice:activity_stats", "accounts.view_login_monitoring", section="安全与审计", order=42),
    MenuItem("security_settings", "登录安全设置", "backoffice:security_settings", "accounts.change_securitysettings", section="安全与审计", order=43),
)
register(
    "h5",
    MenuItem("h5_profile", "个人信息", "h5:profile", None, section="我的", order=90),
)
