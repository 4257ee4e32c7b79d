from core.web.menus import MenuItem, register

register(
    "backoffice",
    MenuItem("applications_list", "职位申请", "backoffice:employment_applications:list", "employment_applications.view_application",
             module="employment", section="学生服务", order=331),
    MenuItem("applications_settings", "申请未回复设置", "backoffice:employment_applications:settings",
             "employment_applications.manage_application_settings", module="employment", section="学生服务", order=332),
)
register("h5", MenuItem("h5_applications", "我的申请", "h5:employment_applications:list", None, module="employment", section="就业", order=36))
