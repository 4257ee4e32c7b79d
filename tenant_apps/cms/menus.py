from core.web.menus import MenuItem, register

register(
    "backoffice",
    MenuItem("site_settings", "基本信息与上传", "backoffice:site_settings", "cms.change_sitesettings", section="站点设置", order=30),
    MenuItem("site_carousel", "轮播图", "backoffice:site_carousel_list", "cms.view_carouselitem", section="站点设置", order=31),
    MenuItem("site_links", "友情链接", "backoffice:site_link_list", "cms.view_friendlylink", section="站点设置", order=32),
    MenuItem("site_floating", "飘窗", "backoffice:site_floating_list", "cms.view_floatingwindow", section="站点设置", order=33),
)
