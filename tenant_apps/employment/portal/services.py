"""Writes of the portal content. Bodies are sanitised with nh3 (an allow-list of tags and
attributes) before they are stored; covers and attachments go through core.files (the
tenant's size and type limits). Every change clears the portal's cached blocks."""

from __future__ import annotations

import nh3
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from core.audit import audit_record, snapshot
from core.errors import ApplicationError
from tenant_apps.employment.portal import selectors
from tenant_apps.employment.portal.enums import DEFAULT_COLUMNS, ArticleStatus, ColumnKind
from tenant_apps.employment.portal.models import Article, Column

ALLOWED_TAGS = {"p", "br", "strong", "b", "em", "i", "u", "h2", "h3", "h4", "ul", "ol", "li", "blockquote", "a", "img", "figure", "figcaption",
                "span", "table", "thead", "tbody", "tr", "td", "th", "hr"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "width", "height"}, "td": {"colspan", "rowspan"}, "th": {"colspan", "rowspan"}}
ARTICLE_FIELDS = ["column_id", "title", "summary", "source", "status", "is_pinned", "show_on_portal", "show_on_h5", "attachment_name"]
COLUMN_FIELDS = ["name", "slug", "kind", "description", "sort_order", "is_active", "show_on_home"]


def sanitize(html: str) -> str:
    return nh3.clean(html or "", tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes={"http", "https", "mailto"}, link_rel="noopener noreferrer")


def _clean(instance, exclude=None) -> None:
    try:
        instance.full_clean(exclude=exclude)
    except ValidationError as exc:
        raise ApplicationError("信息不完整或格式错误。", fields=exc.message_dict) from exc


def _changed() -> None:
    transaction.on_commit(selectors.portal_cache_clear)


def columns_ensure_defaults() -> int:
    """Create the standard columns a new employment tenant starts with (idempotent)."""
    existing = set(Column.objects.values_list("slug", flat=True))
    missing = [Column(slug=slug, name=name, kind=kind, sort_order=order) for slug, name, kind, order in DEFAULT_COLUMNS if slug not in existing]
    Column.objects.bulk_create(missing, ignore_conflicts=True)
    return len(missing)


@transaction.atomic
def column_save(*, actor, column: Column | None = None, data: dict) -> Column:
    creating = column is None
    column = column or Column()
    before = None if creating else snapshot(column, fields=COLUMN_FIELDS)
    for field in COLUMN_FIELDS:
        if field in data:
            setattr(column, field, data[field].strip() if isinstance(data[field], str) else data[field])
    if column.kind not in ColumnKind.values:
        raise ApplicationError("栏目类型无效。", fields={"kind": ["类型无效。"]})
    _clean(column)
    column.save()
    audit_record(actor=actor, action="employment.portal_column_create" if creating else "employment.portal_column_update", target=column, before=before,
                 after=snapshot(column, fields=COLUMN_FIELDS))
    _changed()
    return column


@transaction.atomic
def column_delete(*, actor, column: Column) -> None:
    if column.articles.exists():
        raise ApplicationError("栏目下还有文章，请先删除或移走文章。", code="portal_column_not_empty")
    audit_record(actor=actor, action="employment.portal_column_delete", target=column, before=snapshot(column, fields=COLUMN_FIELDS))
    column.delete()
    _changed()


@transaction.atomic
def article_save(*, actor, article: Article | None = None, data: dict, cover=None, attachment=None, remove_cover: bool = False,
                 remove_attachment: bool = False) -> Article:
    """Create or change an article. `data`: column_id, title, summary, body (HTML, sanitised
    here), source, is_pinned, show_on_portal, show_on_h5, attachment_name, publish (bool)."""
    creating = article is None
    article = article or Article(created_by=actor if getattr(actor, "pk", None) else None)
    before = None if creating else snapshot(article, fields=ARTICLE_FIELDS)
    if "column_id" in data:
        column = Column.objects.filter(pk=data["column_id"] or 0).first()
        if column is None:
            raise ApplicationError("请选择栏目。", fields={"column": ["请选择栏目。"]})
        article.column = column
    for field in ("title", "summary", "source", "attachment_name"):
        if field in data:
            setattr(article, field, (data[field] or "").strip())
    for field in ("is_pinned", "show_on_portal", "show_on_h5"):
        if field in data:
            setattr(article, field, bool(data[field]))
    if "body" in data:
        article.body = sanitize(data["body"])
    if remove_cover:
        article.cover = ""
    if cover is not None:
        article.cover = cover
    if remove_attachment:
        article.attachment, article.attachment_name = "", ""
    if attachment is not None:
        article.attachment = attachment
        article.attachment_name = article.attachment_name or getattr(attachment, "name", "")[:200]
    if article.column_id and article.column.kind != ColumnKind.DOWNLOAD and not nh3.clean(article.body, tags=set()).strip() and "<img" not in article.body:
        raise ApplicationError("请填写正文。", fields={"body": ["必填。"]})
    if article.column_id and article.column.kind == ColumnKind.DOWNLOAD and not article.attachment and not article.body:
        raise ApplicationError("下载中心的文章须上传附件。", fields={"attachment": ["请上传附件。"]})
    if "publish" in data:
        if data["publish"] and article.status != ArticleStatus.PUBLISHED:
            article.status, article.published_at = ArticleStatus.PUBLISHED, article.published_at or timezone.now()
        elif not data["publish"]:
            article.status = ArticleStatus.DRAFT
    _clean(article, exclude=["created_by"])
    article.save()
    audit_record(actor=actor, action="employment.portal_article_create" if creating else "employment.portal_article_update", target=article, before=before,
                 after=snapshot(article, fields=ARTICLE_FIELDS))
    _changed()
    return article


@transaction.atomic
def article_set_pinned(*, actor, article: Article, is_pinned: bool) -> Article:
    before = snapshot(article, fields=["is_pinned"])
    article.is_pinned = is_pinned
    article.save(update_fields=["is_pinned", "updated_at"])
    audit_record(actor=actor, action="employment.portal_article_pin", target=article, before=before, after=snapshot(article, fields=["is_pinned"]))
    _changed()
    return article


@transaction.atomic
def article_delete(*, actor, article: Article) -> None:
    audit_record(actor=actor, action="employment.portal_article_delete", target=article, before=snapshot(article, fields=ARTICLE_FIELDS))
    article.delete()
    _changed()


def article_count_view(*, article: Article) -> None:
    """One more view (no audit: a counter, not a change of content)."""
    Article.objects.filter(pk=article.pk).update(views=F("views") + 1)
