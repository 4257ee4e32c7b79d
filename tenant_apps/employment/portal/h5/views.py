"""H5 content pages (E1): the same columns and articles as the portal, for signed-in students."""

from __future__ import annotations

from django.http import Http404
from django.views.generic import TemplateView

from core.web.pagination import paginate
from core.web.views import H5Mixin
from tenant_apps.employment.portal import selectors, services


class NewsIndexView(H5Mixin, TemplateView):
    template_name = "portal/h5/index.html"
    page_title = "就业资讯"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        columns = list(selectors.columns())
        slug = self.request.GET.get("column", "")
        column = next((c for c in columns if c.slug == slug), None)
        q = self.request.GET.get("q", "").strip()
        context.update(paginate(self.request, selectors.published_articles(channel="h5", column=column, q=q), per_page=15), columns=columns,
                       column=column, q=q)
        return context


class ArticleView(H5Mixin, TemplateView):
    template_name = "portal/h5/article.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        article = selectors.published_article_get(pk=self.kwargs["pk"], channel="h5")
        if article is None:
            raise Http404
        services.article_count_view(article=article)
        context.update(article=article, page_title=article.title)
        return context
