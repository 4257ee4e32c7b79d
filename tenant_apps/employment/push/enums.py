"""Choices of the targeted push."""

from django.db import models


class PushChannel(models.TextChoices):
    WECHAT = "wechat", "微信模板消息"
    SMS = "sms", "短信"
    LETTER = "letter", "站内信"


# WeChat template first, then SMS, then the in-app letter (the gateway skips refused channels).
DEFAULT_CHANNELS = [PushChannel.WECHAT, PushChannel.SMS, PushChannel.LETTER]
NO_DESTINATION = "none"  # destination_statuses filter: nothing filed yet
CUSTOM_KIND = "custom"  # a push with its own title and link, not tied to an item
AUDIENCE_RESOLVER = "employment.push_students"  # the messaging audience this app registers
