from core.web.menus import MenuItem, register

SECTION = "消息中心"

register(
    "backoffice",
    MenuItem("messaging_compose", "发送消息", "backoffice:message_compose", "messaging.add_message", section=SECTION, order=50),
    MenuItem("messaging_messages", "推送日志", "backoffice:message_list", "messaging.view_message", section=SECTION, order=51),
    MenuItem("messaging_templates", "消息模板", "backoffice:message_template_list", "messaging.view_messagetemplate", section=SECTION, order=52),
    MenuItem("messaging_outbox", "发件箱", "backoffice:outbox_list", "messaging.view_outboxentry", section=SECTION, order=53),
    MenuItem("messaging_providers", "消息服务商", "backoffice:provider_config_list", "messaging.view_providerconfig", section=SECTION, order=54),
)
register(
    "h5",
    MenuItem("h5_letters", "消息中心", "h5:letter_list", None, section="我的", order=20),
)
