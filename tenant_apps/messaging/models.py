"""Messaging gateway tables (each tenant schema): templates, messages and their per-recipient
deliveries, in-app letters, the outbox, provider settings, verification codes, voice calls."""

from __future__ import annotations

import json
import re

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils import timezone

from core.crypto import EncryptedCharField
from tenant_apps.messaging.enums import (
    Channel,
    CodePurpose,
    DeliveryStatus,
    MessageStatus,
    ProviderName,
    VoiceCallStatus,
)


class MessageTemplate(models.Model):
    """Reusable content with `{{ variable }}` placeholders, per tenant."""

    code = models.SlugField("编码", max_length=64, unique=True)
    name = models.CharField("名称", max_length=100)
    subject = models.CharField("标题", max_length=200)
    body = models.TextField("正文")
    sms_template_code = models.CharField("短信模板编号", max_length=64, blank=True, help_text="服务商审核通过的短信模板 ID")
    wechat_template_id = models.CharField("微信模板 ID", max_length=64, blank=True)
    is_active = models.BooleanField("启用", default=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "消息模板"
        verbose_name_plural = "消息模板"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Message(models.Model):
    """One send: content, channels in order of preference, an audience and a send time.

    The audience is resolved into Delivery rows (one per recipient) when sending starts;
    counters are refreshed from the deliveries as batches finish.
    """

    subject = models.CharField("标题", max_length=200)
    body = models.TextField("内容")
    channels = ArrayField(models.CharField(max_length=16, choices=Channel.choices), verbose_name="渠道（按优先顺序）")
    audience = models.JSONField("发送对象", default=dict, blank=True)
    # JSON list of Recipient fields, encrypted (phones and e-mails are personal data).
    explicit_recipients = EncryptedCharField("指定接收人", mask_kind="default")
    purpose = models.CharField("用途", max_length=32, default="notice")
    is_commercial = models.BooleanField("营销类", default=False)
    template_code = models.CharField("模板编码", max_length=64, blank=True)
    context = models.JSONField("模板变量", default=dict, blank=True)
    source = models.CharField("来源", max_length=100, blank=True)
    link = models.CharField("链接", max_length=500, blank=True)
    status = models.CharField("状态", max_length=16, choices=MessageStatus.choices, default=MessageStatus.QUEUED, db_index=True)
    send_at = models.DateTimeField("定时发送", null=True, blank=True, db_index=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="创建人")
    created_at = models.DateTimeField("创建时间", auto_now_add=True, db_index=True)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)
    last_progress_at = models.DateTimeField("最近进度", null=True, blank=True)
    total = models.PositiveIntegerField("需发人数", default=0)
    sent = models.PositiveIntegerField("已发人数", default=0)
    succeeded = models.PositiveIntegerField("成功人数", default=0)
    failed = models.PositiveIntegerField("失败人数", default=0)
    skipped = models.PositiveIntegerField("跳过人数", default=0)
    note = models.CharField("说明", max_length=300, blank=True)
    # Set while a provider's daily quota is used up (e.g. WeChat 45009): the pending rows wait,
    # and the stalled-message check leaves the message alone until then.
    paused_until = models.DateTimeField("暂停至", null=True, blank=True)
    # A delivery that fails (provider error, failure receipt, channel not configured) is sent
    # again on the recipient's next channel in `channels` they can receive and did not refuse.
    fallback_on_failure = models.BooleanField("失败后改用下一渠道", default=False)

    class Meta:
        verbose_name = "消息"
        verbose_name_plural = "消息"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.subject

    @property
    def processed(self) -> int:
        return self.sent + self.skipped

    @property
    def progress(self) -> int:
        """Per cent of recipients handled (sent, failed or skipped)."""
        if not self.total:
            return 100 if self.status == MessageStatus.COMPLETED else 0
        return min(100, round(100 * self.processed / self.total))

    @property
    def is_active(self) -> bool:
        return self.status in (MessageStatus.QUEUED, MessageStatus.RESOLVING, MessageStatus.SENDING, MessageStatus.SCHEDULED)

    @property
    def is_paused(self) -> bool:
        return self.status == MessageStatus.SENDING and self.paused_until is not None and self.paused_until > timezone.now()


