"""The public employment portal on the school's sub-domain (E1): home, columns and articles,
jobs, the info-sessions calendar, fairs and the school profile. No sign-in; anonymous pages
may be cached for a minute by browsers and proxies; the home blocks are cached per tenant."""

from __future__ import annotations

import mimetypes

from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView

from core.tenancy import module_enabled
from tenant_apps.employment.portal import selectors, services

PUBLIC_MAX_AGE = 60


class PortalView(TemplateView):
    """Base of the portal pages: the shell (site name, logo, nav, links) and an SEO title."""

    page_title = ""
    description = ""
    nav = ""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        shell = selectors.portal_shell()
        site_name = shell["shell"]["site_name"] or getattr(self.request.tenant, "name", "")
        context.update(shell, site_name=site_name, nav_columns=list(selectors.columns()), nav=self.nav,
                       page_title=context.get("page_title") or self.page_title, description=context.get("description") or self.description)
        return context

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if not self.request.user.is_authenticated:
            patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
        return response


class HomeView(PortalView):
    template_name = "portal/site/home.html"
    nav = "home"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(blocks=selectors.home_blocks(), description=f"{context['site_name']}就业信息网：招聘职位、宣讲会、招聘会、就业新闻与政策。")
        return context


def portal_root(request):
    """The sub-domain root: the employment portal when the module is on, else the back office
    (a bureau or a school without the employment module keeps the old behaviour)."""
    if module_enabled(request, "employment"):
        return HomeView.as_view()(request)
    return redirect("/admin-ui/")


class ColumnView(PortalView):
    template_name = "portal/site/column.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        column = selectors.column_by_slug(self.kwargs["slug"])
        if column is None:
            raise Http404
        q = self.request.GET.get("q", "").strip()
        page = Paginator(selectors.published_articles(column=column, q=q), 15).get_page(self.request.GET.get("page"))
        context.update(column=column, page_obj=page, q=q, nav=column.slug, page_title=column.name, description=column.description or column.name)
        return context


class SearchView(PortalView):
    template_name = "portal/site/column.html"
    page_title = "站内搜索"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        q = self.request.GET.get("q", "").strip()
        articles = selectors.published_articles(q=q) if q else selectors.published_articles().none()
        context.update(column=None, page_obj=Paginator(articles, 15).get_page(self.request.GET.get("page")), q=q)
        return context


class ArticleView(PortalView):
    template_name = "portal/site/article.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        article = selectors.published_article_get(pk=self.kwargs["pk"])
        if article is None:
            raise Http404
        services.article_count_view(article=article)
        context.update(article=article, nav=article.column.slug, page_title=article.title, description=article.summary or article.title,
                       **selectors.adjacent_articles(article))
        return context


class JobListView(PortalView):
    template_name = "portal/site/jobs.html"
    page_title = "招聘职位"
    nav = "jobs"

    def get_context_data(self, **kwargs):
        from tenant_apps.employment.jobs.enums import JobKind
        from tenant_apps.employment.jobs.selectors import JobSearch, job_public_search

        context = super().get_context_data(**kwargs)
        search = JobSearch.from_query(self.request.GET)
        page = Paginator(job_public_search(search=search), 20).get_page(self.request.GET.get("page"))
        context.update(page_obj=page, search=search, kinds=JobKind.choices, description="最新招聘职位：全职与实习岗位。")
        return context


class JobDetailView(PortalView):
    template_name = "portal/site/job.html"
    nav = "jobs"

    def get_context_data(self, **kwargs):
        from tenant_apps.employment.jobs.selectors import job_public_get

        context = super().get_context_data(**kwargs)
        job = job_public_get(pk=self.kwargs["pk"])
        if job is None:
            raise Http404
        context.update(job=job, page_title=f"{job.title} - {job.employer.name}", description=f"{job.employer.name}招聘{job.title}，工作地点{job.place_name}。")
        return context


class SessionCalendarView(PortalView):
    template_name = "portal/site/sessions.html"
    page_title = "宣讲会"
    nav = "sessions"

    def get_context_data(self, **kwargs):
        from tenant_apps.employment.sessions.selectors import calendar_for, published_sessions

        context = super().get_context_data(**kwargs)
        context.update(calendar_for(view=self.request.GET.get("view", "month"), day=self.request.GET.get("day", ""), published_only=True),
                       upcoming=published_sessions()[:30], detail_url="employment_site:session", description="宣讲会日历：近期来校宣讲的用人单位与场地。")
        return context


class SessionDetailView(PortalView):
    template_name = "portal/site/session.html"
    nav = "sessions"

    def get_context_data(self, **kwargs):
        from tenant_apps.employment.sessions.selectors import published_session_get

        context = super().get_context_data(**kwargs)
        session = published_session_get(pk=self.kwargs["pk"])
        if session is None:
            raise Http404
        context.update(session=session, jobs=session.jobs.all(), page_title=session.title, description=f"{session.employer.name}宣讲会")
        return context


class FairListView(PortalView):
    template_name = "portal/site/fairs.html"
    page_title = "招聘会"
    nav = "fairs"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(fairs=selectors.upcoming_fairs(limit=50), description="校园招聘会与双选会。")
        return context


class FairDetailView(PortalView):
    template_name = "portal/site/fair.html"
    nav = "fairs"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        detail = selectors.fair_detail(self.kwargs["pk"])
        if detail is None:
            raise Http404
        fair = detail["fair"]
        context.update(detail, page_title=fair.title, description=f"{fair.title}：{fair.location}，{len(detail['exhibitors'])} 家单位参会。")
        return context


class SchoolView(PortalView):
    template_name = "portal/site/school.html"
    page_title = "学校概况"
    nav = "school"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(profile=selectors.school_profile())
        return context


@require_GET
def article_file(request, kind: str, pk: int):
    """An article's cover (inline) or attachment (download): public while the article is."""
    article = selectors.published_article_get(pk=pk) or selectors.published_article_get(pk=pk, channel="h5")
    field = None if article is None else {"cover": article.cover, "attachment": article.attachment}.get(kind)
    if not field:
        raise Http404
    try:
        handle = field.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    name = article.attachment_name if kind == "attachment" and article.attachment_name else field.name.rsplit("/", 1)[-1]
    response = FileResponse(handle, content_type=mimetypes.guess_type(field.name)[0] or "application/octet-stream",
                            as_attachment=kind == "attachment", filename=name)
    response["Cache-Control"] = "public, max-age=86400"
    response["X-Content-Type-Options"] = "nosniff"
    return response
