from core.web.menus import MenuItem, register

SECTION = "校友文章与留言"
register(
    "backoffice",
    MenuItem("alumni_articles", "文章管理", "backoffice:alumni_content:article_list", "alumni_content.view_article", module="alumni", section=SECTION, order=330),
    MenuItem("alumni_moderation", "留言与评论审核", "backoffice:alumni_content:moderation", "alumni_content.view_boardpost", module="alumni", section=SECTION, order=331),
)
