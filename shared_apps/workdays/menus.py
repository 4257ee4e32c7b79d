from core.web.menus import MenuItem, register

register("console", MenuItem("workdays_years", "节假日安排", "workdays:year_list", section="运维", order=55))
