from core.web.menus import MenuItem, register

register(
    "console",
    MenuItem("console_dashboard", "概览", "console:dashboard", section="运营", order=1),
    MenuItem("console_tenants", "租户", "console:tenant_list", section="运营", order=10),
    MenuItem("console_plans", "套餐与价格", "console:plan_list", section="运营", order=15),
    MenuItem("console_signups_failed", "开通失败", "console:signup_failed_list", section="运营", order=20),
    MenuItem("console_health", "运行状况", "console:health", section="运维", order=50),
    MenuItem("console_staff", "平台员工", "console:staff_list", section="安全", order=80),
    MenuItem("console_audit", "操作日志", "console:audit_list", section="安全", order=90),
)
