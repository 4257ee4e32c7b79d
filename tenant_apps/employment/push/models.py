"""A targeted push (定向推送): one content item sent to the graduates a filter selects, through
the messaging gateway (one Message; its Delivery rows are the push log)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models


class Push(models.Model):
    """What was pushed (item kind and id, with the title, summary and link as sent), to whom (the
    filters and their readable summary, the count previewed at creation) and the gateway message
    that carries it (status, totals and per-student results live there)."""

    item_kind = models.CharField("内容类型", max_length=30)
    object_id = models.BigIntegerField("内容 ID", null=True, blank=True)
    title = models.CharField("标题", max_length=200)
    summary = models.CharField("摘要", max_length=300, blank=True)
    url = models.CharField("链接", max_length=500, blank=True)
    filters = models.JSONField("筛选条件", default=dict, blank=True)
    filter_summary = models.CharField("筛选条件说明", max_length=1000, blank=True)
    channels = ArrayField(models.CharField(max_length=16), verbose_name="渠道（按优先顺序）")
    audience_count = models.PositiveIntegerField("预览人数", default=0)
    send_at = models.DateTimeField("定时发送", null=True, blank=True)
    message = models.OneToOneField("messaging.Message", null=True, blank=True, on_delete=models.SET_NULL, related_name="employment_push", verbose_name="消息")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="推送人")
    created_at = models.DateTimeField("创建时间", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "定向推送"
        verbose_name_plural = "定向推送"
        ordering = ["-created_at", "-id"]
        permissions = [("send_push", "发送定向推送")]

    def __str__(self) -> str:
        return self.title
