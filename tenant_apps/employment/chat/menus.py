from core.web.menus import MenuItem, register

register(
    "backoffice",
    MenuItem("chat_reports", "咨询会话举报", "backoffice:employment_chat:reports", "employment_chat.view_conversationreport", module="employment",
             section="招聘服务", order=308),
)
register("h5", MenuItem("h5_chat", "职位咨询", "h5:employment_chat:list", None, module="employment", section="就业", order=32))
