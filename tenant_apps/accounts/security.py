"""Login security (P11): failure counters per account and per IP, lockout, IP block list,
login log with device parsing, and the activity heartbeat."""

from __future__ import annotations

import datetime
import ipaddress
import re

from django.conf import settings
from django.contrib.auth import authenticate
from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import ExtractHour, TruncDate
from django.utils import timezone

from core.audit import audit_record
from core.context import current_request_info
from core.crypto import blind_index
from core.errors import ApplicationError
from core.masking import scrub_text
from core.web.filtering import day_start, is_ip_address
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
        # What was typed may be a phone or an e-mail: kept masked, never in clear (P12).
        user=user, identifier=scrub_text(identifier)[:150], result=result, ip=info.ip or None, user_agent=info.user_agent[:500],
        device=device, platform=platform, browser=browser, channel=channel, wechat_openid=openid,
    )


def _incr(key: str, ttl: int) -> int:
    """Atomic counter in Redis: the window starts at the first failure (`add` is SET NX) and
    INCR keeps its expiry, so parallel requests cannot reset each other's count."""
    cache.add(key, 0, timeout=ttl)
    try:
        return cache.incr(key)
    except ValueError:  # evicted between add and incr
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
    audit_record(
        actor=user, action="user.login", target=user,
        before={"last_login": user.last_login}, after={"last_login": now, "channel": channel}, only_changes=False,
    )
    return user


def _record_failure(*, candidate: User | None, identifier: str, ip: str | None, channel: str, openid: str) -> None:
    _log(user=candidate, identifier=identifier, result=LoginResult.BAD_CREDENTIALS, channel=channel, openid=openid)
    lockout = settings.LOGIN_LOCKOUT_SECONDS
    if candidate is not None:
        failures = _incr(_account_key(candidate.pk), lockout)
        if failures >= settings.LOGIN_MAX_FAILURES_PER_ACCOUNT:
            locked_until = timezone.now() + datetime.timedelta(seconds=lockout)
            User.objects.filter(pk=candidate.pk).update(locked_until=locked_until)
            cache.delete(_account_key(candidate.pk))
            audit_record(
                actor=None, action="user.lock", target=candidate,
                before={"locked_until": candidate.locked_until}, after={"locked_until": locked_until, "failures": failures}, only_changes=False,
            )
    if ip:
        failures = _incr(_ip_key(ip), 3600)
        if failures >= settings.LOGIN_MAX_FAILURES_PER_IP:
            block, created = IPBlock.objects.get_or_create(
                ip=ip, defaults={"reason": f"1 小时内登录失败 {failures} 次", "expires_at": timezone.now() + datetime.timedelta(hours=24)}
            )
            cache.delete(_ip_key(ip))
            if created:
                audit_record(actor=None, action="ip_block.auto", target=block, object_label=block.ip, after={"ip": ip, "reason": block.reason}, only_changes=False)


@transaction.atomic
def ip_block_add(*, actor: User, ip: str, reason: str, hours: int | None = None) -> IPBlock:
    """Block an IP by hand; `hours` empty means until lifted. Refuses the admin's own IP."""
    ip = (ip or "").strip()
    try:
        ip = str(ipaddress.ip_address(ip))
    except ValueError as exc:
        raise ApplicationError("IP 地址格式不正确。", fields={"ip": ["请输入有效的 IPv4 或 IPv6 地址。"]}) from exc
    if hours is not None and not 1 <= hours <= 24 * 365:
        raise ApplicationError("封禁时长应在 1 小时到 1 年之间。", fields={"hours": ["请输入 1 到 8760 之间的整数，留空表示长期封禁。"]})
    if ip == current_request_info().ip:
        raise ApplicationError("不能封禁您当前使用的 IP。", code="cannot_block_own_ip", fields={"ip": ["这是您当前的 IP。"]})
    reason = (reason or "").strip()[:200]
    block, _ = IPBlock.objects.update_or_create(
        ip=ip, defaults={"reason": reason or "管理员手动封禁", "is_automatic": False, "expires_at": timezone.now() + datetime.timedelta(hours=hours) if hours else None}
    )
    audit_record(
        actor=actor, action="ip_block.add", target=block, object_label=block.ip,
        after={"ip": ip, "reason": block.reason, "expires_at": block.expires_at}, only_changes=False,
    )
    return block


@transaction.atomic
def ip_block_lift(*, actor: User, block: IPBlock) -> None:
    audit_record(actor=actor, action="ip_block.lift", target=block, object_label=block.ip, before={"ip": block.ip, "reason": block.reason}, after=None, only_changes=False)
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


# --- reads for the login-monitoring pages ---------------------------------------------------
# Login monitoring is a tenant-wide security function: holders of the permission see every
# account's attempts (failed attempts often have no account at all), so no data scope here.

DEVICE_LABELS = {"desktop": "电脑", "mobile": "手机", "tablet": "平板"}
CHANNEL_LABELS = {"backoffice": "管理后台", "h5": "移动端 H5", "api": "API", "console": "平台控制台", "wechat": "微信", "wechat_scan": "微信扫码（后台）"}
MAX_RANGE_DAYS = 366


