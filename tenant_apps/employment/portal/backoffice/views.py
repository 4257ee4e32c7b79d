"""Back office of the portal content: articles (rich text sanitised on save, cover and
attachment through core.files, pinning, publish to the portal and/or the H5) and columns."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.views import View
from django.views.generic import TemplateView

from core.errors import ApplicationError
from core.web.pagination import paginate
from core.web.views import BackofficeMixin
from tenant_apps.employment.portal import selectors, services
from tenant_apps.employment.portal.enums import ArticleStatus, ColumnKind
from tenant_apps.employment.portal.models import Column


def _article(pk) -> object:
    article = selectors.article_get(pk=pk)
    if article is None:
        raise Http404
    return article


def _column(pk) -> Column:
    column = Column.objects.filter(pk=pk).first()
    if column is None:
        raise Http404
    return column


class ArticleListView(BackofficeMixin, TemplateView):
    permission_required = "employment_site.view_article"
    template_name = "portal/backoffice/articles.html"
    page_title = "门户文章"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        params = self.request.GET
        column_id = int(params["column"]) if params.get("column", "").isdigit() else None
        status, q = params.get("status", ""), params.get("q", "").strip()
        context.update(paginate(self.request, selectors.article_list(column_id=column_id, status=status, q=q), per_page=20), column_id=column_id,
                       status=status, q=q, columns=selectors.columns(active_only=False), statuses=ArticleStatus.choices,
                       can_push=self.request.user.has_perm("employment_push.send_push"))
        return context


ARTICLE_FIELDS = ("column_id", "title", "summary", "body", "source", "attachment_name")


class ArticleEditView(BackofficeMixin, TemplateView):
    template_name = "portal/backoffice/article_form.html"

    def get_permission_required(self):
        return "employment_site.change_article" if self.kwargs.get("pk") else "employment_site.add_article"

    def dispatch(self, request, *args, **kwargs):
        self.permission_required = self.get_permission_required()
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        article = _article(self.kwargs["pk"]) if self.kwargs.get("pk") else None
        context.update(article=article, columns=selectors.columns(active_only=False), page_title="编辑文章" if article else "新建文章",
                       data=kwargs.get("data"), error=kwargs.get("error"), field_errors=kwargs.get("field_errors") or {},
                       can_publish=self.request.user.has_perm("employment_site.publish_article"))
        return context

    def post(self, request, pk=None):
        article = _article(pk) if pk else None
        post = request.POST
        data = {field: post.get(field, "") for field in ARTICLE_FIELDS}
        data.update(is_pinned=post.get("is_pinned") == "on", show_on_portal=post.get("show_on_portal") == "on", show_on_h5=post.get("show_on_h5") == "on")
        if request.user.has_perm("employment_site.publish_article"):
            data["publish"] = post.get("publish") == "on"
        try:
            article = services.article_save(actor=request.user, article=article, data=data, cover=request.FILES.get("cover"),
                                            attachment=request.FILES.get("attachment"), remove_cover=post.get("remove_cover") == "on",
                                            remove_attachment=post.get("remove_attachment") == "on")
        except ApplicationError as exc:
            return self.render_to_response(self.get_context_data(data=post, error=exc.message, field_errors=exc.fields), status=400)
        messages.success(request, "文章已保存。")
        return redirect("backoffice:employment_site:article_edit", pk=article.pk)


class ArticlePinView(BackofficeMixin, View):
    permission_required = "employment_site.change_article"

    def post(self, request, pk):
        article = _article(pk)
        services.article_set_pinned(actor=request.user, article=article, is_pinned=not article.is_pinned)
        messages.success(request, "已置顶。" if article.is_pinned else "已取消置顶。")
        return redirect(request.POST.get("next") or "backoffice:employment_site:articles")


class ArticleDeleteView(BackofficeMixin, View):
    permission_required = "employment_site.delete_article"

    def post(self, request, pk):
        services.article_delete(actor=request.user, article=_article(pk))
        messages.success(request, "文章已删除。")
        return redirect("backoffice:employment_site:articles")


class ColumnListView(BackofficeMixin, TemplateView):
    permission_required = "employment_site.view_column"
    template_name = "portal/backoffice/columns.html"
    page_title = "门户栏目"

    def get_context_data(self, **kwargs):
        from django.db.models import Count

        context = super().get_context_data(**kwargs)
        context.update(columns=selectors.columns(active_only=False).annotate(article_count=Count("articles")))
        return context


COLUMN_FIELDS = ("name", "slug", "kind", "description")


class ColumnEditView(BackofficeMixin, TemplateView):
    template_name = "portal/backoffice/column_form.html"

    def dispatch(self, request, *args, **kwargs):
        self.permission_required = "employment_site.change_column" if kwargs.get("pk") else "employment_site.add_column"
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        column = _column(self.kwargs["pk"]) if self.kwargs.get("pk") else None
        context.update(column=column, kinds=ColumnKind.choices, page_title="编辑栏目" if column else "新建栏目", data=kwargs.get("data"),
                       error=kwargs.get("error"), field_errors=kwargs.get("field_errors") or {})
        return context

    def post(self, request, pk=None):
        column = _column(pk) if pk else None
        post = request.POST
        data = {field: post.get(field, "") for field in COLUMN_FIELDS}
        order = post.get("sort_order", "0")
        data.update(sort_order=int(order) if order.isdigit() else 0, is_active=post.get("is_active") == "on", show_on_home=post.get("show_on_home") == "on")
        try:
            services.column_save(actor=request.user, column=column, data=data)
        except ApplicationError as exc:
            return self.render_to_response(self.get_context_data(data=post, error=exc.message, field_errors=exc.fields), status=400)
        messages.success(request, "栏目已保存。")
        return redirect("backoffice:employment_site:columns")


class ColumnDeleteView(BackofficeMixin, View):
    permission_required = "employment_site.delete_column"

    def post(self, request, pk):
        try:
            services.column_delete(actor=request.user, column=_column(pk))
            messages.success(request, "栏目已删除。")
        except ApplicationError as exc:
            messages.error(request, exc.message)
        return redirect("backoffice:employment_site:columns")
