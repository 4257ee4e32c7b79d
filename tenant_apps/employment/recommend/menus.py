from core.web.menus import MenuItem, register

register(
    "backoffice",
    MenuItem("recommend_statistics", "求职意向统计", "backoffice:employment_recommend:statistics", "employment_recommend.view_intention_statistics",
             module="employment", section="学生服务", order=340),
)
register(
    "h5",
    MenuItem("h5_recommend", "为你推荐", "h5:employment_recommend:list", None, module="employment", section="就业", order=30),
    MenuItem("h5_intention", "求职意向", "h5:employment_recommend:intention", None, module="employment", section="就业", order=31),
)