def login_log_search(
    *,
    result: str = "",
    channel: str = "",
    ip: str = "",
    account: str = "",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> QuerySet[LoginLog]:
    queryset = LoginLog.objects.select_related("user")
    if result:
        queryset = queryset.filter(result=result)
    if channel:
        queryset = queryset.filter(channel=channel)
    if ip:
        queryset = queryset.filter(ip=ip) if is_ip_address(ip) else queryset.none()
    if account:
        # Phones are stored masked in the log: a full phone number finds its user by the keyed hash.
        queryset = queryset.filter(
            Q(identifier__icontains=account) | Q(user__username__icontains=account) | Q(user__display_name__icontains=account)
            | Q(user__phone_hash=blind_index(account.strip()))
        )
    if date_from:
        queryset = queryset.filter(created_at__gte=day_start(date_from))
    if date_to:
        queryset = queryset.filter(created_at__lt=day_start(date_to + datetime.timedelta(days=1)))
    return queryset.order_by("-created_at", "-id")


def _with_widths(rows: list[dict]) -> list[dict]:
    """Adds bar widths (percent of the largest total) for the server-rendered charts."""
    top = max((row["success"] + row["failed"] for row in rows), default=0) or 1
    for row in rows:
        row["total"] = row["success"] + row["failed"]
        row["success_pct"] = round(row["success"] * 100 / top, 1)
        row["failed_pct"] = round(row["failed"] * 100 / top, 1)
    return rows


def login_statistics(*, days: int = 30) -> dict:
    """Successful and failed logins of the last `days` days, by device, platform, browser,
    hour of day and day."""
    today = timezone.localdate()
    first_day = today - datetime.timedelta(days=days - 1)
    logs = LoginLog.objects.filter(created_at__gte=day_start(first_day))
    succeeded = Q(result=LoginResult.SUCCESS)
    counts = {"success": Count("id", filter=succeeded), "failed": Count("id", filter=~succeeded)}

    def grouped(field: str, labels: dict[str, str] | None = None) -> list[dict]:
        rows = [
            {"label": (labels or {}).get(row[field], row[field]) or "未知", "success": row["success"], "failed": row["failed"]}
            for row in logs.values(field).annotate(**counts).order_by(field)
        ]
        rows.sort(key=lambda row: -(row["success"] + row["failed"]))
        return _with_widths(rows)

    by_hour = {row["hour"]: row for row in logs.annotate(hour=ExtractHour("created_at")).values("hour").annotate(**counts)}
    by_day = {row["day"]: row for row in logs.annotate(day=TruncDate("created_at")).values("day").annotate(**counts)}
    hours = _with_widths([
        {"label": f"{hour:02d}时", "success": by_hour.get(hour, {}).get("success", 0), "failed": by_hour.get(hour, {}).get("failed", 0)}
        for hour in range(24)
    ])
    day_rows = []
    for offset in range(days):
        day = first_day + datetime.timedelta(days=offset)
        row = by_day.get(day, {})
        day_rows.append({"label": f"{day:%m-%d}", "day": day, "success": row.get("success", 0), "failed": row.get("failed", 0)})
    totals = logs.aggregate(**counts)
    return {
        "days": days,
        "first_day": first_day,
        "last_day": today,
        "success": totals["success"],
        "failed": totals["failed"],
        "by_device": grouped("device", DEVICE_LABELS),
        "by_platform": grouped("platform"),
        "by_browser": grouped("browser"),
        "by_channel": grouped("channel", CHANNEL_LABELS),
        "by_hour": hours,
        "by_day": _with_widths(day_rows),
    }


def ip_block_list() -> QuerySet[IPBlock]:
    return IPBlock.objects.filter(Q(expires_at__isnull=True) | Q(expires_at__gt=timezone.now())).order_by("-created_at")


def format_duration(seconds: int) -> str:
    hours, rest = divmod(int(seconds or 0), 3600)
    minutes = rest // 60
    if hours:
        return f"{hours} 小时 {minutes} 分"
    return f"{minutes} 分钟"


def activity_statistics(*, date_from: datetime.date, date_to: datetime.date, top: int = 20) -> dict:
    """Active time (from the heartbeat) between two days: totals, per day, and the most active users."""
    rows = ActivityDay.objects.filter(day__gte=date_from, day__lte=date_to)
    totals = rows.aggregate(seconds=Sum("active_seconds"), users=Count("user", distinct=True))
    seconds = totals["seconds"] or 0
    users = totals["users"] or 0
    per_day = {row["day"]: row for row in rows.values("day").annotate(seconds=Sum("active_seconds"), users=Count("user_id"))}
    days = []
    for offset in range((date_to - date_from).days + 1):
        day = date_from + datetime.timedelta(days=offset)
        row = per_day.get(day, {})
        days.append({"label": f"{day:%m-%d}", "day": day, "seconds": row.get("seconds", 0), "users": row.get("users", 0)})
    busiest = max((d["seconds"] for d in days), default=0) or 1
    for day in days:
        day["pct"] = round(day["seconds"] * 100 / busiest, 1)
        day["duration"] = format_duration(day["seconds"])
    top_users = list(
        rows.values("user_id", "user__username", "user__display_name")
        .annotate(seconds=Sum("active_seconds"), active_days=Count("id"))
        .order_by("-seconds", "user_id")[:top]
    )
    most = top_users[0]["seconds"] if top_users else 1
    for row in top_users:
        row["pct"] = round(row["seconds"] * 100 / (most or 1), 1)
        row["duration"] = format_duration(row["seconds"])
    return {
        "total_seconds": seconds,
        "total_duration": format_duration(seconds),
        "active_users": users,
        "average_duration": format_duration(seconds // users) if users else format_duration(0),
        "days": days,
        "top_users": top_users,
    }


def activity_day_list(*, date_from: datetime.date, date_to: datetime.date, account: str = "") -> QuerySet[ActivityDay]:
    queryset = ActivityDay.objects.filter(day__gte=date_from, day__lte=date_to).select_related("user")
    if account:
        queryset = queryset.filter(Q(user__username__icontains=account) | Q(user__display_name__icontains=account))
    return queryset.order_by("-day", "-active_seconds", "id")
