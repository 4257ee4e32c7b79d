from core.web.menus import MenuItem, register

register("backoffice", MenuItem("privacy_requests", "个人信息请求", "backoffice:privacy:list", "privacy.handle_request", section="安全与审计", order=45))
register("h5", MenuItem("h5_privacy_requests", "我的个人信息", "h5:privacy:list", None, section="我的", order=91))
