"""Reads of the WeChat app."""

from __future__ import annotations

from django.db.models import QuerySet

from core.web.menus import registered
from tenant_apps.accounts.models import User
from tenant_apps.wechat.errors import WeChatNotConfigured
from tenant_apps.wechat.models import Follower, TemplateSendReport, WeChatAccount


def account_get() -> WeChatAccount | None:
    """The tenant's official account settings (one row per schema), or None before setup."""
    return WeChatAccount.objects.order_by("id").first()


def wechat_login_available() -> bool:
    """True when the tenant's official account is set up, so H5 visitors inside WeChat sign in
    through its OAuth (P7)."""
    account = account_get()
    return account is not None and account.is_configured


def account_get_configured() -> WeChatAccount:
    account = account_get()
    if account is None or not account.is_configured:
        raise WeChatNotConfigured("本单位尚未配置微信公众号。")
    return account


def secret_hint(value: str) -> str:
    """What the settings page shows of a stored secret: never the whole of it."""
    if not value:
        return ""
    return f"已设置（尾号 {value[-4:]}）" if len(value) >= 16 else "已设置"


def follower_list(*, is_subscribed: bool | None = None) -> QuerySet[Follower]:
    followers = Follower.objects.all()
    if is_subscribed is not None:
        followers = followers.filter(is_subscribed=is_subscribed)
    return followers


def follower_counts() -> dict[str, int]:
    subscribed = Follower.objects.filter(is_subscribed=True).count()
    return {"subscribed": subscribed, "total": Follower.objects.count(), "bound": User.objects.exclude(wechat_openid="").count()}


def template_report_unforwarded() -> QuerySet[TemplateSendReport]:
    return TemplateSendReport.objects.filter(is_forwarded=False)


def user_by_openid(openid: str) -> User | None:
    if not openid:
        return None
    return User.objects.filter(wechat_openid=openid).order_by("id").first()


def menu_click_reply(account: WeChatAccount, key: str) -> str:
    """The text configured for a CLICK button of the (draft or published) menu."""
    for button in account.menu or []:
        for candidate in [button, *button.get("sub_button", [])]:
            if candidate.get("type") == "click" and candidate.get("key") == key:
                return candidate.get("reply", "")
    return ""


def h5_entry_choices() -> list[tuple[str, str]]:
    """H5 menu entries (key, label) a tenant may hide from students."""
    return [(item.key, f"{item.section} · {item.label}") for item in registered("h5")]


def student_h5_entry_keys() -> frozenset[str] | None:
    """Keys of the H5 entries students may see, or None when the tenant set no limit."""
    account = account_get()
    if account is None or not account.student_h5_entries:
        return None
    return frozenset(account.student_h5_entries)


def h5_entry_visible_to_students(key: str) -> bool:
    """False when the tenant limited students to other entries (P8 "what students may see")."""
    allowed = student_h5_entry_keys()
    return allowed is None or key in allowed
