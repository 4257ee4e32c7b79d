from core.web.menus import MenuItem, register

SECTION = "招聘服务"
register(
    "backoffice",
    MenuItem("jobs_library", "职位审核与职位库", "backoffice:employment_jobs:list", "employment_jobs.view_job", module="employment", section=SECTION, order=305),
    MenuItem("jobs_announcements", "校招公告", "backoffice:employment_jobs:announcements", "employment_jobs.view_announcement", module="employment",
             section=SECTION, order=306),
)
register(
    "h5",
    MenuItem("h5_jobs", "职位", "h5:employment_jobs:list", None, module="employment", section="就业", order=30),
    MenuItem("h5_announcements", "校招公告", "h5:employment_jobs:announcements", None, module="employment", section="就业", order=31),
)
register("h5", MenuItem("h5_school", "就业指导中心", "h5:employment_jobs:school", None, module="employment", section="就业", order=34))
register("backoffice", MenuItem("jobs_complaints", "职位投诉", "backoffice:employment_jobs:complaints", "employment_jobs.view_jobcomplaint",
                               module="employment", section=SECTION, order=307))
