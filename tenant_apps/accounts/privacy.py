"""What accounts holds about a person, for personal-data requests (core.personal_data, P21)."""

from __future__ import annotations

from core.personal_data import (
    ERASE,
    PSEUDONYMISE,
    DataKind,
    ErasureStep,
    Section,
    Subject,
    model_rows,
    register_personal_data_provider,
)

LOG_REASON = "《网络安全法》第二十一条：网络日志留存不少于六个月（登录名、微信标识改为化名）"


def collect(subject: Subject) -> list[Section]:
    from tenant_apps.accounts.models import ActivityDay, LoginLog, User

    users = User.objects.filter(pk=subject.user_id).select_related("org_unit")
    profile = model_rows(users, ["username", "display_name", "kind", "phone", "email", "org_unit", "wechat_openid", "date_joined", "last_login", "is_active"])
    for row, user in zip(profile, users, strict=True):
        row["用户组"] = "、".join(user.groups.values_list("name", flat=True))
    logs = LoginLog.objects.filter(user_id=subject.user_id).order_by("-created_at")[:1000]
    days = ActivityDay.objects.filter(user_id=subject.user_id).order_by("-day")[:1000]
    return [
        Section("accounts.profile", profile),
        Section("accounts.login_logs", model_rows(logs, ["created_at", "identifier", "result", "ip", "device", "platform", "browser", "channel"])),
        Section("accounts.activity", model_rows(days, ["day", "active_seconds", "heartbeats"])),
    ]


def erase(subject: Subject) -> list[ErasureStep]:
    from tenant_apps.accounts.models import ActivityDay, LoginLog, User

    pseudonym = subject.pseudonym
    logs = LoginLog.objects.filter(user_id=subject.user_id).update(identifier=pseudonym[:150], wechat_openid="")
    days, _ = ActivityDay.objects.filter(user_id=subject.user_id).delete()
    user = User.objects.get(pk=subject.user_id)
    # The row stays as a stub (kept records point at it); nothing on it identifies the person.
    user.username = f"erased-{subject.user_id}"
    user.display_name = pseudonym
    user.first_name = user.last_name = user.email = user.phone = user.wechat_openid = ""
    user.is_active = False
    user.set_unusable_password()
    user.save()
    user.groups.clear()
    user.user_permissions.clear()
    return [
        ErasureStep("accounts.profile", 1, note="姓名、手机号、邮箱、微信绑定已删除，账号停用"),
        ErasureStep("accounts.login_logs", logs),
        ErasureStep("accounts.activity", days),
    ]


register_personal_data_provider(
    "accounts", label="账号", order=10,
    kinds=[
        DataKind("accounts.profile", "账号资料", ERASE),
        DataKind("accounts.login_logs", "登录日志", PSEUDONYMISE, legal_reason=LOG_REASON),
        DataKind("accounts.activity", "活跃时长", ERASE),
    ],
    collect=collect, erase=erase,
)
