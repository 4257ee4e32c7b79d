from core.web.menus import MenuItem, register

SECTION = "学生服务"
register(
    "backoffice",
    MenuItem("portal_articles", "门户文章", "backoffice:employment_site:articles", "employment_site.view_article", module="employment", section=SECTION, order=410),
    MenuItem("portal_columns", "门户栏目", "backoffice:employment_site:columns", "employment_site.view_column", module="employment", section=SECTION, order=411),
)
register(
    "h5",
    MenuItem("h5_portal_news", "就业资讯", "h5:employment_site:index", None, module="employment", section="就业", order=30),
)
