from core.web.menus import MenuItem, register

register(
    "backoffice",
    MenuItem("employment_archives", "档案转递", "backoffice:employment_archives:archive_list", "employment_archives.view_archivetransfer", module="employment", section="就业管理", order=330),
)
register(
    "h5",
    MenuItem("h5_employment_archive", "档案查询", "h5:employment_archives:my_archive", None, module="employment", section="就业管理", order=32),
)
