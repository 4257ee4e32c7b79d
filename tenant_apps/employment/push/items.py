"""The item types this module pushes itself: portal articles, jobs, employers' announcements and
info sessions (fairs and surveys register theirs from their own apps)."""

from __future__ import annotations

from django.urls import reverse

from tenant_apps.employment.push.registry import PushItem, register_push_item_type


def _article(object_id: int) -> PushItem | None:
    from tenant_apps.employment.portal.selectors import published_article_get

    article = published_article_get(pk=object_id, channel="h5")
    if article is None:
        return None
    return PushItem(title=article.title, summary=article.summary or article.column.name, url=reverse("h5:employment_site:article", args=[article.pk]))


def _article_choices(query: str) -> list[tuple[int, str]]:
    from tenant_apps.employment.portal.selectors import published_articles

    return [(a.pk, f"[{a.column.name}] {a.title}") for a in published_articles(channel="h5", q=query)[:20]]


def _job(object_id: int) -> PushItem | None:
    from tenant_apps.employment.jobs.selectors import job_public_get

    job = job_public_get(pk=object_id)
    if job is None:
        return None
    return PushItem(title=f"{job.title}｜{job.employer.name}", summary=f"{job.place_name} {job.salary_min}-{job.salary_max}元/月，截止 {job.valid_until:%m月%d日}",
                    url=reverse("h5:employment_jobs:detail", args=[job.pk]))


def _job_choices(query: str) -> list[tuple[int, str]]:
    from tenant_apps.employment.jobs.selectors import JobSearch, job_public_search

    return [(j.pk, f"{j.title}｜{j.employer.name}") for j in job_public_search(search=JobSearch(q=query))[:20]]


def _announcement(object_id: int) -> PushItem | None:
    from tenant_apps.employment.jobs.selectors import announcement_public_list

    item = announcement_public_list().filter(pk=object_id).first()
    if item is None:
        return None
    source = item.employer.name if item.employer_id else item.source_name
    return PushItem(title=item.title, summary=source, url=reverse("h5:employment_jobs:announcement_detail", args=[item.pk]))


def _announcement_choices(query: str) -> list[tuple[int, str]]:
    from tenant_apps.employment.jobs.selectors import announcement_public_list

    return [(a.pk, a.title) for a in announcement_public_list(q=query)[:20]]


def _session(object_id: int) -> PushItem | None:
    from django.utils import timezone

    from tenant_apps.employment.sessions.selectors import published_session_get

    session = published_session_get(pk=object_id)
    if session is None:
        return None
    when = timezone.localtime(session.starts_at).strftime("%m月%d日 %H:%M") if session.starts_at else ""
    place = session.venue.name if session.venue else ""
    return PushItem(title=f"宣讲会：{session.title}", summary=f"{session.employer.name} {when} {place}".strip(), url=reverse("h5:employment_sessions:detail", args=[session.pk]))


def _session_choices(query: str) -> list[tuple[int, str]]:
    from tenant_apps.employment.sessions.selectors import published_sessions

    queryset = published_sessions()
    if query:
        queryset = queryset.filter(title__icontains=query)
    return [(s.pk, f"{s.title}｜{s.employer.name}") for s in queryset[:20]]


register_push_item_type("news", label="门户文章（新闻/通知/政策等）", resolve=_article, choices=_article_choices)
register_push_item_type("job", label="招聘职位", resolve=_job, choices=_job_choices)
register_push_item_type("announcement", label="校招公告", resolve=_announcement, choices=_announcement_choices)
register_push_item_type("session", label="宣讲会", resolve=_session, choices=_session_choices)
