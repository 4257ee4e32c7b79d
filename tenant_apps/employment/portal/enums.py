"""Choices of the employment portal."""

from django.db import models


class ColumnKind(models.TextChoices):
    NEWS = "news", "新闻动态"
    NOTICE = "notice", "通知"
    ANNOUNCEMENT = "announcement", "公告"
    POLICY = "policy", "政策法规"
    GUIDANCE = "guidance", "就业指导"
    DOWNLOAD = "download", "下载中心"
    CUSTOM = "custom", "自定义栏目"


class ArticleStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    PUBLISHED = "published", "已发布"


# The columns every employment tenant starts with: (slug, name, kind, order).
DEFAULT_COLUMNS = [
    ("news", "新闻动态", ColumnKind.NEWS, 10),
    ("notices", "通知公告", ColumnKind.NOTICE, 20),
    ("announcements", "公示", ColumnKind.ANNOUNCEMENT, 30),
    ("policies", "政策法规", ColumnKind.POLICY, 40),
    ("guidance", "就业指导", ColumnKind.GUIDANCE, 50),
    ("downloads", "下载中心", ColumnKind.DOWNLOAD, 60),
]
