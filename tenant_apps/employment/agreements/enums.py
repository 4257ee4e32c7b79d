"""Choices of online tri-party agreements (网签三方, REFERENCE-employment.md §4)."""

from django.db import models


class AgreementStatus(models.TextChoices):
    INVITED = "invited", "待学生答复"
    REFUSED = "refused", "学生已拒绝"
    EXPIRED = "expired", "邀约已过期"
    WITHDRAWN = "withdrawn", "单位已撤回"
    COLLEGE_REVIEW = "college_review", "待学院审核"
    SCHOOL_REVIEW = "school_review", "待学校审核"
    RETURNED = "returned", "审核退回（签约未成功）"
    SIGNED = "signed", "已签约"
    TERMINATION_REQUESTED = "termination_requested", "解约待对方同意"
    TERMINATION_REVIEW = "termination_review", "解约待学校审核"
    TERMINATED = "terminated", "已解约"


# A graduate holds at most one of these at a time (a partial unique index in the database).
LIVE_STATUSES = (AgreementStatus.COLLEGE_REVIEW, AgreementStatus.SCHOOL_REVIEW, AgreementStatus.SIGNED,
                 AgreementStatus.TERMINATION_REQUESTED, AgreementStatus.TERMINATION_REVIEW)
# Finished: nothing more happens to these.
CLOSED_STATUSES = (AgreementStatus.REFUSED, AgreementStatus.EXPIRED, AgreementStatus.WITHDRAWN, AgreementStatus.RETURNED, AgreementStatus.TERMINATED)


class Party(models.TextChoices):
    STUDENT = "student", "毕业生"
    EMPLOYER = "employer", "用人单位"


class ReviewLevel(models.TextChoices):
    COLLEGE = "college", "学院"
    SCHOOL = "school", "学校"
