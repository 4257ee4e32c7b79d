from core.web.menus import MenuItem, register

register(
    "backoffice",
    MenuItem("push_list", "定向推送", "backoffice:employment_push:list", "employment_push.view_push", module="employment", section="学生服务", order=420),
)
