"""Writes for articles, comments and board posts. Article bodies are sanitised with nh3 (an
allow-list of tags and attributes) before they are stored."""

from __future__ import annotations

import nh3
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from core.audit import audit_record, snapshot
from core.errors import ApplicationError, Conflict
from tenant_apps.alumni.content.enums import ReviewStatus
from tenant_apps.alumni.content.models import Article, ArticleCategory, ArticleComment, BoardPost

ALLOWED_TAGS = {"p", "br", "strong", "b", "em", "i", "u", "h2", "h3", "h4", "ul", "ol", "li", "blockquote", "a", "img", "figure", "figcaption", "span", "table", "thead", "tbody", "tr", "td", "th"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "width", "height"}, "td": {"colspan", "rowspan"}, "th": {"colspan", "rowspan"}}
ARTICLE_FIELDS = ["title", "category", "source", "author", "summary", "status", "pinned", "allow_comments"]


def sanitize(html: str) -> str:
    return nh3.clean(html or "", tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes={"http", "https", "mailto"}, link_rel="noopener noreferrer")


def _clean(instance, exclude=None) -> None:
    try:
        instance.full_clean(exclude=exclude)
    except ValidationError as exc:
        raise ApplicationError("信息不完整或格式错误。", fields=exc.message_dict) from exc


@transaction.atomic
def category_save(*, actor, name: str, sort_order: int = 0) -> ArticleCategory:
    category = ArticleCategory(name=name.strip(), sort_order=sort_order)
    _clean(category)
    category.save()
    audit_record(actor=actor, action="alumni.article_category.create", target=category, after=snapshot(category), only_changes=False)
    return category


@transaction.atomic
def article_save(*, actor, article: Article | None = None, title: str, body: str, category_id: int | None = None, source: str = "", author: str = "",
                 summary: str = "", allow_comments: bool = True, submit: bool = True) -> Article:
    """New or edited article; it goes (back) to review unless the author may publish."""
    creating = article is None
    article = article or Article(created_by=actor)
    before = None if creating else snapshot(article, ARTICLE_FIELDS)
    article.title, article.source, article.author, article.summary = title.strip(), source.strip(), author.strip(), summary.strip()
    article.category = ArticleCategory.objects.filter(pk=category_id).first() if category_id else None
    article.body = sanitize(body)
    article.allow_comments = allow_comments
    if not nh3.clean(article.body, tags=set()).strip() and "<img" not in article.body:
        raise ApplicationError("请填写正文。", fields={"body": ["必填。"]})
    if article.status != ReviewStatus.PUBLISHED or not actor.has_perm("alumni_content.review_article"):
        article.status = ReviewStatus.PENDING if submit else ReviewStatus.DRAFT
    _clean(article, exclude=["created_by", "reviewed_by"])
    article.save()
    audit_record(actor=actor, action="alumni.article.create" if creating else "alumni.article.update", target=article, before=before,
                 after=snapshot(article, ARTICLE_FIELDS), only_changes=not creating)
    return article


@transaction.atomic
def article_review(*, actor, article: Article, approve: bool, note: str = "") -> Article:
    if article.status != ReviewStatus.PENDING:
        raise Conflict("只有待审核的文章可以审核。")
    article.status = ReviewStatus.PUBLISHED if approve else ReviewStatus.REJECTED
    article.reviewed_by, article.review_note = actor, note.strip()[:200]
    if approve and article.published_at is None:
        article.published_at = timezone.now()
    article.save(update_fields=["status", "reviewed_by", "review_note", "published_at", "updated_at"])
    audit_record(actor=actor, action="alumni.article.review", target=article, after={"status": article.status, "note": article.review_note})
    return article


@transaction.atomic
def article_pin(*, actor, article: Article, pinned: bool) -> Article:
    article.pinned = pinned
    article.save(update_fields=["pinned", "updated_at"])
    audit_record(actor=actor, action="alumni.article.pin", target=article, after={"pinned": pinned})
    return article


@transaction.atomic
def article_delete(*, actor, article: Article) -> None:
    audit_record(actor=actor, action="alumni.article.delete", target=article, before=snapshot(article, ARTICLE_FIELDS), after=None, only_changes=False)
    article.delete()


def article_viewed(*, article: Article) -> None:
    Article.objects.filter(pk=article.pk).update(views=F("views") + 1)


@transaction.atomic
def comment_add(*, user, article: Article, body: str) -> ArticleComment:
    if not article.allow_comments or article.status != ReviewStatus.PUBLISHED:
        raise Conflict("该文章不接受评论。")
    if not body.strip():
        raise ApplicationError("请填写评论。", fields={"body": ["必填。"]})
    comment = ArticleComment.objects.create(article=article, author=user, body=body.strip()[:500])
    audit_record(actor=user, action="alumni.comment.create", target=comment, after={"article": article.pk})
    return comment


@transaction.atomic
def comment_review(*, actor, comment: ArticleComment, approve: bool) -> ArticleComment:
    comment.status = ReviewStatus.PUBLISHED if approve else ReviewStatus.REJECTED
    comment.save(update_fields=["status"])
    audit_record(actor=actor, action="alumni.comment.review", target=comment, after={"status": comment.status})
    return comment


@transaction.atomic
def post_create(*, user, kind: str, title: str, body: str) -> BoardPost:
    post = BoardPost(kind=kind, author=user, title=title.strip(), body=body.strip())
    _clean(post, exclude=["author", "reviewed_by"])
    post.save()
    audit_record(actor=user, action="alumni.post.create", target=post, after={"kind": kind})
    return post


@transaction.atomic
def post_review(*, actor, post: BoardPost, approve: bool, reply: str = "") -> BoardPost:
    post.status = ReviewStatus.PUBLISHED if approve else ReviewStatus.REJECTED
    post.reply, post.reviewed_by, post.reviewed_at = reply.strip()[:500], actor, timezone.now()
    post.save(update_fields=["status", "reply", "reviewed_by", "reviewed_at"])
    audit_record(actor=actor, action="alumni.post.review", target=post, after={"status": post.status})
    return post
