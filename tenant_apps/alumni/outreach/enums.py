"""Choices of mass e-mail and SMS."""

from django.db import models


class Channel(models.TextChoices):
    EMAIL = "email", "邮件"
    SMS = "sms", "短信"


class SourceKind(models.TextChoices):
    RECORDS = "records", "校友档案"
    CHAPTER = "chapter", "校友组织（分会）"
    GROUP = "group", "校友分组"
    UPLOAD = "upload", "上传 Excel 名单"


class CampaignStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    SENDING = "sending", "发送中"
    SENT = "sent", "已发送"
    CANCELLED = "cancelled", "已取消"


class CampaignKind(models.TextChoices):
    MANUAL = "manual", "群发"
    BIRTHDAY = "birthday", "生日祝福"
