from core.web.menus import MenuItem, register
from shared_apps.billing.enums import VIEW_BILLING

register("backoffice", MenuItem("billing", "套餐与账单", "backoffice:billing", VIEW_BILLING, section="系统管理", order=30))
