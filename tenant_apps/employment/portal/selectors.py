"""Reads of the employment portal: published articles per column (portal and H5), the home
page's blocks (cached per tenant for a minute, cleared when content changes), and the jobs,
info sessions and fairs of the recruitment side."""

from __future__ import annotations

from django.apps import apps
from django.core.cache import cache
from django.db.models import Q, QuerySet
from django.utils import timezone

from tenant_apps.employment.portal.enums import ArticleStatus
from tenant_apps.employment.portal.models import Article, Column

HOME_CACHE_KEY = "portal:home"  # tenant-prefixed by core.tenancy.make_cache_key
HOME_CACHE_SECONDS = 60
HOME_ARTICLES = 7


def portal_cache_clear() -> None:
    cache.delete(HOME_CACHE_KEY)


def columns(*, active_only: bool = True) -> QuerySet[Column]:
    queryset = Column.objects.all()
    return queryset.filter(is_active=True) if active_only else queryset


def column_by_slug(slug: str) -> Column | None:
    return Column.objects.filter(slug=slug, is_active=True).first()


def published_articles(*, channel: str = "portal", column: Column | None = None, q: str = "") -> QuerySet[Article]:
    """Published articles for the portal ("portal") or the H5 ("h5"), pinned first."""
    queryset = Article.objects.filter(status=ArticleStatus.PUBLISHED, column__is_active=True).select_related("column")
    queryset = queryset.filter(show_on_portal=True) if channel == "portal" else queryset.filter(show_on_h5=True)
    if column is not None:
        queryset = queryset.filter(column=column)
    if q:
        queryset = queryset.filter(Q(title__icontains=q) | Q(summary__icontains=q))
    return queryset.order_by("-is_pinned", "-published_at", "-id")


def published_article_get(*, pk: int, channel: str = "portal") -> Article | None:
    return published_articles(channel=channel).filter(pk=pk).first()


def article_list(*, column_id: int | None = None, status: str = "", q: str = "") -> QuerySet[Article]:
    """Back office: every article, newest first."""
    queryset = Article.objects.select_related("column", "created_by")
    if column_id:
        queryset = queryset.filter(column_id=column_id)
    if status in ArticleStatus.values:
        queryset = queryset.filter(status=status)
    if q:
        queryset = queryset.filter(title__icontains=q)
    return queryset.order_by("-is_pinned", "-created_at", "-id")


def article_get(*, pk: int) -> Article | None:
    return Article.objects.select_related("column").filter(pk=pk).first()


def adjacent_articles(article: Article, *, channel: str = "portal") -> dict[str, Article | None]:
    siblings = published_articles(channel=channel, column=article.column).filter(is_pinned=False)
    when = article.published_at or article.created_at
    return {
        "previous": siblings.filter(published_at__gt=when).order_by("published_at", "id").select_related(None).only("pk", "title").first(),
        "next": siblings.filter(published_at__lt=when).order_by("-published_at", "-id").select_related(None).only("pk", "title").first(),
    }


def _article_row(article: Article) -> dict:
    return {"pk": article.pk, "title": article.title, "summary": article.summary, "is_pinned": article.is_pinned,
            "published_at": article.published_at, "has_cover": bool(article.cover), "updated": int(article.updated_at.timestamp())}


def live_jobs(limit: int = 10) -> list[dict]:
    from tenant_apps.employment.jobs.selectors import JobSearch, job_public_search

    jobs = job_public_search(search=JobSearch())[:limit]
    return [{"pk": j.pk, "title": j.title, "employer": j.employer.name, "place": j.place_name, "salary_min": j.salary_min, "salary_max": j.salary_max,
             "kind": j.get_kind_display(), "valid_until": j.valid_until} for j in jobs]


def upcoming_sessions(limit: int = 8) -> list[dict]:
    from tenant_apps.employment.sessions.selectors import published_sessions

    sessions = published_sessions()[:limit]
    return [{"pk": s.pk, "title": s.title, "employer": s.employer.name, "starts_at": s.starts_at, "venue": s.venue.name if s.venue else ""} for s in sessions]


def upcoming_fairs(limit: int = 4) -> list[dict]:
    """Published upcoming fairs when part 2's fairs app is installed (it lands independently)."""
    if not apps.is_installed("tenant_apps.employment.fairs"):
        return []
    from tenant_apps.employment.fairs.selectors import public_fairs

    return [{"pk": f.pk, "title": f.title, "starts_at": f.starts_at, "ends_at": f.ends_at, "place": f.location, "exhibitors": getattr(f, "exhibitor_count", 0)}
            for f in public_fairs(upcoming_only=True)[:limit]]


def fair_detail(pk: int) -> dict | None:
    """A published fair with its exhibitors and their jobs, or None (also when fairs are absent)."""
    if not apps.is_installed("tenant_apps.employment.fairs"):
        return None
    from tenant_apps.employment.fairs.selectors import exhibitors, public_fair_get

    fair = public_fair_get(pk=pk)
    if fair is None:
        return None
    return {"fair": fair, "exhibitors": list(exhibitors(fair=fair))}


def home_blocks() -> dict:
    """Everything the portal home shows, cached per tenant (cleared on content changes)."""
    blocks = cache.get(HOME_CACHE_KEY)
    if blocks is not None:
        return blocks
    column_blocks = []
    for column in columns().filter(show_on_home=True):
        articles = list(published_articles(column=column)[:HOME_ARTICLES])
        column_blocks.append({"slug": column.slug, "name": column.name, "kind": column.kind, "articles": [_article_row(a) for a in articles]})
    blocks = {"columns": column_blocks, "jobs": live_jobs(), "sessions": upcoming_sessions(), "fairs": upcoming_fairs(), "built_at": timezone.now()}
    cache.set(HOME_CACHE_KEY, blocks, HOME_CACHE_SECONDS)
    return blocks


def school_profile():
    """E22, read-only (never created from a public page)."""
    from tenant_apps.employment.employers.models import SchoolProfile

    return SchoolProfile.objects.filter(pk=1).first()


def portal_shell() -> dict:
    """Site name, logo, carousel, friendly links and contact lines from cms (P15)."""
    from tenant_apps.cms import selectors as cms

    settings = cms.site_settings()
    slides = [{"title": s.title, "link": s.link_url, "image": cms.image_url(s, "carousel")} for s in cms.carousel_list().filter(is_active=True, show_on_portal=True)]
    links = [{"name": link.name, "url": link.url} for link in cms.friendly_link_list().filter(is_active=True)]
    return {"settings": settings, "shell": cms.shell_info(), "slides": slides, "links": links}
