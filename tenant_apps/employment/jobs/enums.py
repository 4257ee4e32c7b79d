"""Choices of jobs and announcements (E4, E5)."""

from django.db import models


class JobKind(models.TextChoices):
    FULL_TIME = "full_time", "全职"
    INTERNSHIP = "internship", "实习"


class JobStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    PENDING = "pending", "待审核"
    IN_PROGRESS = "in_progress", "审核中（待补充）"
    APPROVED = "approved", "已发布"
    DECLINED = "declined", "未通过"
    CLOSED = "closed", "已关闭"
    EXPIRED = "expired", "已过期"


OPEN_STATUSES = (JobStatus.PENDING, JobStatus.IN_PROGRESS, JobStatus.APPROVED)
EDITABLE_STATUSES = (JobStatus.DRAFT, JobStatus.PENDING, JobStatus.IN_PROGRESS, JobStatus.DECLINED, JobStatus.APPROVED)


class Education(models.TextChoices):
    ANY = "any", "不限"
    COLLEGE = "college", "专科及以上"
    BACHELOR = "bachelor", "本科及以上"
    MASTER = "master", "硕士及以上"
    DOCTOR = "doctor", "博士"


class AnnouncementKind(models.TextChoices):
    EMPLOYER = "employer", "用人单位校招公告"
    CIVIL_SERVICE = "civil_service", "公务员招录公告"
    PUBLIC_INSTITUTION = "public_institution", "事业单位招聘公告"


class AnnouncementStatus(models.TextChoices):
    PENDING = "pending", "待审核"
    APPROVED = "approved", "已发布"
    DECLINED = "declined", "未通过"
    WITHDRAWN = "withdrawn", "已撤下"


class ComplaintReason(models.TextChoices):
    FALSE_INFORMATION = "false_information", "虚假或不实信息"
    FEES = "fees", "收费、押金或培训贷"
    DISCRIMINATION = "discrimination", "歧视性要求"
    FRAUD = "fraud", "疑似诈骗"
    OTHER = "other", "其他"


class ComplaintStatus(models.TextChoices):
    OPEN = "open", "待处理"
    UPHELD = "upheld", "属实（职位已下架）"
    DISMISSED = "dismissed", "不属实"
