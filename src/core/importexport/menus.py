"""Menu entry for the jobs page. core.apps only autodiscovers `<app>.menus`, so the jobs URL
module imports this one (URLs are loaded before any menu is built)."""

from core.web.menus import MenuItem, register

register("backoffice", MenuItem("jobs", "导入导出任务", "backoffice:jobs:list", None, section="系统管理", order=19))
