from core.web.menus import MenuItem, register

register(
    "backoffice",
    MenuItem("audit_log", "审计日志", "backoffice:audit:list", "core.view_auditevent", section="安全与审计", order=43),
)
