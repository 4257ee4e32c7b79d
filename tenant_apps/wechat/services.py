"""Writes of the WeChat app: account settings and menu, callback events, H5 login and binding.

Everything that talks to WeChat goes through `tenant_apps.wechat.client` (our adapter).
"""

from __future__ import annotations

import datetime
import hashlib
import re
import secrets
import time
from urllib.parse import urlsplit, urlunsplit

from celery import current_app
from django.contrib.auth.password_validation import validate_password
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from wechatpy import parse_message
from wechatpy.crypto import WeChatCrypto
from wechatpy.exceptions import InvalidAppIdException, InvalidSignatureException
from wechatpy.replies import TextReply
from wechatpy.utils import check_signature

from core.audit import audit_record, snapshot
from core.context import current_request_info
from core.crypto import blind_index
from core.errors import ApplicationError, Conflict, ErrorCode
from tenant_apps.accounts.enums import LoginResult, UserKind
from tenant_apps.accounts.errors import AccountLocked, IPBlocked, LoginRefused
from tenant_apps.accounts.models import LoginLog, User
from tenant_apps.accounts.security import ip_is_blocked, login_attempt, parse_user_agent
from tenant_apps.messaging import services as messaging_services
from tenant_apps.wechat.client import WeChatClient, WeChatOAuth
from tenant_apps.wechat.enums import (
    BindingMethod,
    MenuButtonType,
    ScanPurpose,
    ScanStatus,
    StudentBindingMode,
)
from tenant_apps.wechat.errors import WeChatErrorCode, WeChatNotConfigured
from tenant_apps.wechat.models import Follower, ScanSession, TemplateSendReport, WeChatAccount
from tenant_apps.wechat.selectors import account_get, menu_click_reply

ACCOUNT_AUDIT_FIELDS = [
    "name", "app_id", "is_encrypted_mode", "uses_userinfo_scope", "student_binding_mode", "student_h5_entries", "subscribe_reply",
]
APP_ID_PATTERN = re.compile(r"^wx[0-9A-Za-z]{16}$")
TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9]{3,32}$")
AES_KEY_PATTERN = re.compile(r"^[A-Za-z0-9]{43}$")
PHONE_PATTERN = re.compile(r"^1\d{10}$")


# --- account settings and menu --------------------------------------------------------------


def account_client(account: WeChatAccount) -> WeChatClient:
    """Our adapter for this tenant's account (cache keys and locks carry schema and app id)."""
    return WeChatClient(app_id=account.app_id, app_secret=account.app_secret, namespace=f"{connection.schema_name}:{account.app_id}")


@transaction.atomic
def account_save(
    *,
    actor: User,
    name: str,
    app_id: str,
    app_secret: str = "",
    token: str = "",
    aes_key: str = "",
    is_encrypted_mode: bool = False,
    uses_userinfo_scope: bool = False,
    student_binding_mode: str = StudentBindingMode.NUMBER_AND_NAME,
    student_h5_entries: list[str] | None = None,
    subscribe_reply: str = "",
) -> WeChatAccount:
    """Create or update the tenant's official account. Blank secret / AES key keep the stored ones;
    a blank token keeps the stored one or, the first time, generates one."""
    account = WeChatAccount.objects.select_for_update().order_by("id").first()
    creating = account is None
    account = account or WeChatAccount()
    before = None if creating else snapshot(account, ACCOUNT_AUDIT_FIELDS)
    app_id, app_secret, token, aes_key = app_id.strip(), app_secret.strip(), token.strip(), aes_key.strip()
    errors: dict[str, list[str]] = {}
    if app_id and not APP_ID_PATTERN.match(app_id):
        errors["app_id"] = ["AppID 格式不正确（以 wx 开头，共 18 位）。"]
    if app_secret and not re.fullmatch(r"[0-9A-Za-z]{16,64}", app_secret):
        errors["app_secret"] = ["AppSecret 格式不正确。"]
    if token and not TOKEN_PATTERN.match(token):
        errors["token"] = ["Token 须为 3-32 位英文字母或数字。"]
    if aes_key and not AES_KEY_PATTERN.match(aes_key):
        errors["aes_key"] = ["EncodingAESKey 须为 43 位英文字母或数字。"]
    if is_encrypted_mode and not (aes_key or account.aes_key):
        errors["aes_key"] = ["开启安全模式须填写 EncodingAESKey。"]
    if student_binding_mode not in StudentBindingMode.values:
        errors["student_binding_mode"] = ["请选择学生身份绑定方式。"]
    if errors:
        raise ApplicationError("公众号设置有误，请检查。", fields=errors)
    secret_changed = bool(app_secret) and app_secret != account.app_secret
    account.name = name.strip()
    account.app_id = app_id
    if app_secret:
        account.app_secret = app_secret
    if aes_key:
        account.aes_key = aes_key
    account.token = token or account.token or secrets.token_hex(16)
    account.is_encrypted_mode = is_encrypted_mode
    account.uses_userinfo_scope = uses_userinfo_scope
    account.student_binding_mode = student_binding_mode
    account.student_h5_entries = sorted(set(student_h5_entries or []))
    account.subscribe_reply = subscribe_reply.strip()
    try:
        account.full_clean()
    except ValidationError as exc:
        raise ApplicationError("公众号设置有误，请检查。", fields=exc.message_dict) from exc
    account.save()
    after = snapshot(account, ACCOUNT_AUDIT_FIELDS)
    after["app_secret_changed"] = secret_changed
    audit_record(actor=actor, action="wechat_account.create" if creating else "wechat_account.update", target=account, before=before, after=after, only_changes=not creating)
    return account


