from core.web.menus import MenuItem, register
from tenant_apps.alumni.famous.enums import VIEW

SECTION = "知名校友"
register(
    "backoffice",
    MenuItem("alumni_famous_queue", "待确认", "backoffice:alumni_famous:queue", VIEW, module="alumni", section=SECTION, order=340),
    MenuItem("alumni_famous_people", "知名校友", "backoffice:alumni_famous:person_list", VIEW, module="alumni", section=SECTION, order=341),
    MenuItem("alumni_famous_enterprises", "校友企业", "backoffice:alumni_famous:enterprise_list", VIEW, module="alumni", section=SECTION, order=342),
    MenuItem("alumni_famous_news", "校友动态", "backoffice:alumni_famous:news_list", VIEW, module="alumni", section=SECTION, order=343),
    MenuItem("alumni_famous_exclusions", "排除名单", "backoffice:alumni_famous:exclusions", VIEW, module="alumni", section=SECTION, order=344),
    MenuItem("alumni_famous_settings", "采集设置", "backoffice:alumni_famous:settings", VIEW, module="alumni", section=SECTION, order=345),
)
register(
    "h5",
    MenuItem("h5_alumni_famous", "知名校友", "h5:alumni_famous:home", None, module="alumni", section="校友", order=36),
)
