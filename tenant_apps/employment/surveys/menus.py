from core.web.menus import MenuItem, register

register(
    "backoffice",
    MenuItem("surveys", "问卷调查", "backoffice:employment_surveys:list", "employment_surveys.view_survey", module="employment", section="学生服务", order=341),
)
register("h5", MenuItem("h5_surveys", "问卷", "h5:employment_surveys:list", None, module="employment", section="就业", order=38))