TOP_NAME_BYTES, SUB_NAME_BYTES = 16, 60
MAX_TOP_BUTTONS, MAX_SUB_BUTTONS = 3, 5


def _menu_button_clean(raw: dict, *, key: str, name_bytes: int, field: str, errors: dict[str, list[str]]) -> dict:
    name = (raw.get("name") or "").strip()
    kind = raw.get("type") or MenuButtonType.CLICK
    button: dict = {"name": name, "type": kind}
    if len(name.encode()) > name_bytes:
        errors.setdefault(field, []).append(f"名称过长（最多 {name_bytes // 3} 个汉字）。")
    if kind == MenuButtonType.VIEW:
        url = (raw.get("url") or "").strip()
        if not re.match(r"^https?://", url) or len(url.encode()) > 1024:
            errors.setdefault(field, []).append("请填写以 http:// 或 https:// 开头的网址。")
        button["url"] = url
    elif kind == MenuButtonType.CLICK:
        reply = (raw.get("reply") or "").strip()
        if not reply:
            errors.setdefault(field, []).append("请填写点击后回复的文字。")
        button.update(key=key, reply=reply[:600])
    else:
        errors.setdefault(field, []).append("菜单类型不正确。")
    return button


def menu_clean(buttons: list[dict]) -> list[dict]:
    """Validate an edited menu: up to 3 buttons, each with up to 5 sub-buttons (click / view)."""
    errors: dict[str, list[str]] = {}
    cleaned: list[dict] = []
    named = [b for b in buttons if (b.get("name") or "").strip()]
    if len(named) > MAX_TOP_BUTTONS:
        errors["menu"] = [f"一级菜单最多 {MAX_TOP_BUTTONS} 个。"]
    for index, raw in enumerate(named[:MAX_TOP_BUTTONS], start=1):
        subs = [s for s in raw.get("sub_button", []) if (s.get("name") or "").strip()]
        field = f"button_{index}"
        if len(subs) > MAX_SUB_BUTTONS:
            errors.setdefault(field, []).append(f"二级菜单最多 {MAX_SUB_BUTTONS} 个。")
        if subs:
            name = raw["name"].strip()
            if len(name.encode()) > TOP_NAME_BYTES:
                errors.setdefault(field, []).append("名称过长（最多 5 个汉字）。")
            cleaned.append({
                "name": name,
                "sub_button": [
                    _menu_button_clean(sub, key=f"MENU_{index}_{position}", name_bytes=SUB_NAME_BYTES, field=f"button_{index}_{position}", errors=errors)
                    for position, sub in enumerate(subs[:MAX_SUB_BUTTONS], start=1)
                ],
            })
        else:
            cleaned.append(_menu_button_clean(raw, key=f"MENU_{index}", name_bytes=TOP_NAME_BYTES, field=field, errors=errors))
    if errors:
        raise ApplicationError("菜单设置有误，请检查。", code=WeChatErrorCode.INVALID_MENU, fields=errors)
    return cleaned


def menu_for_wechat(menu: list[dict]) -> list[dict]:
    """The menu as WeChat's menu/create expects it (our reply texts stay with us)."""

    def strip(button: dict) -> dict:
        if "sub_button" in button:
            return {"name": button["name"], "sub_button": [strip(sub) for sub in button["sub_button"]]}
        return {k: v for k, v in button.items() if k != "reply"}

    return [strip(button) for button in menu]


