from __future__ import annotations

from django.db.models import Q, QuerySet

from tenant_apps.alumni.content.enums import ReviewStatus
from tenant_apps.alumni.content.models import Article, ArticleComment, BoardPost


def published_articles(*, q: str = "", category_id: int | None = None) -> QuerySet[Article]:
    queryset = Article.objects.filter(status=ReviewStatus.PUBLISHED).select_related("category")
    if q:
        queryset = queryset.filter(Q(title__icontains=q) | Q(summary__icontains=q) | Q(source__icontains=q) | Q(author__icontains=q))
    if category_id:
        queryset = queryset.filter(category_id=category_id)
    return queryset.order_by("-pinned", "-published_at", "-pk")


def latest_articles(limit: int) -> list[Article]:
    return list(published_articles()[:limit])


def article_list(*, q: str = "", status: str = "", category_id: int | None = None) -> QuerySet[Article]:
    queryset = Article.objects.select_related("category", "created_by")
    if q:
        queryset = queryset.filter(Q(title__icontains=q) | Q(source__icontains=q) | Q(author__icontains=q))
    if status:
        queryset = queryset.filter(status=status)
    if category_id:
        queryset = queryset.filter(category_id=category_id)
    return queryset.order_by("-pinned", "-created_at", "-pk")


def visible_comments(article: Article) -> QuerySet[ArticleComment]:
    return article.comments.filter(status=ReviewStatus.PUBLISHED).select_related("author")


def pending_comments() -> QuerySet[ArticleComment]:
    return ArticleComment.objects.filter(status=ReviewStatus.PENDING).select_related("article", "author")


def published_posts(*, kind: str) -> QuerySet[BoardPost]:
    return BoardPost.objects.filter(kind=kind, status=ReviewStatus.PUBLISHED).select_related("author").order_by("-created_at", "-pk")


def latest_posts(*, kind: str, limit: int) -> list[BoardPost]:
    return list(published_posts(kind=kind)[:limit])


def posts_of(user) -> QuerySet[BoardPost]:
    if not getattr(user, "is_authenticated", False):
        return BoardPost.objects.none()
    return BoardPost.objects.filter(author=user).order_by("-created_at", "-pk")


def post_list(*, kind: str = "", status: str = "", q: str = "") -> QuerySet[BoardPost]:
    queryset = BoardPost.objects.select_related("author")
    if kind:
        queryset = queryset.filter(kind=kind)
    if status:
        queryset = queryset.filter(status=status)
    if q:
        queryset = queryset.filter(Q(title__icontains=q) | Q(body__icontains=q))
    return queryset.order_by("-created_at", "-pk")
