"""Back office of articles (文章管理), comments and the message board / mutual-aid review."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import TemplateView

from core.errors import ApplicationError
from core.web.pagination import paginate
from core.web.views import BackofficeMixin
from tenant_apps.alumni.content import selectors, services
from tenant_apps.alumni.content.enums import PostKind, ReviewStatus
from tenant_apps.alumni.content.models import Article, ArticleCategory, ArticleComment, BoardPost


class ContentMixin(BackofficeMixin):
    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return redirect(request.META.get("HTTP_REFERER") or reverse("backoffice:alumni_content:article_list"))


def _get(model, pk):
    obj = model.objects.filter(pk=int(pk) if str(pk).isdigit() else 0).first()
    if obj is None:
        raise Http404
    return obj


class ArticleListView(ContentMixin, TemplateView):
    permission_required = "alumni_content.view_article"
    template_name = "alumni_content/backoffice/article_list.html"
    page_title = "文章管理"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        params = self.request.GET
        category = params.get("category", "")
        articles = selectors.article_list(q=params.get("q", "").strip(), status=params.get("status", ""), category_id=int(category) if category.isdigit() else None)
        context.update(**paginate(self.request, articles, per_page=30), params=params, statuses=ReviewStatus.choices, categories=ArticleCategory.objects.all())
        return context

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action", "")
        if action == "category":
            if not request.user.has_perm("alumni_content.add_article"):
                raise PermissionDenied
            services.category_save(actor=request.user, name=request.POST.get("name", ""))
            messages.success(request, "分类已添加。")
            return redirect("backoffice:alumni_content:article_list")
        article = _get(Article, request.POST.get("article", ""))
        if action in ("approve", "reject"):
            if not request.user.has_perm("alumni_content.review_article"):
                raise PermissionDenied
            services.article_review(actor=request.user, article=article, approve=action == "approve", note=request.POST.get("note", ""))
        elif action in ("pin", "unpin"):
            if not request.user.has_perm("alumni_content.change_article"):
                raise PermissionDenied
            services.article_pin(actor=request.user, article=article, pinned=action == "pin")
        elif action == "delete":
            if not request.user.has_perm("alumni_content.delete_article"):
                raise PermissionDenied
            services.article_delete(actor=request.user, article=article)
        messages.success(request, "已处理。")
        return redirect(reverse("backoffice:alumni_content:article_list") + "?" + request.POST.get("back", ""))


class ArticleFormView(ContentMixin, TemplateView):
    template_name = "alumni_content/backoffice/article_form.html"

    def dispatch(self, request, *args, **kwargs):
        self.permission_required = "alumni_content.change_article" if "pk" in kwargs else "alumni_content.add_article"
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        article = _get(Article, self.kwargs["pk"]) if "pk" in self.kwargs else None
        values = kwargs.get("values") or ({"title": article.title, "source": article.source, "author": article.author, "summary": article.summary, "body": article.body,
                                           "category": article.category_id, "allow_comments": article.allow_comments} if article else {"allow_comments": True})
        context.update(article=article, values=values, categories=ArticleCategory.objects.all(), page_title="编辑文章" if article else "发布文章")
        return context

    def post(self, request, *args, **kwargs):
        article = _get(Article, kwargs["pk"]) if "pk" in kwargs else None
        category = request.POST.get("category", "")
        try:
            article = services.article_save(actor=request.user, article=article, title=request.POST.get("title", ""), body=request.POST.get("body", ""),
                                            category_id=int(category) if category.isdigit() else None, source=request.POST.get("source", ""), author=request.POST.get("author", ""),
                                            summary=request.POST.get("summary", ""), allow_comments=request.POST.get("allow_comments") == "on", submit=request.POST.get("action") != "draft")
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return self.render_to_response(self.get_context_data(values=request.POST.dict() | {"category": int(category) if category.isdigit() else None}), status=400)
        messages.success(request, "文章已保存。" if article.status != ReviewStatus.PENDING else "文章已提交审核。")
        return redirect("backoffice:alumni_content:article_list")


class ModerationView(ContentMixin, TemplateView):
    """Comments, messages and mutual-aid posts waiting for review."""

    permission_required = "alumni_content.view_boardpost"
    template_name = "alumni_content/backoffice/moderation.html"
    page_title = "留言与评论审核"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        params = self.request.GET
        status = params.get("status", ReviewStatus.PENDING)
        context.update(**paginate(self.request, selectors.post_list(kind=params.get("kind", ""), status=status, q=params.get("q", "").strip()), per_page=30),
                       comments=selectors.pending_comments()[:50], status=status, kinds=PostKind.choices, statuses=ReviewStatus.choices, params=params)
        return context

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action", "")
        if action in ("comment_approve", "comment_reject"):
            if not request.user.has_perm("alumni_content.review_article"):
                raise PermissionDenied
            services.comment_review(actor=request.user, comment=_get(ArticleComment, request.POST.get("comment", "")), approve=action == "comment_approve")
        elif action in ("approve", "reject"):
            if not request.user.has_perm("alumni_content.review_boardpost"):
                raise PermissionDenied
            services.post_review(actor=request.user, post=_get(BoardPost, request.POST.get("post", "")), approve=action == "approve", reply=request.POST.get("reply", ""))
        messages.success(request, "已审核。")
        return redirect("backoffice:alumni_content:moderation")