@transaction.atomic
def menu_save(*, actor: User, account: WeChatAccount, buttons: list[dict]) -> WeChatAccount:
    before = {"menu": account.menu}
    account.menu = menu_clean(buttons)
    account.save(update_fields=["menu", "updated_at"])
    audit_record(actor=actor, action="wechat_menu.save", target=account, before=before, after={"menu": account.menu})
    return account


def menu_publish(*, actor: User, account: WeChatAccount) -> WeChatAccount:
    """Publish the saved menu through menu/create (the call happens outside any transaction)."""
    if not account.is_configured:
        raise ApplicationError("请先填写 AppID、AppSecret 和 Token。", code=WeChatErrorCode.NOT_CONFIGURED)
    if not account.menu:
        raise ApplicationError("菜单为空，请先编辑并保存菜单。", code=WeChatErrorCode.INVALID_MENU)
    account_client(account).menu_publish(menu_for_wechat(account.menu))
    with transaction.atomic():
        account.menu_published_at = timezone.now()
        account.save(update_fields=["menu_published_at", "updated_at"])
        audit_record(actor=actor, action="wechat_menu.publish", target=account, after={"menu": menu_for_wechat(account.menu)}, only_changes=False)
    return account


# --- callback (the URL WeChat posts messages and events to) ---------------------------------

# WeChat retries a callback three times within ~15 s; older timestamps are replays.
CALLBACK_MAX_AGE_SECONDS = 300
CALLBACK_MAX_BYTES = 64 * 1024


class CallbackRefused(ApplicationError):
    code = WeChatErrorCode.BAD_SIGNATURE
    status = 403


def callback_verify_url(*, account: WeChatAccount, signature: str, timestamp: str, nonce: str, echostr: str) -> str:
    """The GET that WeChat sends when the URL is saved in its console: echo back if signed by our token."""
    try:
        check_signature(account.token, signature, timestamp, nonce)
    except InvalidSignatureException as exc:
        raise CallbackRefused("签名校验失败。") from exc
    return echostr


def callback_receive(*, account: WeChatAccount, body: bytes, params: dict[str, str]) -> str:
    """Check, decrypt and handle one pushed message; returns the reply body (XML or "success").

    Must answer within 5 s: only quick database writes here; anything slow goes to a task.
    """
    timestamp, nonce = params.get("timestamp", ""), params.get("nonce", "")
    if len(body) > CALLBACK_MAX_BYTES:
        raise CallbackRefused("消息过大。")
    if not timestamp.isdigit() or abs(time.time() - int(timestamp)) > CALLBACK_MAX_AGE_SECONDS:
        raise CallbackRefused("时间戳无效。")
    crypto = None
    if params.get("encrypt_type") == "aes":
        if not account.aes_key:
            raise CallbackRefused("未配置 EncodingAESKey。")
        crypto = WeChatCrypto(account.token, account.aes_key, account.app_id)
        try:
            xml = crypto.decrypt_message(body, params.get("msg_signature", ""), timestamp, nonce)
        except (InvalidSignatureException, InvalidAppIdException, KeyError, ValueError) as exc:
            raise CallbackRefused("签名校验失败。") from exc
    else:
        if account.is_encrypted_mode:
            raise CallbackRefused("已开启安全模式，拒绝明文消息。")
        try:
            check_signature(account.token, params.get("signature", ""), timestamp, nonce)
        except InvalidSignatureException as exc:
            raise CallbackRefused("签名校验失败。") from exc
        xml = body
    try:
        message = parse_message(xml)
    except Exception as exc:  # malformed XML from a signed sender: refuse, do not 500
        raise ApplicationError("消息格式错误。", code="wechat_bad_message") from exc
    if message is None:
        return "success"
    reply_text = _callback_dispatch(account=account, message=message)
    if not reply_text:
        return "success"
    reply = TextReply(message=message, content=reply_text).render()
    return crypto.encrypt_message(reply, nonce, timestamp) if crypto else reply


def _first_time_seen(message) -> bool:
    """WeChat repeats a message it got no answer to; do its side effects once."""
    if getattr(message, "id", 0):
        key = f"wechat:callback-seen:{message.id}"
    else:
        # Scan events of two QR codes in the same second differ only by their scene.
        key = f"wechat:callback-seen:{message.source}:{message.time}:{getattr(message, 'event', message.type)}:{getattr(message, 'scene_id', '') or ''}"
    return cache.add(key, 1, timeout=120)


