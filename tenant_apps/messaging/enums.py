"""Choices of the messaging gateway."""

from django.db import models


class Channel(models.TextChoices):
    LETTER = "letter", "站内信"
    WECHAT = "wechat", "微信模板消息"
    SMS = "sms", "短信"
    EMAIL = "email", "邮件"
    VOICE = "voice", "语音电话"


class MessageStatus(models.TextChoices):
    SCHEDULED = "scheduled", "待发送"
    QUEUED = "queued", "排队中"
    RESOLVING = "resolving", "生成名单"
    SENDING = "sending", "发送中"
    COMPLETED = "completed", "已完成"
    CANCELLED = "cancelled", "已取消"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "待发送"
    SENDING = "sending", "发送中"
    SUCCEEDED = "succeeded", "成功"
    FAILED = "failed", "失败"
    UNKNOWN = "unknown", "结果未知"
    SKIPPED = "skipped", "已跳过"
    CANCELLED = "cancelled", "已取消"
    # The channel has no provider (or only the outbox): recorded, never delivered.
    NOT_SENT = "not_sent", "未发送：未配置渠道"
    # Failed on this channel and sent again on the recipient's next channel (the new row carries
    # `fallback_of`): not counted, the new row is the recipient's result.
    REROUTED = "rerouted", "失败，已改用其他渠道"


# Rows in these states will not change any more.
FINAL_DELIVERY_STATUSES = (
    DeliveryStatus.NOT_SENT,
    DeliveryStatus.SUCCEEDED,
    DeliveryStatus.FAILED,
    DeliveryStatus.UNKNOWN,
    DeliveryStatus.SKIPPED,
    DeliveryStatus.CANCELLED,
    DeliveryStatus.REROUTED,
)


class SkipReason(models.TextChoices):
    OPTED_OUT = "opted_out", "已退订该渠道"
    DECEASED = "deceased", "已故"
    NO_CONTACT = "no_contact", "无可用联系方式"


class ProviderName(models.TextChoices):
    OUTBOX = "outbox", "发件箱（不实际发送）"
    SMTP = "smtp", "SMTP 邮件"
    ALIYUN_SMS = "aliyun_sms", "阿里云短信"
    TENCENT_SMS = "tencent_sms", "腾讯云短信"
    ALIYUN_VMS = "aliyun_vms", "阿里云语音通知"
    WECHAT_TEMPLATE = "wechat_template", "微信模板消息"
    WECHAT_SUBSCRIBE = "wechat_subscribe", "微信订阅通知"


class VoiceCallStatus(models.TextChoices):
    QUEUED = "queued", "排队中"
    PLACED = "placed", "已呼叫"
    ANSWERED = "answered", "已按键"
    FAILED = "failed", "失败"


class CodePurpose(models.TextChoices):
    LOGIN = "login", "登录"
    BIND = "bind", "身份绑定"
    RESET_PASSWORD = "reset_password", "找回密码"
    CHANGE_PHONE = "change_phone", "更换手机号"
