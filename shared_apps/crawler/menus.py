from core.web.menus import MenuItem, register

register(
    "console",
    MenuItem("crawler_sources", "采集来源", "crawler:source_list", section="采集", order=60),
    MenuItem("crawler_schedules", "采集计划", "crawler:schedule_list", section="采集", order=61),
    MenuItem("crawler_runs", "采集记录", "crawler:run_list", section="采集", order=62),
)
