from core.web.menus import MenuItem, register

register(
    "console",
    MenuItem("console_dashboard", "概览", "console:dashboard", section="运营", order=1),
    MenuItem("console_tenants", "租户", "console:tenant_list", section="运营", order=10),
    MenuItem("console_audit", "操作日志", "console:audit_list", section="安全", order=90),
)