class Delivery(models.Model):
    """One recipient of one message on one channel (the delivery log row)."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="deliveries", verbose_name="消息")
    recipient_key = models.CharField("接收人标识", max_length=200)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", db_constraint=False, verbose_name="用户")
    recipient_name = models.CharField("姓名", max_length=100, blank=True)
    address = EncryptedCharField("地址", mask_kind="default")
    channel = models.CharField("渠道", max_length=16, choices=Channel.choices, blank=True)
    status = models.CharField("状态", max_length=16, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    reason = models.CharField("原因", max_length=300, blank=True)
    provider = models.CharField("服务商", max_length=32, blank=True)
    provider_message_id = models.CharField("服务商消息 ID", max_length=128, blank=True)
    attempts = models.PositiveSmallIntegerField("尝试次数", default=0)
    claimed_at = models.DateTimeField("认领时间", null=True, blank=True)
    sent_at = models.DateTimeField("发送时间", null=True, blank=True)
    # Fallback (Message.fallback_on_failure): the failed row this one replaces, and why the
    # recipient's first-choice channel did not reach them ("微信模板消息：用户已拒收").
    fallback_of = models.BigIntegerField("改发自", null=True, blank=True)
    first_failure = models.CharField("首选渠道未送达原因", max_length=300, blank=True, default="", db_default="")

    class Meta:
        verbose_name = "发送记录"
        verbose_name_plural = "发送记录"
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["message", "recipient_key", "channel"], name="delivery_once_per_recipient_channel")]
        indexes = [
            models.Index(fields=["message", "status"], name="delivery_message_status"),
            # Delivery receipts (e.g. WeChat TEMPLATESENDJOBFINISH) find their row by this id.
            models.Index(fields=["provider_message_id"], name="delivery_provider_message_id", condition=~models.Q(provider_message_id="")),
        ]

    def __str__(self) -> str:
        return f"{self.message_id}/{self.recipient_key}/{self.channel}"

    @property
    def out_id(self) -> str:
        """Our id for this delivery, sent to providers (idempotency key where supported)."""
        return f"m{self.message_id}d{self.pk}"


class Letter(models.Model):
    """An in-app letter in a user's message centre."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="letters", verbose_name="用户")
    title = models.CharField("标题", max_length=200)
    body = models.TextField("内容")
    link = models.CharField("链接", max_length=500, blank=True)
    message = models.ForeignKey(Message, null=True, blank=True, on_delete=models.SET_NULL, related_name="letters")
    delivery_id = models.BigIntegerField(null=True, blank=True, unique=True, editable=False)
    is_read = models.BooleanField("已读", default=False)
    read_at = models.DateTimeField("阅读时间", null=True, blank=True)
    created_at = models.DateTimeField("时间", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "站内信"
        verbose_name_plural = "站内信"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "is_read"], name="letter_user_unread")]

    def __str__(self) -> str:
        return self.title


SECRET_MASK = "••••••"
_CODE_RE = re.compile(r"(?<!\d)\d{4,8}(?!\d)")


def mask_codes(text: str) -> str:
    """The text with every 4-8 digit number replaced: what staff see of a code message."""
    return _CODE_RE.sub(SECRET_MASK, text or "")


