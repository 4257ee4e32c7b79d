"""Login security (P11): failure counters per account and per IP, lockout, IP block list,
login log with device parsing, and the activity heartbeat."""

from __future__ import annotations

import datetime
import re

from django.conf import settings
from django.contrib.auth import authenticate
from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from core.audit import audit_record
from core.context import current_request_info
from tenant_apps.accounts.backends import find_user_by_identifier
from tenant_apps.accounts.enums import LoginResult
from tenant_apps.accounts.errors import AccountLocked, IPBlocked, LoginRefused
from tenant_apps.accounts.models import ActivityDay, IPBlock, LoginLog, User

HEARTBEAT_SECONDS = 60


def parse_user_agent(user_agent: str) -> tuple[str, str, str]:
    """(device, platform, browser) from a User-Agent string; good enough for statistics."""
    ua = user_agent or ""
    if re.search(r"iPad|Tablet", ua):
        device = "tablet"
    elif re.search(r"Mobile|Android|iPhone", ua):
        device = "mobile"
    else:
        device = "desktop"
    platform = next(
        (name for pattern, name in [
            (r"iPhone|iPad|iOS", "iOS"), (r"Android", "Android"), (r"HarmonyOS", "HarmonyOS"), (r"Windows", "Windows"),
            (r"Mac OS X|Macintosh", "macOS"), (r"Linux", "Linux"),
        ] if re.search(pattern, ua)),
        "其他",
    )
    browser = next(
        (name for pattern, name in [
            (r"MicroMessenger", "微信"), (r"Edg/", "Edge"), (r"HeadlessChrome|Chrome/", "Chrome"), (r"Firefox/", "Firefox"), (r"Safari/", "Safari"),
        ] if re.search(pattern, ua)),
        "其他",
    )
    return device, platform, browser


def _account_key(user_id: int) -> str:
    return f"login-fail:user:{user_id}"


def _ip_key(ip: str) -> str:
    return f"login-fail:ip:{ip}"


def ip_is_blocked(ip: str | None) -> bool:
    if not ip:
        return False
    block = IPBlock.objects.filter(ip=ip).first()
    if block is None:
        return False
    if block.expires_at and block.expires_at <= timezone.now():
        block.delete()
        return False
    return True


def _log(*, user: User | None, identifier: str, result: str, channel: str, openid: str = "") -> LoginLog:
    info = current_request_info()
    device, platform, browser = parse_user_agent(info.user_agent)
    return LoginLog.objects.create(
        user=user, identifier=identifier[:150], result=result, ip=info.ip or None, user_agent=info.user_agent[:500],
        device=device, platform=platform, browser=browser, channel=channel, wechat_openid=openid,
    )


def _incr(key: str, ttl: int) -> int:
    try:
        return cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=ttl)
        return 1


def login_attempt(*, identifier: str, password: str, channel: str = "backoffice", request=None, openid: str = "") -> User:
    """Check credentials with every guard; returns the user or raises LoginRefused."""
    info = current_request_info()
    ip = info.ip
    if ip_is_blocked(ip):
        _log(user=None, identifier=identifier, result=LoginResult.IP_BLOCKED, channel=channel, openid=openid)
        raise IPBlocked("当前 IP 因多次登录失败已被封禁，请联系管理员解除。")
    candidate = find_user_by_identifier(identifier)
    now = timezone.now()
    if candidate is not None and candidate.locked_until and candidate.locked_until > now:
        _log(user=candidate, identifier=identifier, result=LoginResult.LOCKED, channel=channel, openid=openid)
        minutes = max(1, int((candidate.locked_until - now).total_seconds() // 60) + 1)
        raise AccountLocked(f"密码错误次数过多，账号已锁定，请 {minutes} 分钟后再试或联系管理员。")
    user = authenticate(request, username=identifier, password=password)
    if user is None:
        if candidate is not None and not candidate.is_active and candidate.check_password(password):
            _log(user=candidate, identifier=identifier, result=LoginResult.DISABLED, channel=channel, openid=openid)
            raise LoginRefused("该账号已停用，请联系管理员。", code="account_disabled")
        _record_failure(candidate=candidate, identifier=identifier, ip=ip, channel=channel, openid=openid)
        raise LoginRefused("用户名或密码错误。", code="bad_credentials")
    cache.delete(_account_key(user.pk))
    _log(user=user, identifier=identifier, result=LoginResult.SUCCESS, channel=channel, openid=openid)
    return user


def _record_failure(*, candidate: User | None, identifier: str, ip: str | None, channel: str, openid: str) -> None:
    _log(user=candidate, identifier=identifier, result=LoginResult.BAD_CREDENTIALS, channel=channel, openid=openid)
    lockout = settings.LOGIN_LOCKOUT_SECONDS
    if candidate is not None:
        failures = _incr(_account_key(candidate.pk), lockout)
        if failures >= settings.LOGIN_MAX_FAILURES_PER_ACCOUNT:
            User.objects.filter(pk=candidate.pk).update(locked_until=timezone.now() + datetime.timedelta(seconds=lockout))
            cache.delete(_account_key(candidate.pk))
    if ip:
        failures = _incr(_ip_key(ip), 3600)
        if failures >= settings.LOGIN_MAX_FAILURES_PER_IP:
            IPBlock.objects.get_or_create(
                ip=ip, defaults={"reason": f"1 小时内登录失败 {failures} 次", "expires_at": timezone.now() + datetime.timedelta(hours=24)}
            )
            cache.delete(_ip_key(ip))


@transaction.atomic
def ip_block_add(*, actor: User, ip: str, reason: str, hours: int | None = None) -> IPBlock:
    block, _ = IPBlock.objects.update_or_create(
        ip=ip, defaults={"reason": reason or "管理员手动封禁", "is_automatic": False, "expires_at": timezone.now() + datetime.timedelta(hours=hours) if hours else None}
    )
    audit_record(actor=actor, action="ip_block.add", target=block, after={"ip": ip, "reason": block.reason}, only_changes=False)
    return block


@transaction.atomic
def ip_block_lift(*, actor: User, block: IPBlock) -> None:
    audit_record(actor=actor, action="ip_block.lift", target=block, before={"ip": block.ip, "reason": block.reason}, after=None, only_changes=False)
    cache.delete(_ip_key(block.ip))
    block.delete()


@transaction.atomic
def user_unlock(*, actor: User, user: User) -> None:
    User.objects.filter(pk=user.pk).update(locked_until=None)
    cache.delete(_account_key(user.pk))
    audit_record(actor=actor, action="user.unlock", target=user)


def expire_ip_blocks() -> int:
    deleted, _ = IPBlock.objects.filter(expires_at__lte=timezone.now()).delete()
    return deleted


def heartbeat_record(*, user: User) -> ActivityDay:
    """Count active time: a beat within twice the interval of the last one adds the gap."""
    now = timezone.now()
    day = timezone.localdate(now)
    activity, _ = ActivityDay.objects.get_or_create(user=user, day=day)
    gap = (now - activity.last_beat_at).total_seconds() if activity.last_beat_at else None
    added = int(min(gap, HEARTBEAT_SECONDS)) if gap is not None and gap <= 2 * HEARTBEAT_SECONDS else 0
    ActivityDay.objects.filter(pk=activity.pk).update(active_seconds=F("active_seconds") + added, heartbeats=F("heartbeats") + 1, last_beat_at=now)
    User.objects.filter(pk=user.pk).update(last_seen_at=now)
    activity.refresh_from_db()
    return activity
