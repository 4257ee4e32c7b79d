"""Choices of applications (E8)."""

from django.db import models


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", "已投递"
    VIEWED = "viewed", "已查看"
    INTERVIEW = "interview", "邀请面试"
    OFFERED = "offered", "已录用"
    REJECTED = "rejected", "不合适"
    WITHDRAWN = "withdrawn", "已撤回"
    NO_RESPONSE = "no_response", "未获回复"


# Waiting for the employer: the SLA clock runs on these.
WAITING_STATUSES = (ApplicationStatus.SUBMITTED, ApplicationStatus.VIEWED)
# HR may still act on these (an application marked "no response" can still be answered late).
OPEN_STATUSES = (ApplicationStatus.SUBMITTED, ApplicationStatus.VIEWED, ApplicationStatus.INTERVIEW, ApplicationStatus.NO_RESPONSE)
FINAL_STATUSES = (ApplicationStatus.OFFERED, ApplicationStatus.REJECTED, ApplicationStatus.WITHDRAWN)


class EventKind(models.TextChoices):
    SUBMITTED = "submitted", "投递成功"
    VIEWED = "viewed", "HR 已查看简历"
    INTERVIEW = "interview", "邀请面试"
    OFFERED = "offered", "录用通知"
    REJECTED = "rejected", "未通过筛选"
    WITHDRAWN = "withdrawn", "已撤回申请"
    NO_RESPONSE = "no_response", "超时未获回复"


class Decision(models.TextChoices):
    """What HR does to one or many applications."""

    INTERVIEW = "interview", "邀请面试"
    OFFER = "offer", "录用"
    REJECT = "reject", "不合适"
