from core.tenancy import is_public
from core.web.menus import MenuItem, register, register_menu_filter
from tenant_apps.accounts.enums import UserKind
from tenant_apps.wechat.selectors import student_h5_entry_keys

register(
    "backoffice",
    MenuItem("wechat_settings", "公众号设置", "backoffice:wechat_settings", "wechat.change_wechataccount", section="微信", order=60),
    MenuItem("wechat_menu", "自定义菜单", "backoffice:wechat_menu", "wechat.change_wechataccount", section="微信", order=61),
    MenuItem("wechat_followers", "关注者", "backoffice:wechat_followers", "wechat.view_follower", section="微信", order=62),
    MenuItem("wechat_binding", "微信绑定", "backoffice:wechat_binding", None, section="个人设置", order=95),
)
register(
    "h5",
    MenuItem("h5_wechat_binding", "微信绑定", "h5:wechat_binding", None, section="我的", order=91),
)


_UNSET = object()


def student_h5_entries_filter(request, item: MenuItem) -> bool:
    """Students see only the H5 entries the tenant allows them (公众号设置 → 学生可见的移动端入口)."""
    user = getattr(request, "user", None)
    if is_public(request) or user is None or getattr(user, "kind", "") != UserKind.STUDENT:
        return True
    allowed = getattr(request, "_wechat_student_h5_entries", _UNSET)
    if allowed is _UNSET:  # one query per request, not one per menu entry
        allowed = request._wechat_student_h5_entries = student_h5_entry_keys()
    return allowed is None or item.key in allowed


register_menu_filter("h5", student_h5_entries_filter)
