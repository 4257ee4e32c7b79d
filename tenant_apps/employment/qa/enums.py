"""Choices of Q&A and advising (E16)."""

from django.db import models


class QuestionCategory(models.TextChoices):
    JOB_SEARCH = "job_search", "求职择业"
    POLICY = "policy", "就业政策"
    PROCEDURE = "procedure", "手续办理"
    EMPLOYER = "employer", "单位与岗位"
    FURTHER_STUDY = "further_study", "升学深造"
    OTHER = "other", "其他"


class QuestionStatus(models.TextChoices):
    OPEN = "open", "待回复"
    ANSWERED = "answered", "已回复"
    CLOSED = "closed", "已关闭"


class MessageSide(models.TextChoices):
    STUDENT = "student", "学生"
    TEACHER = "teacher", "老师"
    EMPLOYER = "employer", "用人单位"


class AdvisingKind(models.TextChoices):
    RESUME_REVIEW = "resume_review", "简历修改"
    CAREER_PLANNING = "career_planning", "职业规划"
    POLICY = "policy", "政策咨询"


class BookingStatus(models.TextChoices):
    BOOKED = "booked", "已预约"
    CANCELLED = "cancelled", "已取消"
    ATTENDED = "attended", "已到场"
    NO_SHOW = "no_show", "未到场"
