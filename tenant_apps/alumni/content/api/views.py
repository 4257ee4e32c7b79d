"""Articles, comments and board posts API: published content for everyone signed in, writing
and review with the back office's permissions."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.base import ErrorSerializer, TenantAPIMixin
from core.api.pagination import StandardPagination
from core.errors import NotFound
from tenant_apps.alumni.content import selectors, services
from tenant_apps.alumni.content.enums import PostKind, ReviewStatus
from tenant_apps.alumni.content.models import Article, ArticleComment, BoardPost

TAG = ["校友文章与留言"]
ERRORS = {400: ErrorSerializer, 401: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer, 409: ErrorSerializer}


class ArticleSerializer(serializers.ModelSerializer):
    class Meta:
        model = Article
        fields = ["id", "category", "title", "source", "author", "summary", "body", "status", "pinned", "views", "allow_comments", "published_at", "created_at"]
        read_only_fields = ["id", "status", "pinned", "views", "published_at", "created_at"]


class ReviewSerializer(serializers.Serializer):
    class Meta:
        ref_name = "AlumniContentReview"

    approve = serializers.BooleanField()
    note = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)


class CommentSerializer(serializers.ModelSerializer):
    class Meta:
        model = ArticleComment
        fields = ["id", "article", "body", "status", "created_at"]
        read_only_fields = ["id", "article", "status", "created_at"]


class PostSerializer(serializers.ModelSerializer):
    class Meta:
        model = BoardPost
        fields = ["id", "kind", "title", "body", "status", "reply", "created_at"]
        read_only_fields = ["id", "status", "reply", "created_at"]


def _page(view, request, queryset, serializer):
    paginator = StandardPagination()
    return paginator.get_paginated_response(serializer(paginator.paginate_queryset(queryset, request, view=view), many=True).data)


def _article(pk) -> Article:
    article = Article.objects.filter(pk=pk).first()
    if article is None:
        raise NotFound("不存在。")
    return article


class ArticleListAPI(TenantAPIMixin, APIView):
    permission_map = {"GET": "", "POST": "alumni_content.add_article"}

    @extend_schema(operation_id="alumni_article_list", summary="文章（已发布；有管理权限时含全部状态）", parameters=[OpenApiParameter("q", str), OpenApiParameter("status", str), OpenApiParameter("category", int)],
                   responses={200: ArticleSerializer(many=True), **ERRORS}, tags=TAG)
    def get(self, request):
        params = request.query_params
        category = params.get("category", "")
        category_id = int(category) if category.isdigit() else None
        if request.user.has_perm("alumni_content.view_article"):
            queryset = selectors.article_list(q=params.get("q", ""), status=params.get("status", ""), category_id=category_id)
        else:
            queryset = selectors.published_articles(q=params.get("q", ""), category_id=category_id)
        return _page(self, request, queryset, ArticleSerializer)

    @extend_schema(operation_id="alumni_article_create", summary="发布文章（正文 HTML 自动清理，进入审核）", request=ArticleSerializer, responses={201: ArticleSerializer, **ERRORS}, tags=TAG)
    def post(self, request):
        data = ArticleSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        article = services.article_save(actor=request.user, title=v["title"], body=v["body"], category_id=v["category"].pk if v.get("category") else None, source=v.get("source", ""),
                                        author=v.get("author", ""), summary=v.get("summary", ""), allow_comments=v.get("allow_comments", True))
        return Response(ArticleSerializer(article).data, status=status.HTTP_201_CREATED)


class ArticleDetailAPI(TenantAPIMixin, APIView):
    permission_map = {"GET": "", "PUT": "alumni_content.change_article", "DELETE": "alumni_content.delete_article"}

    @extend_schema(operation_id="alumni_article_retrieve", summary="文章详情（计一次点击）", responses={200: ArticleSerializer, **ERRORS}, tags=TAG)
    def get(self, request, pk):
        article = _article(pk)
        if article.status != ReviewStatus.PUBLISHED and not request.user.has_perm("alumni_content.view_article"):
            raise NotFound("不存在。")
        services.article_viewed(article=article)
        return Response(ArticleSerializer(article).data)

    @extend_schema(operation_id="alumni_article_update", summary="编辑文章", request=ArticleSerializer, responses={200: ArticleSerializer, **ERRORS}, tags=TAG)
    def put(self, request, pk):
        article = _article(pk)
        data = ArticleSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        article = services.article_save(actor=request.user, article=article, title=v["title"], body=v["body"], category_id=v["category"].pk if v.get("category") else None,
                                        source=v.get("source", ""), author=v.get("author", ""), summary=v.get("summary", ""), allow_comments=v.get("allow_comments", True))
        return Response(ArticleSerializer(article).data)

    @extend_schema(operation_id="alumni_article_delete", summary="删除文章", responses={204: None, **ERRORS}, tags=TAG)
    def delete(self, request, pk):
        services.article_delete(actor=request.user, article=_article(pk))
        return Response(status=status.HTTP_204_NO_CONTENT)


class ArticleReviewAPI(TenantAPIMixin, APIView):
    permission_map = {"POST": "alumni_content.review_article"}

    @extend_schema(operation_id="alumni_article_review", summary="审核文章", request=ReviewSerializer, responses={200: ArticleSerializer, **ERRORS}, tags=TAG)
    def post(self, request, pk):
        data = ReviewSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return Response(ArticleSerializer(services.article_review(actor=request.user, article=_article(pk), approve=data.validated_data["approve"], note=data.validated_data["note"])).data)


class ArticleCommentsAPI(TenantAPIMixin, APIView):
    permission_map = {"GET": "", "POST": ""}

    @extend_schema(operation_id="alumni_article_comments", summary="文章评论（已审核）", responses={200: CommentSerializer(many=True), **ERRORS}, tags=TAG)
    def get(self, request, pk):
        article = _article(pk)
        if article.status != ReviewStatus.PUBLISHED:
            raise NotFound("不存在。")
        return Response(CommentSerializer(selectors.visible_comments(article), many=True).data)

    @extend_schema(operation_id="alumni_article_comment", summary="发表评论（审核后显示）", request=CommentSerializer, responses={201: CommentSerializer, **ERRORS}, tags=TAG)
    def post(self, request, pk):
        data = CommentSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return Response(CommentSerializer(services.comment_add(user=request.user, article=_article(pk), body=data.validated_data["body"])).data, status=status.HTTP_201_CREATED)


class PostListAPI(TenantAPIMixin, APIView):
    permission_map = {"GET": "", "POST": ""}

    @extend_schema(operation_id="alumni_post_list", summary="留言与互助（已审核；有审核权限时含全部）", parameters=[OpenApiParameter("kind", str, description="message/mutual_aid"), OpenApiParameter("status", str)],
                   responses={200: PostSerializer(many=True), **ERRORS}, tags=TAG)
    def get(self, request):
        kind = request.query_params.get("kind", PostKind.MESSAGE)
        if request.user.has_perm("alumni_content.view_boardpost"):
            queryset = selectors.post_list(kind=kind, status=request.query_params.get("status", ""))
        else:
            queryset = selectors.published_posts(kind=kind)
        return _page(self, request, queryset, PostSerializer)

    @extend_schema(operation_id="alumni_post_create", summary="发布留言/互助（审核后公开）", request=PostSerializer, responses={201: PostSerializer, **ERRORS}, tags=TAG)
    def post(self, request):
        data = PostSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        post = services.post_create(user=request.user, kind=data.validated_data["kind"], title=data.validated_data["title"], body=data.validated_data["body"])
        return Response(PostSerializer(post).data, status=status.HTTP_201_CREATED)


class PostReviewAPI(TenantAPIMixin, APIView):
    permission_map = {"POST": "alumni_content.review_boardpost"}

    @extend_schema(operation_id="alumni_post_review", summary="审核留言/互助（可回复）", request=ReviewSerializer, responses={200: PostSerializer, **ERRORS}, tags=TAG)
    def post(self, request, pk):
        post = BoardPost.objects.filter(pk=pk).first()
        if post is None:
            raise NotFound("不存在。")
        data = ReviewSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return Response(PostSerializer(services.post_review(actor=request.user, post=post, approve=data.validated_data["approve"], reply=data.validated_data["note"])).data)
