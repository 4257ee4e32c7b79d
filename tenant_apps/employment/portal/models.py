"""Portal content (E1): columns (栏目) and their articles. The same rows feed the public portal
and the H5; the carousel, friendly links and site settings are cms's (P15)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from core.files import TenantFileField
from tenant_apps.employment.portal.enums import ArticleStatus, ColumnKind


def cover_path(instance, filename: str) -> str:
    return f"portal/covers/{filename}"


def attachment_path(instance, filename: str) -> str:
    return f"portal/attachments/{filename}"


class Column(models.Model):
    """A column of the portal: news, notices, announcements, policies, guidance, downloads or a
    custom one the school adds."""

    name = models.CharField("栏目名称", max_length=30)
    slug = models.SlugField("地址标识", max_length=40, unique=True, help_text="门户地址中的英文标识，如 news")
    kind = models.CharField("类型", max_length=20, choices=ColumnKind.choices, default=ColumnKind.CUSTOM)
    description = models.CharField("说明", max_length=200, blank=True)
    sort_order = models.PositiveIntegerField("排序", default=0)
    is_active = models.BooleanField("启用", default=True)
    show_on_home = models.BooleanField("首页显示", default=True)

    class Meta:
        verbose_name = "门户栏目"
        verbose_name_plural = "门户栏目"
        ordering = ["sort_order", "id"]

    def __str__(self) -> str:
        return self.name


class Article(models.Model):
    """An article of a column (body is sanitised HTML); pinned ones come first."""

    column = models.ForeignKey(Column, on_delete=models.PROTECT, related_name="articles", verbose_name="栏目")
    title = models.CharField("标题", max_length=200)
    summary = models.CharField("摘要", max_length=300, blank=True)
    body = models.TextField("正文（已清理的 HTML）", blank=True)
    source = models.CharField("来源", max_length=100, blank=True)
    cover = TenantFileField("封面图", kind="image", upload_to=cover_path, blank=True)
    attachment = TenantFileField("附件", upload_to=attachment_path, blank=True)
    attachment_name = models.CharField("附件名称", max_length=200, blank=True)
    status = models.CharField("状态", max_length=20, choices=ArticleStatus.choices, default=ArticleStatus.DRAFT, db_index=True)
    is_pinned = models.BooleanField("置顶", default=False)
    show_on_portal = models.BooleanField("门户显示", default=True)
    show_on_h5 = models.BooleanField("移动端显示", default=True)
    views = models.PositiveIntegerField("浏览量", default=0)
    published_at = models.DateTimeField("发布时间", null=True, blank=True, db_index=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="创建人")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "门户文章"
        verbose_name_plural = "门户文章"
        ordering = ["-is_pinned", "-published_at", "-id"]
        permissions = [("publish_article", "发布门户文章")]
        indexes = [models.Index(fields=["column", "status", "-is_pinned", "-published_at"], name="portal_article_column_list")]

    def __str__(self) -> str:
        return self.title
