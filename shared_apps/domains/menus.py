from core.web.menus import MenuItem, register
from shared_apps.domains.enums import VIEW_DOMAINS

register("backoffice", MenuItem("domains", "自定义域名", "backoffice:domains", VIEW_DOMAINS, section="系统管理", order=35))