def _callback_dispatch(*, account: WeChatAccount, message) -> str:
    kind = getattr(message, "event", "") if message.type == "event" else message.type
    first_time = _first_time_seen(message)
    if kind in ("subscribe", "subscribe_scan"):
        scene = str(getattr(message, "scene_id", "") or "")
        if first_time:
            follower_subscription_record(openid=message.source, is_subscribed=True, at=message.create_time, scene_key="" if _is_scan_scene(scene) else scene)
        if kind == "subscribe_scan" and _is_scan_scene(scene) and first_time:
            # A new follower scanning a back-office login/binding QR: the scan counts too.
            return scan_event_receive(openid=message.source, scene=_scan_scene(scene)) or account.subscribe_reply
        return account.subscribe_reply
    if kind == "unsubscribe":
        if first_time:
            follower_subscription_record(openid=message.source, is_subscribed=False, at=message.create_time)
        return ""
    if kind == "scan" and _is_scan_scene(str(getattr(message, "scene_id", "") or "")):
        return scan_event_receive(openid=message.source, scene=_scan_scene(str(message.scene_id))) if first_time else ""
    if kind == "click":
        return menu_click_reply(account, message.key)
    if kind == "templatesendjobfinish":
        if first_time:
            template_report_store(msg_id=str(message.id), openid=message.source, status=message.status or "")
        return ""
    return ""


def follower_subscription_record(*, openid: str, is_subscribed: bool, at: datetime.datetime | None = None, scene_key: str = "") -> Follower:
    """Record a subscribe / unsubscribe event. These rows are themselves the record of what WeChat
    told us, so no audit event (an audit row per follower would drown the trail)."""
    at = at or timezone.now()
    if timezone.is_naive(at):
        at = timezone.make_aware(at)
    defaults = {"is_subscribed": is_subscribed}
    if is_subscribed:
        defaults.update(subscribed_at=at, unsubscribed_at=None)
        if scene_key:
            defaults["scene_key"] = scene_key[:64]
    else:
        defaults["unsubscribed_at"] = at
    follower, _ = Follower.objects.update_or_create(openid=openid, defaults=defaults)
    return follower


def template_report_store(*, msg_id: str, openid: str, status: str) -> TemplateSendReport:
    """Keep a TEMPLATESENDJOBFINISH result and hand it to the delivery log in a task."""
    with transaction.atomic():
        report, created = TemplateSendReport.objects.get_or_create(msg_id=msg_id, defaults={"openid": openid, "status": status[:100]})
        if created:
            transaction.on_commit(lambda: current_app.send_task("wechat.forward_template_report", args=[report.pk]))
    return report


TEMPLATE_FAILURE_REASONS = {
    "failed:user block": "用户已拒收公众号消息",
    "failed: system failed": "微信系统原因发送失败",
}


# A receipt that matches no delivery (yet) is tried again for this long, then set aside (a
# template message sent outside the gateway, e.g. from WeChat's own console, has no delivery).
REPORT_MATCH_WINDOW = datetime.timedelta(hours=1)


@transaction.atomic
def template_report_forward(*, report_id: int) -> bool:
    """Write the result onto the messaging delivery (found by WeChat's msgid); once per report."""
    report = TemplateSendReport.objects.select_for_update().filter(pk=report_id, is_forwarded=False).first()
    if report is None:
        return False
    delivery = messaging_services.delivery_report(
        provider_message_id=report.msg_id,
        status="succeeded" if report.is_success else "failed",
        reason="" if report.is_success else TEMPLATE_FAILURE_REASONS.get(report.status, f"微信回执：{report.status}"),
    )
    if delivery is None and report.received_at > timezone.now() - REPORT_MATCH_WINDOW:
        # The receipt beat the sender recording WeChat's msgid: the periodic job tries again.
        return False
    report.is_forwarded = True
    report.save(update_fields=["is_forwarded"])
    return True


# --- JS-SDK --------------------------------------------------------------------------------


