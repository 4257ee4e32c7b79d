from core.web.menus import MenuItem, register

register("backoffice", MenuItem("billing", "套餐与账单", "backoffice:billing", "billing.view_invoice", section="系统管理", order=30))
