"""Articles, the message board and mutual-aid posts on the phone."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.views.generic import TemplateView

from core.errors import ApplicationError
from core.web.views import H5Mixin
from tenant_apps.alumni.content import selectors, services
from tenant_apps.alumni.content.enums import PostKind, ReviewStatus
from tenant_apps.alumni.content.models import Article, ArticleCategory


class ArticleListView(H5Mixin, TemplateView):
    template_name = "alumni_content/h5/articles.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        q, category = self.request.GET.get("q", "").strip(), self.request.GET.get("category", "")
        page = Paginator(selectors.published_articles(q=q, category_id=int(category) if category.isdigit() else None), 15).get_page(self.request.GET.get("page"))
        context.update(page_obj=page, q=q, category=category, categories=ArticleCategory.objects.all(), page_title="新闻文章")
        return context


class ArticleView(H5Mixin, TemplateView):
    template_name = "alumni_content/h5/article.html"

    def article(self) -> Article:
        article = Article.objects.filter(pk=self.kwargs["pk"], status=ReviewStatus.PUBLISHED).first()
        if article is None:
            raise Http404
        return article

    def get(self, request, *args, **kwargs):
        services.article_viewed(article=self.article())
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        article = self.article()
        context.update(article=article, comments=selectors.visible_comments(article), page_title=article.title)
        return context

    def post(self, request, *args, **kwargs):
        try:
            services.comment_add(user=request.user, article=self.article(), body=request.POST.get("body", ""))
            messages.success(request, "评论已提交，审核后显示。")
        except ApplicationError as exc:
            messages.error(request, exc.message)
        return redirect("h5:alumni_content:article", pk=self.kwargs["pk"])


class BoardView(H5Mixin, TemplateView):
    template_name = "alumni_content/h5/board.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        kind = self.kwargs["kind"]
        if kind not in PostKind.values:
            raise Http404
        page = Paginator(selectors.published_posts(kind=kind), 20).get_page(self.request.GET.get("page"))
        context.update(kind=kind, kind_label=PostKind(kind).label, page_obj=page, page_title=PostKind(kind).label, mine=selectors.posts_of(self.request.user).filter(kind=kind)[:10])
        return context

    def post(self, request, kind):
        if kind not in PostKind.values:
            raise Http404
        try:
            services.post_create(user=request.user, kind=kind, title=request.POST.get("title", ""), body=request.POST.get("body", ""))
            messages.success(request, "已提交，校友会审核后公开。")
        except ApplicationError as exc:
            messages.error(request, exc.message + " " + "；".join("，".join(v) for v in exc.fields.values()))
        return redirect("h5:alumni_content:board", kind=kind)