def jssdk_signature(*, account: WeChatAccount, url: str, host: str) -> dict:
    """wx.config parameters for a page of this tenant's site (never for someone else's URL)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or parts.netloc.lower() != host.lower():
        raise ApplicationError("只能为本站页面签名。", code=WeChatErrorCode.INVALID_URL, fields={"url": ["只能为本站页面签名。"]})
    page_url = urlunsplit((parts.scheme, parts.netloc, parts.path, parts.query, ""))  # WeChat signs without the #fragment
    return account_client(account).jsapi_signature(page_url)


# --- H5 login (P7) -------------------------------------------------------------------------


def oauth_authorize_url(*, account: WeChatAccount, redirect_uri: str, scope: str, state: str) -> str:
    return WeChatOAuth(app_id=account.app_id, app_secret=account.app_secret, redirect_uri=redirect_uri, scope=scope, state=state).authorize_url


def oauth_identify(*, account: WeChatAccount, code: str, with_userinfo: bool) -> dict[str, str]:
    """Exchange the OAuth code for the openid (and, with snsapi_userinfo, nickname and avatar)."""
    oauth = WeChatOAuth(app_id=account.app_id, app_secret=account.app_secret)
    result = oauth.fetch_access_token(code)
    identity = {"openid": result["openid"], "unionid": result.get("unionid", ""), "nickname": "", "avatar": ""}
    if with_userinfo and result.get("scope", "").find("snsapi_userinfo") >= 0:
        info = oauth.get_user_info(openid=result["openid"], access_token=result["access_token"])
        identity.update(nickname=info.get("nickname", "")[:64], avatar=info.get("headimgurl", "")[:500], unionid=info.get("unionid", identity["unionid"]))
    return identity


def login_log_write(*, user: User | None, openid: str, result: str, identifier: str = "", channel: str = "wechat") -> LoginLog:
    """A LoginLog row for a WeChat login (P10: the openid is kept with the login)."""
    info = current_request_info()
    device, platform, browser = parse_user_agent(info.user_agent)
    return LoginLog.objects.create(
        user=user, identifier=(identifier or (user.username if user else openid))[:150], result=result, ip=info.ip or None,
        user_agent=info.user_agent[:500], device=device, platform=platform, browser=browser, channel=channel, wechat_openid=openid,
    )


def wechat_login_check(*, user: User, openid: str, channel: str = "wechat") -> User:
    """The same guards as a password login (IP block, disabled, locked), then the login log."""
    if ip_is_blocked(current_request_info().ip):
        login_log_write(user=user, openid=openid, result=LoginResult.IP_BLOCKED, channel=channel)
        raise IPBlocked("当前 IP 因多次登录失败已被封禁，请联系管理员解除。")
    if not user.is_active:
        login_log_write(user=user, openid=openid, result=LoginResult.DISABLED, channel=channel)
        raise LoginRefused("该账号已停用，请联系管理员。", code="account_disabled")
    if user.locked_until and user.locked_until > timezone.now():
        login_log_write(user=user, openid=openid, result=LoginResult.LOCKED, channel=channel)
        raise AccountLocked("账号已临时锁定，请稍后再试或联系管理员。")
    login_log_write(user=user, openid=openid, result=LoginResult.SUCCESS, channel=channel)
    return user


BIND_FAILURES_PER_HOUR = 10
BINDABLE_BY_PHONE = (UserKind.ALUMNUS, UserKind.EXPERT, UserKind.STUDENT)


def _bind_failure_key(openid: str) -> str:
    return f"wechat:bind-fail:{openid}"


def _bind_guard(openid: str) -> None:
    if (cache.get(_bind_failure_key(openid)) or 0) >= BIND_FAILURES_PER_HOUR:
        raise ApplicationError("尝试次数过多，请一小时后再试。", code=ErrorCode.RATE_LIMITED, status=429)


def _bind_failed(openid: str, message: str, fields: dict[str, list[str]] | None = None) -> ApplicationError:
    key = _bind_failure_key(openid)
    if not cache.add(key, 1, timeout=3600):
        cache.incr(key)
    return ApplicationError(message, code=WeChatErrorCode.BINDING_REFUSED, fields=fields)


@transaction.atomic
def wechat_bind(*, user: User, openid: str, method: str) -> User:
    """Bind `openid` to `user`: one WeChat per account and one account per WeChat."""
    if not openid:
        raise ApplicationError("未获取到微信身份，请在微信中重新打开。", code=WeChatErrorCode.BINDING_REFUSED)
    user = User.objects.select_for_update().get(pk=user.pk)
    if User.objects.filter(wechat_openid=openid).exclude(pk=user.pk).exists():
        raise Conflict("该微信已绑定其他账号，请先解除绑定。", code=WeChatErrorCode.ALREADY_BOUND)
    if user.wechat_openid and user.wechat_openid != openid:
        raise Conflict("该账号已绑定其他微信，请先在原微信中解除绑定或联系老师。", code=WeChatErrorCode.ALREADY_BOUND)
    if user.wechat_openid != openid:
        user.wechat_openid = openid
        user.save(update_fields=["wechat_openid"])
        audit_record(actor=user, action="user.wechat_bind", target=user, after={"method": method}, only_changes=False)
    return user


def wechat_bind_student(*, openid: str, student_number: str, name: str = "", password: str = "") -> User:
    """Identity step for students, as the tenant chose: number + name, or number + password
    (a student without a password yet sets one here, seed 000 §3.1.9)."""
    _bind_guard(openid)
    account = account_get()
    mode = account.student_binding_mode if account else StudentBindingMode.NUMBER_AND_NAME
    student_number = student_number.strip()
    student = User.objects.filter(username=student_number, kind=UserKind.STUDENT, is_active=True).first() if student_number else None
    if mode == StudentBindingMode.NUMBER_AND_NAME:
        if student is None or not name.strip() or student.display_name.strip() != name.strip():
            raise _bind_failed(openid, "学号或姓名不正确，请核对后重试。")
        return wechat_bind(user=student, openid=openid, method=BindingMethod.STUDENT_NUMBER_AND_NAME)
    if student is None:
        raise _bind_failed(openid, "学号或密码不正确。")
    if not student.has_usable_password():
        try:
            validate_password(password, student)
        except ValidationError as exc:
            raise ApplicationError("密码不符合要求。", fields={"password": exc.messages}) from exc
        with transaction.atomic():
            student.set_password(password)
            student.save(update_fields=["password"])
            audit_record(actor=student, action="user.set_initial_password", target=student)
            return wechat_bind(user=student, openid=openid, method=BindingMethod.STUDENT_NUMBER_AND_PASSWORD)
    try:
        user = login_attempt(identifier=student_number, password=password, channel="wechat", openid=openid)
    except LoginRefused as exc:
        raise _bind_failed(openid, exc.message) from exc
    if user.pk != student.pk:
        raise _bind_failed(openid, "学号或密码不正确。")
    return wechat_bind(user=student, openid=openid, method=BindingMethod.STUDENT_NUMBER_AND_PASSWORD)


def normalize_phone(phone: str) -> str:
    phone = re.sub(r"[\s-]", "", phone or "")
    return phone[3:] if phone.startswith("+86") else phone


def _user_by_phone(phone: str, kinds=BINDABLE_BY_PHONE) -> User | None:
    if not PHONE_PATTERN.match(phone):
        return None
    return User.objects.filter(phone_hash=blind_index(phone), kind__in=kinds, is_active=True).first()


def wechat_bind_code_send(*, phone: str) -> None:
    """Send a binding code to an alumnus' or expert's phone. Unknown numbers get no SMS and the same
    answer, so the page does not tell who is registered."""
    phone = normalize_phone(phone)
    if not PHONE_PATTERN.match(phone):
        raise ApplicationError("请输入正确的手机号。", fields={"phone": ["请输入正确的手机号。"]})
    if _user_by_phone(phone) is not None:
        messaging_services.verification_code_send(target=phone, channel="sms", purpose="bind")


def wechat_bind_phone(*, openid: str, phone: str, code: str) -> User:
    _bind_guard(openid)
    phone = normalize_phone(phone)
    user = _user_by_phone(phone)
    if not messaging_services.verification_code_verify(target=phone, purpose="bind", code=code.strip()) or user is None:
        raise _bind_failed(openid, "手机号或验证码不正确。", fields={"code": ["验证码不正确或已过期。"]})
    return wechat_bind(user=user, openid=openid, method=BindingMethod.PHONE_AND_CODE)


@transaction.atomic
def wechat_unbind(*, actor: User, user: User) -> User:
    """Remove the WeChat binding; the next visit from WeChat asks for the identity step again."""
    if not user.wechat_openid:
        return user
    before = {"wechat_bound": True}
    User.objects.filter(pk=user.pk).update(wechat_openid="")
    user.wechat_openid = ""
    audit_record(actor=actor, action="user.wechat_unbind", target=user, before=before, after={"wechat_bound": False})
    return user


# --- password reset by bound phone or e-mail (seed 000 §3.1.10) ----------------------------


def _reset_channel(target: str) -> str:
    return "email" if "@" in target else "sms"


def _user_by_phone_or_email(target: str) -> User | None:
    if "@" in target:
        return User.objects.filter(email_hash=blind_index(target), is_active=True).first()
    return _user_by_phone(normalize_phone(target), kinds=UserKind.values)


def password_reset_code_send(*, target: str) -> None:
    """Send a reset code to a bound phone or e-mail; unknown targets get the same answer and no code."""
    target = target.strip()
    if not target or ("@" not in target and not PHONE_PATTERN.match(normalize_phone(target))):
        raise ApplicationError("请输入绑定的手机号或邮箱。", fields={"target": ["请输入绑定的手机号或邮箱。"]})
    if _user_by_phone_or_email(target) is not None:
        address = target if "@" in target else normalize_phone(target)
        messaging_services.verification_code_send(target=address, channel=_reset_channel(target), purpose="reset_password")


@transaction.atomic
def password_reset_by_code(*, target: str, code: str, new_password: str) -> User:
    target = target.strip()
    address = target if "@" in target else normalize_phone(target)
    user = _user_by_phone_or_email(target)
    try:
        validate_password(new_password, user)
    except ValidationError as exc:
        raise ApplicationError("新密码不符合要求。", fields={"new_password": exc.messages}) from exc
    if not messaging_services.verification_code_verify(target=address, purpose="reset_password", code=code.strip()) or user is None:
        raise ApplicationError("验证码不正确或已过期。", code=WeChatErrorCode.BINDING_REFUSED, fields={"code": ["验证码不正确或已过期。"]})
    user.set_password(new_password)
    user.must_change_password = False
    user.locked_until = None
    user.save(update_fields=["password", "must_change_password", "locked_until"])
    audit_record(actor=user, action="user.reset_password_by_code", target=user, after={"channel": _reset_channel(target)}, only_changes=False)
    return user


# --- back-office scan login and binding (seed 000 §4; issue 12 item 10) ---------------------
# The QR is the official account's temporary QR (QR_STR_SCENE) with a fresh scene; its scan
# event reaches the callback above; the browser that asked polls the session and uses it once.

SCAN_SCENE_PREFIX = "bo_"
SCAN_QR_SECONDS = 300
SCAN_CHANNEL = "wechat_scan"


class ScanRefused(ApplicationError):
    code = WeChatErrorCode.SCAN_REFUSED
    status = 403


def _is_scan_scene(event_key: str) -> bool:
    return _scan_scene(event_key).startswith(SCAN_SCENE_PREFIX)


def _scan_scene(event_key: str) -> str:
    # A new follower's subscribe event carries "qrscene_<scene>"; a follower's SCAN the scene itself.
    return event_key[len("qrscene_"):] if event_key.startswith("qrscene_") else event_key


def _browser_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def scan_session_start(*, purpose: str, user: User | None = None) -> tuple[ScanSession, str]:
    """A new QR for `purpose` (bind / second factor: for `user`; login: anyone bound). Returns
    the session and the secret the asking browser keeps: only it can poll and use the session."""
    if purpose not in ScanPurpose.values or (purpose != ScanPurpose.LOGIN) != (user is not None):
        raise ApplicationError("扫码用途不正确。", code=WeChatErrorCode.SCAN_REFUSED)
    account = account_get()
    if account is None or not account.is_configured:
        raise WeChatNotConfigured("本单位尚未配置微信服务号，暂不能扫码。")
    scene = f"{SCAN_SCENE_PREFIX}{secrets.token_urlsafe(33)}"[:64]
    qr = account_client(account).temporary_qrcode(scene=scene, expire_seconds=SCAN_QR_SECONDS)
    secret = secrets.token_urlsafe(32)
    session = ScanSession.objects.create(
        scene=scene, purpose=purpose, user=user, browser_hash=_browser_hash(secret), qr_content=qr["url"][:300],
        expires_at=timezone.now() + datetime.timedelta(seconds=min(qr["expire_seconds"], SCAN_QR_SECONDS)),
    )
    return session, secret


def _scan_refuse(session: ScanSession, reason: str) -> str:
    session.status, session.refusal = ScanStatus.REFUSED, reason[:100]
    session.save(update_fields=["status", "refusal", "openid", "scanned_at", "user"])
    return reason


@transaction.atomic
def scan_event_receive(*, openid: str, scene: str) -> str:
    """A scan of one of our QR codes (from the signed callback); returns the text WeChat shows
    the person. A scene that is unknown here (another tenant's), used, refused or expired
    changes nothing."""
    session = ScanSession.objects.select_for_update().filter(scene=scene).first()
    if session is None:
        return ""
    if session.status != ScanStatus.PENDING:
        return "该二维码已使用，请在电脑上刷新二维码后重新扫码。"
    now = timezone.now()
    session.openid, session.scanned_at = openid, now
    if session.expires_at <= now:
        return _scan_refuse(session, "二维码已过期，请在电脑上刷新后重新扫码。")
    if session.purpose == ScanPurpose.BIND:
        try:
            wechat_bind(user=session.user, openid=openid, method=BindingMethod.BACKOFFICE_SCAN)
        except ApplicationError as exc:
            return _scan_refuse(session, exc.message)
        reply = f"已将本微信绑定到账号 {session.user.username}，之后可扫码登录管理后台。"
    elif session.purpose == ScanPurpose.SECOND_FACTOR:
        if not session.user.wechat_openid or session.user.wechat_openid != openid:
            login_log_write(user=session.user, openid=openid, result=LoginResult.BAD_CREDENTIALS, channel=SCAN_CHANNEL)
            return _scan_refuse(session, "扫码的微信不是该账号绑定的微信。")
        reply = "已确认，请返回电脑继续。"
    else:
        user = User.objects.filter(wechat_openid=openid).first() if openid else None
        if user is None or not user.is_backoffice_user:
            login_log_write(user=None, openid=openid, result=LoginResult.BAD_CREDENTIALS, identifier="微信扫码", channel=SCAN_CHANNEL)
            return _scan_refuse(session, "该微信未绑定管理后台账号，请先用密码登录后在“微信绑定”中扫码绑定。")
        session.user = user
        reply = f"已确认登录账号 {user.username}，请返回电脑继续。"
    session.status = ScanStatus.CONFIRMED
    session.save(update_fields=["status", "openid", "scanned_at", "user"])
    return reply


def scan_session_for_browser(*, session_id: int, secret: str) -> ScanSession | None:
    """The session, only for the browser holding its secret (no one else learns its state)."""
    if not secret:
        return None
    session = ScanSession.objects.select_related("user").filter(pk=session_id).first()
    if session is None or not secrets.compare_digest(session.browser_hash, _browser_hash(secret)):
        return None
    return session


def scan_session_use(*, session_id: int, secret: str, purpose: str, user: User | None = None) -> User:
    """Use a confirmed session once: the login (or second factor) it proves, with the same guards
    as a password login and a login-log row with the openid. A used, refused or expired session,
    another browser's, or one for another purpose or account is refused."""
    with transaction.atomic():
        session = ScanSession.objects.select_for_update().filter(pk=session_id).first()
        if session is None or not secret or not secrets.compare_digest(session.browser_hash, _browser_hash(secret)) or session.purpose != purpose:
            raise ScanRefused("二维码无效，请刷新后重试。")
        if user is not None and session.user_id != user.pk:
            raise ScanRefused("二维码无效，请刷新后重试。")
        if session.status == ScanStatus.USED:
            raise ScanRefused("该二维码已使用，请刷新后重新扫码。")
        if session.status != ScanStatus.CONFIRMED:
            raise ScanRefused(session.refusal or "尚未扫码确认。")
        if session.expires_at + datetime.timedelta(seconds=60) <= timezone.now():
            raise ScanRefused("二维码已过期，请刷新后重新扫码。")
        session.status, session.used_at = ScanStatus.USED, timezone.now()
        session.save(update_fields=["status", "used_at"])
        scanned = User.objects.get(pk=session.user_id)
    if purpose == ScanPurpose.BIND:
        return scanned
    return wechat_login_check(user=scanned, openid=session.openid, channel=SCAN_CHANNEL)



SCAN_SESSIONS_KEPT_DAYS = 7
SCAN_QR_PER_IP = 30  # QR codes one address may ask for in 10 minutes (each costs a WeChat call)


def scan_qr_allowed(*, ip: str | None) -> bool:
    """A crawler reloading the login page must not spend the account's WeChat API quota."""
    key = f"wechat:scan-qr-rate:{ip or 'unknown'}"
    if cache.add(key, 1, timeout=600):
        return True
    try:
        return cache.incr(key) <= SCAN_QR_PER_IP
    except ValueError:
        return True


def scan_sessions_purge() -> int:
    """Drop scan sessions older than a week (they hold openids; the login log keeps the record)."""
    deleted, _ = ScanSession.objects.filter(created_at__lt=timezone.now() - datetime.timedelta(days=SCAN_SESSIONS_KEPT_DAYS)).delete()
    return deleted