class OutboxEntry(models.Model):
    """What would have been sent on a channel that has no provider configured."""

    channel = models.CharField("渠道", max_length=16, choices=Channel.choices)
    to_address = EncryptedCharField("接收地址", mask_kind="default")
    subject = models.CharField("标题", max_length=200, blank=True)
    body = models.TextField("内容")
    out_id = models.CharField("外部 ID", max_length=64, unique=True)
    message = models.ForeignKey(Message, null=True, blank=True, on_delete=models.SET_NULL, related_name="outbox_entries")
    extra = models.JSONField("附加信息", default=dict, blank=True)
    is_secret = models.BooleanField("含验证码", default=False, help_text="登录、注册、找回密码的验证码：页面和接口只显示掩码")
    created_at = models.DateTimeField("时间", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "发件箱"
        verbose_name_plural = "发件箱"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.subject}"

    @property
    def body_for_staff(self) -> str:
        return mask_codes(self.body) if self.is_secret else self.body


class ProviderConfig(models.Model):
    """Which provider a tenant uses for a channel, with its (encrypted) credentials."""

    channel = models.CharField("渠道", max_length=16, choices=Channel.choices)
    provider = models.CharField("服务商", max_length=32, choices=ProviderName.choices)
    options = models.JSONField("参数", default=dict, blank=True, help_text="非保密参数：地址、签名、模板编号、限速等")
    secrets = EncryptedCharField("密钥", mask_kind="default", help_text="JSON，加密保存")
    is_active = models.BooleanField("启用", default=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "消息服务商"
        verbose_name_plural = "消息服务商"
        ordering = ["channel", "id"]
        constraints = [models.UniqueConstraint(fields=["channel"], condition=models.Q(is_active=True), name="providerconfig_one_active_per_channel")]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} · {self.get_provider_display()}"

    @property
    def secret_values(self) -> dict:
        try:
            return json.loads(self.secrets) if self.secrets else {}
        except ValueError:
            return {}


class ChannelOptOut(models.Model):
    """A user who refused a channel (e.g. replied R to a commercial SMS)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name="用户")
    channel = models.CharField("渠道", max_length=16, choices=Channel.choices)
    created_at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "退订"
        verbose_name_plural = "退订"
        constraints = [models.UniqueConstraint(fields=["user", "channel"], name="optout_once_per_channel")]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.channel}"


class VerificationCode(models.Model):
    """A one-time code sent by SMS or e-mail; only hashes are stored."""

    target_hash = models.CharField(max_length=64, db_index=True)
    purpose = models.CharField("用途", max_length=32, choices=CodePurpose.choices)
    channel = models.CharField("渠道", max_length=16, choices=Channel.choices)
    code_hash = models.CharField(max_length=64)
    attempts = models.PositiveSmallIntegerField("尝试次数", default=0)
    expires_at = models.DateTimeField("过期时间")
    consumed_at = models.DateTimeField("使用时间", null=True, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "验证码"
        verbose_name_plural = "验证码"
        indexes = [models.Index(fields=["target_hash", "purpose", "-created_at"], name="code_lookup")]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} {self.created_at:%Y-%m-%d %H:%M}"


class VoiceCall(models.Model):
    """A voice notification whose key-press answer is handed to `answer_handler`."""

    phone = EncryptedCharField("电话", mask_kind="phone")
    text = models.TextField("播报内容")
    reference = models.CharField("业务引用", max_length=200)
    answer_handler = models.CharField("应答处理器", max_length=100)
    provider = models.CharField("服务商", max_length=32, blank=True)
    call_id = models.CharField("呼叫 ID", max_length=128, blank=True, db_index=True)
    status = models.CharField("状态", max_length=16, choices=VoiceCallStatus.choices, default=VoiceCallStatus.QUEUED)
    digit = models.CharField("按键", max_length=8, blank=True)
    reason = models.CharField("原因", max_length=300, blank=True)
    created_at = models.DateTimeField("时间", auto_now_add=True)
    answered_at = models.DateTimeField("应答时间", null=True, blank=True)

    class Meta:
        verbose_name = "语音通知"
        verbose_name_plural = "语音通知"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.reference} ({self.get_status_display()})"

    @property
    def out_id(self) -> str:
        return f"v{self.pk}"
