"""The tenant's WeChat official account (服务号), its followers and template-message receipts."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from core.crypto import EncryptedCharField
from tenant_apps.wechat.enums import ScanPurpose, ScanStatus, StudentBindingMode


class WeChatAccount(models.Model):
    """The one official account of this tenant (P8): credentials, callback settings, menu, H5 options.

    One row per tenant schema; `selectors.account_get()` returns it or None.
    """

    name = models.CharField("公众号名称", max_length=100, blank=True)
    app_id = models.CharField("AppID", max_length=32, blank=True)
    app_secret = EncryptedCharField("AppSecret", mask_kind="default")
    token = models.CharField("令牌（Token）", max_length=32, blank=True)
    aes_key = EncryptedCharField("消息加解密密钥（EncodingAESKey）", mask_kind="default")
    is_encrypted_mode = models.BooleanField("安全模式（消息加密）", default=False)
    uses_userinfo_scope = models.BooleanField(
        "首次绑定时获取微信昵称头像", default=False, help_text="开启后未绑定用户会再授权一次 snsapi_userinfo。"
    )
    student_binding_mode = models.CharField(
        "学生身份绑定方式", max_length=20, choices=StudentBindingMode.choices, default=StudentBindingMode.NUMBER_AND_NAME
    )
    # Keys of H5 menu entries students may see (core.web.menus, area "h5"); empty = all.
    student_h5_entries = models.JSONField("学生可见的移动端入口", default=list, blank=True)
    subscribe_reply = models.TextField("关注后自动回复", blank=True, max_length=600)
    # Draft menu: [{"name", "type", "key", "url", "reply", "sub_button": [...]}]; published on demand.
    menu = models.JSONField("自定义菜单", default=list, blank=True)
    menu_published_at = models.DateTimeField("菜单发布时间", null=True, blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "微信公众号设置"
        verbose_name_plural = "微信公众号设置"

    def __str__(self) -> str:
        return self.name or self.app_id or "微信公众号"

    @property
    def is_configured(self) -> bool:
        return bool(self.app_id and self.app_secret and self.token)


class Follower(models.Model):
    """Someone who follows (or followed) the official account, as told by subscribe events."""

    openid = models.CharField("openid", max_length=64, unique=True)
    is_subscribed = models.BooleanField("关注中", default=True, db_index=True)
    subscribed_at = models.DateTimeField("关注时间", null=True, blank=True)
    unsubscribed_at = models.DateTimeField("取消关注时间", null=True, blank=True)
    scene_key = models.CharField("关注来源场景", max_length=64, blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "关注者"
        verbose_name_plural = "关注者"
        ordering = ["-updated_at", "-id"]

    def __str__(self) -> str:
        return self.openid


class TemplateSendReport(models.Model):
    """A TEMPLATESENDJOBFINISH event: the final result of one template message.

    Stored when it arrives (the callback must answer within 5 s) and handed to the messaging
    delivery log by a task; `is_forwarded` makes that hand-over happen once.
    """

    msg_id = models.CharField("消息 ID", max_length=64, unique=True)
    openid = models.CharField("openid", max_length=64, blank=True)
    status = models.CharField("结果", max_length=100)
    received_at = models.DateTimeField("收到时间", auto_now_add=True)
    is_forwarded = models.BooleanField("已回写发送记录", default=False, db_index=True)

    class Meta:
        verbose_name = "模板消息回执"
        verbose_name_plural = "模板消息回执"
        ordering = ["-received_at", "-id"]

    def __str__(self) -> str:
        return f"{self.msg_id} {self.status}"

    @property
    def is_success(self) -> bool:
        return self.status == "success"


class ScanSession(models.Model):
    """One QR code of the back office's WeChat scan login or binding (issue 12 item 10).

    The QR is the official account's temporary QR (QR_STR_SCENE) for `scene`; the scan event
    comes to the callback with that scene. Only the browser that asked for it can use it: it
    keeps a secret in its session whose hash is `browser_hash`. Used once, then `used`.
    """

    scene = models.CharField("场景值", max_length=64, unique=True)
    purpose = models.CharField("用途", max_length=20, choices=ScanPurpose.choices)
    status = models.CharField("状态", max_length=20, choices=ScanStatus.choices, default=ScanStatus.PENDING, db_index=True)
    # bind / second factor: the account it is for; login: the account the scan identified.
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+", verbose_name="账号")
    openid = models.CharField("扫码者 openid", max_length=64, blank=True)
    refusal = models.CharField("拒绝原因", max_length=100, blank=True)
    browser_hash = models.CharField(max_length=64, editable=False)
    qr_content = models.CharField("二维码内容", max_length=300)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    expires_at = models.DateTimeField("过期时间", db_index=True)
    scanned_at = models.DateTimeField("扫码时间", null=True, blank=True)
    used_at = models.DateTimeField("使用时间", null=True, blank=True)

    class Meta:
        verbose_name = "扫码登录会话"
        verbose_name_plural = "扫码登录会话"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} {self.get_status_display()}"
