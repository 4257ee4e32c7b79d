"""Error codes of the targeted push (English, stable for API clients)."""

from django.db import models


class PushErrorCode(models.TextChoices):
    UNKNOWN_ITEM_TYPE = "push_unknown_item_type", "未知的推送内容类型"
    ITEM_NOT_FOUND = "push_item_not_found", "推送内容不存在或未发布"
    EMPTY_AUDIENCE = "push_empty_audience", "没有符合条件的学生"
    INVALID_FILTER = "push_invalid_filter", "筛选条件无效"
    NOT_CANCELLABLE = "push_not_cancellable", "推送已结束"
    SEND_AT_PAST = "push_send_at_past", "定时发送时间已过"
