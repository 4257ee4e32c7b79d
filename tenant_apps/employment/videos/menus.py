from core.web.menus import MenuItem, register

SECTION = "学生服务"
register(
    "backoffice",
    MenuItem("videos_list", "在线视频", "backoffice:employment_videos:list", "employment_videos.view_video", module="employment",
             section=SECTION, order=410),
)
register(
    "h5",
    MenuItem("h5_videos", "就业视频", "h5:employment_videos:list", None, module="employment", section="就业", order=41),
)
