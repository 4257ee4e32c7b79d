"""Articles (A5) with categories, review, pinning, view counts and moderated comments; the
message board (留言) and mutual-aid posts (互助) that alumni write and staff review."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from tenant_apps.alumni.content.enums import PostKind, ReviewStatus


class ArticleCategory(models.Model):
    name = models.CharField("分类名称", max_length=30, unique=True)
    sort_order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "文章分类"
        verbose_name_plural = "文章分类"
        ordering = ["sort_order", "pk"]

    def __str__(self) -> str:
        return self.name


class Article(models.Model):
    category = models.ForeignKey(ArticleCategory, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles", verbose_name="分类")
    title = models.CharField("标题", max_length=120)
    source = models.CharField("来源", max_length=100, blank=True)
    author = models.CharField("作者", max_length=50, blank=True)
    summary = models.CharField("摘要", max_length=200, blank=True)
    body = models.TextField("正文（已清理的 HTML）")
    status = models.CharField("状态", max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.PENDING, db_index=True)
    pinned = models.BooleanField("置顶", default=False)
    views = models.PositiveIntegerField("点击量", default=0)
    allow_comments = models.BooleanField("允许评论", default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name="创建人")
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="审核人")
    review_note = models.CharField("审核意见", max_length=200, blank=True)
    published_at = models.DateTimeField("发布时间", null=True, blank=True, db_index=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "文章"
        verbose_name_plural = "文章"
        ordering = ["-pinned", "-published_at", "-pk"]
        permissions = [("review_article", "审核文章")]

    def __str__(self) -> str:
        return self.title


class ArticleComment(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    body = models.CharField("评论", max_length=500)
    status = models.CharField("状态", max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.PENDING, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "文章评论"
        verbose_name_plural = "文章评论"
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.body[:30]


class BoardPost(models.Model):
    kind = models.CharField("类型", max_length=12, choices=PostKind.choices, db_index=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="alumni_posts", verbose_name="发布人")
    title = models.CharField("标题", max_length=60)
    body = models.CharField("内容", max_length=1000)
    status = models.CharField("状态", max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.PENDING, db_index=True)
    reply = models.CharField("校友会回复", max_length=500, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField("发布时间", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "留言与互助"
        verbose_name_plural = "留言与互助"
        ordering = ["-created_at", "-pk"]
        permissions = [("review_boardpost", "审核留言与互助")]

    def __str__(self) -> str:
        return self.title
