"""Choices of career videos (E13)."""

from django.db import models


class VideoCategory(models.TextChoices):
    GUIDANCE = "guidance", "就业指导"
    POLICY = "policy", "政策解读"
    EMPLOYER = "employer", "单位宣传"
    ALUMNI = "alumni", "校友分享"
    SKILLS = "skills", "求职技巧"
    OTHER = "other", "其他"


class VideoStatus(models.TextChoices):
    PROCESSING = "processing", "处理中"
    READY = "ready", "可播放"
    FAILED = "failed", "处理失败"


class VideoAudience(models.TextChoices):
    PUBLIC = "public", "公开（官网与移动端）"
    STUDENTS = "students", "仅登录用户（移动端）"
