from core.web.menus import MenuItem, register

register(
    "backoffice",
    MenuItem("wechat_settings", "公众号设置", "backoffice:wechat_settings", "wechat.change_wechataccount", section="微信", order=60),
    MenuItem("wechat_menu", "自定义菜单", "backoffice:wechat_menu", "wechat.change_wechataccount", section="微信", order=61),
    MenuItem("wechat_followers", "关注者", "backoffice:wechat_followers", "wechat.view_follower", section="微信", order=62),
)
register(
    "h5",
    MenuItem("h5_wechat_binding", "微信绑定", "h5:wechat_binding", None, section="我的", order=91),
)
