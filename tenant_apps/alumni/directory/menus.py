from core.web.menus import MenuItem, register

register(
    "h5",
    MenuItem("h5_alumni_hall", "校友服务大厅", "h5:alumni:hall", None, module="alumni", section="校友", order=30),
    MenuItem("h5_alumni_directory", "校友录", "h5:alumni_directory:search", None, module="alumni", section="校友", order=31),
    MenuItem("h5_alumni_mentors", "校友导师", "h5:alumni_directory:mentors", None, module="alumni", section="校友", order=33),
)
register(
    "backoffice",
    MenuItem("alumni_directory", "校友录名片", "backoffice:alumni_directory:profile_list", "alumni_directory.view_profile", module="alumni", section="校友档案", order=319),
)
