"""The official holiday arrangement of each year (public schema, one copy for every tenant)."""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class DayKind(models.TextChoices):
    HOLIDAY = "holiday", "放假"
    WORKDAY = "workday", "调休上班"


class CalendarYear(models.Model):
    year = models.PositiveSmallIntegerField("年份", primary_key=True)
    source = models.CharField("依据", max_length=200, help_text="如：国务院办公厅关于2027年部分节假日安排的通知")
    updated_at = models.DateTimeField("更新时间", default=timezone.now)
    updated_by_label = models.CharField("更新人", max_length=150, blank=True)

    class Meta:
        verbose_name = "节假日安排"
        verbose_name_plural = "节假日安排"
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year}年节假日安排"


class CalendarDay(models.Model):
    calendar = models.ForeignKey(CalendarYear, on_delete=models.CASCADE, related_name="days", verbose_name="年度")
    # Unique across years: the New Year holiday of one year may begin on 30/31 December of the last.
    date = models.DateField("日期", unique=True)
    kind = models.CharField("类型", max_length=10, choices=DayKind.choices)
    name = models.CharField("名称", max_length=30, blank=True)

    class Meta:
        verbose_name = "节假日"
        verbose_name_plural = "节假日"
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()} {self.name}".strip()
