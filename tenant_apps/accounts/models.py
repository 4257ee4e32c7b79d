"""People, org units, groups' data scope, and login security records (each tenant schema;
the public schema holds vendor staff with the same tables)."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser, Group, UserManager
from django.core.validators import EmailValidator
from django.db import models

from core.crypto import EncryptedCharField, blind_index
from tenant_apps.accounts.enums import (
    DataScope,
    LoginResult,
    OrgUnitKind,
    UserKind,
    WeChatScanLoginMode,
)


class OrgUnit(models.Model):
    """A node of the school's tree (college → major → class) or a department.

    `path` is the chain of ids ("/1/4/9/") so that "this unit and everything below"
    is one indexed prefix match.
    """

    name = models.CharField("名称", max_length=100)
    kind = models.CharField("类型", max_length=20, choices=OrgUnitKind.choices)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children", verbose_name="上级")
    code = models.CharField("编码", max_length=50, blank=True)
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    sort_order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "组织机构"
        verbose_name_plural = "组织机构"
        ordering = ["path", "sort_order", "id"]
        constraints = [models.UniqueConstraint(fields=["parent", "name"], name="orgunit_unique_name_per_parent")]

    def __str__(self) -> str:
        return self.name

    @property
    def depth(self) -> int:
        return max(0, self.path.count("/") - 2)


class User(AbstractUser):
    """A person who signs in to this tenant. Login by username, phone or e-mail."""

    display_name = models.CharField("姓名", max_length=100, blank=True)
    kind = models.CharField("身份", max_length=20, choices=UserKind.choices, default=UserKind.STAFF, db_index=True)
    phone = EncryptedCharField("手机号", mask_kind="phone")
    phone_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    # Replaces AbstractUser.email: `user.email` still reads and writes the address, the column
    # holds a Fernet token and look-ups go through `email_hash` (docs/decisions/0140).
    email = EncryptedCharField("邮箱", mask_kind="email", validators=[EmailValidator(message="请输入有效的邮箱地址。")])
    email_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    org_unit = models.ForeignKey(OrgUnit, null=True, blank=True, on_delete=models.SET_NULL, related_name="members", verbose_name="所属单位")
    wechat_openid = models.CharField("微信 openid", max_length=64, blank=True, db_index=True)
    must_change_password = models.BooleanField("下次登录须改密码", default=False)
    locked_until = models.DateTimeField("锁定至", null=True, blank=True)
    last_seen_at = models.DateTimeField("最近活动", null=True, blank=True)

    objects = UserManager()

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["phone_hash"], condition=~models.Q(phone_hash=""), name="user_unique_phone"),
            models.UniqueConstraint(fields=["email_hash"], condition=~models.Q(email_hash=""), name="user_unique_email_hash"),
        ]
        permissions = [
            ("reveal_personal_data", "查看完整个人信息（手机号、证件号）"),
            ("reset_password", "重置用户密码"),
            ("view_login_monitoring", "查看登录监控"),
            ("manage_ip_blocks", "管理 IP 封禁"),
        ]

    def __str__(self) -> str:
        return self.display_name or self.username

    def save(self, *args, **kwargs):
        self.phone_hash = blind_index(self.phone) if self.phone else ""
        self.email_hash = blind_index(self.email) if self.email else ""
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "email" in update_fields and "email_hash" not in update_fields:
            kwargs["update_fields"] = [*update_fields, "email_hash"]
        super().save(*args, **kwargs)

    @property
    def is_backoffice_user(self) -> bool:
        return self.kind in (UserKind.STAFF, UserKind.EMPLOYER, UserKind.VENDOR) or self.is_superuser


class GroupProfile(models.Model):
    """What Django's Group lacks: a description, a data scope and a flag for built-ins."""

    group = models.OneToOneField(Group, on_delete=models.CASCADE, related_name="profile")
    description = models.CharField("说明", max_length=200, blank=True)
    data_scope = models.CharField("数据范围", max_length=20, choices=DataScope.choices, default=DataScope.UNIT_AND_BELOW)
    is_builtin = models.BooleanField("系统内置", default=False)

    class Meta:
        verbose_name = "用户组设置"
        verbose_name_plural = "用户组设置"

    def __str__(self) -> str:
        return f"{self.group_id}: {self.get_data_scope_display()}"


class LoginLog(models.Model):
    """Every login attempt, successful or not (P10, P11)."""

    created_at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    user = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="login_logs")
    identifier = models.CharField("登录名", max_length=150, blank=True)
    result = models.CharField("结果", max_length=20, choices=LoginResult.choices, db_index=True)
    ip = models.GenericIPAddressField("IP", null=True, blank=True, db_index=True)
    user_agent = models.CharField("User-Agent", max_length=500, blank=True)
    device = models.CharField("设备", max_length=20, blank=True)  # desktop / mobile / tablet
    platform = models.CharField("平台", max_length=40, blank=True)  # Windows / macOS / Android / iOS / WeChat...
    browser = models.CharField("浏览器", max_length=40, blank=True)
    channel = models.CharField("入口", max_length=20, blank=True)  # backoffice / h5 / api / console / wechat / wechat_scan
    wechat_openid = models.CharField("微信 openid", max_length=64, blank=True)

    class Meta:
        verbose_name = "登录日志"
        verbose_name_plural = "登录日志"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.identifier} {self.result} {self.created_at:%Y-%m-%d %H:%M}"


class SecuritySettings(models.Model):
    """The tenant's login security switches (one row, pk 1; read through selectors.security_settings)."""

    singleton = models.PositiveSmallIntegerField(default=1, unique=True, editable=False)
    wechat_scan_login = models.CharField(
        "后台微信扫码登录", max_length=30, choices=WeChatScanLoginMode.choices, default=WeChatScanLoginMode.OFF,
        help_text="需先在“微信公众号”中配置服务号；员工在“个人设置 → 微信绑定”中扫码绑定后才能扫码登录。",
    )
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "登录安全设置"
        verbose_name_plural = "登录安全设置"

    def __str__(self) -> str:
        return "登录安全设置"


class IPBlock(models.Model):
    """An IP refused at login, after too many failures or by hand; an admin can lift it."""

    ip = models.GenericIPAddressField("IP", unique=True)
    reason = models.CharField("原因", max_length=200)
    created_at = models.DateTimeField("封禁时间", auto_now_add=True)
    expires_at = models.DateTimeField("自动解除时间", null=True, blank=True)
    is_automatic = models.BooleanField("自动封禁", default=True)

    class Meta:
        verbose_name = "IP 封禁"
        verbose_name_plural = "IP 封禁"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.ip


class ActivityDay(models.Model):
    """Active time per user per day, from the page heartbeat (P11)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="activity_days")
    day = models.DateField("日期", db_index=True)
    active_seconds = models.PositiveIntegerField("活跃秒数", default=0)
    heartbeats = models.PositiveIntegerField("心跳次数", default=0)
    last_beat_at = models.DateTimeField("最后心跳", null=True, blank=True)

    class Meta:
        verbose_name = "活跃时长"
        verbose_name_plural = "活跃时长"
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="activity_one_row_per_day")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.day}"
