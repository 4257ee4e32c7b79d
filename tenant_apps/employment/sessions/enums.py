"""Choices of info sessions (E6)."""

from django.db import models


class VenueKind(models.TextChoices):
    HALL = "hall", "宣讲场地"
    WRITTEN_TEST = "written_test", "笔试室"
    INTERVIEW = "interview", "面试室"


class SessionStatus(models.TextChoices):
    APPLIED = "applied", "待安排"
    ASSIGNED = "assigned", "待单位确认"
    PUBLISHED = "published", "已发布"
    DECLINED = "declined", "未通过"
    CANCELLED = "cancelled", "已取消"


class BookingPurpose(models.TextChoices):
    SESSION = "session", "宣讲"
    WRITTEN_TEST = "written_test", "笔试"
    INTERVIEW = "interview", "面试"
