"""Choices of job fairs (E7)."""

from django.db import models


class FairStatus(models.TextChoices):
    DRAFT = "draft", "未发布"
    PUBLISHED = "published", "已发布"
    CANCELLED = "cancelled", "已取消"


class BoothKind(models.TextChoices):
    STANDARD = "standard", "标准展位"
    PREMIUM = "premium", "特装展位"
    ACCESSIBLE = "accessible", "无障碍展位"


class ApplicationStatus(models.TextChoices):
    PENDING = "pending", "待审核"
    APPROVED = "approved", "已通过"
    DECLINED = "declined", "未通过"
    WITHDRAWN = "withdrawn", "已撤回"


class TicketHolder(models.TextChoices):
    STUDENT = "student", "学生"
    EMPLOYER_STAFF = "employer_staff", "单位工作人员"
