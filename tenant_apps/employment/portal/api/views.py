"""Portal API: columns and articles for the back office (same services as the pages), and the
public reads of the portal (home blocks, published articles) for a separate front end."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from core.api.base import TenantAPIMixin, error_responses
from core.errors import NotFound
from tenant_apps.employment.portal import selectors, services
from tenant_apps.employment.portal.api import serializers as s
from tenant_apps.employment.portal.models import Column

TAGS = ["就业-门户"]


class PortalAPI(TenantAPIMixin, generics.GenericAPIView):
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def parse(self, serializer_class, partial: bool = False) -> dict:
        serializer = serializer_class(data=self.request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    @staticmethod
    def column(pk) -> Column:
        column = Column.objects.filter(pk=pk).first()
        if column is None:
            raise NotFound("栏目不存在。")
        return column

    @staticmethod
    def article(pk):
        article = selectors.article_get(pk=pk)
        if article is None:
            raise NotFound("文章不存在。")
        return article


class ColumnListAPI(PortalAPI):
    permission_map = {"GET": "employment_site.view_column", "POST": "employment_site.add_column"}
    serializer_class = s.PortalColumnSerializer
    pagination_class = None

    @extend_schema(operation_id="employment_portal_column_list", summary="门户栏目", tags=TAGS, responses={200: s.PortalColumnSerializer(many=True), **error_responses(401, 403)})
    def get(self, request):
        return Response(s.PortalColumnSerializer(selectors.columns(active_only=False), many=True).data)

    @extend_schema(operation_id="employment_portal_column_create", summary="新建栏目", tags=TAGS, request=s.PortalColumnSerializer,
                   responses={201: s.PortalColumnSerializer, **error_responses(400, 401, 403)})
    def post(self, request):
        column = services.column_save(actor=request.user, data=self.parse(s.PortalColumnSerializer))
        return Response(s.PortalColumnSerializer(column).data, status=status.HTTP_201_CREATED)


class ColumnDetailAPI(PortalAPI):
    permission_map = {"GET": "employment_site.view_column", "PATCH": "employment_site.change_column", "DELETE": "employment_site.delete_column"}
    serializer_class = s.PortalColumnSerializer

    @extend_schema(operation_id="employment_portal_column_get", summary="栏目详情", tags=TAGS, responses={200: s.PortalColumnSerializer, **error_responses(401, 403, 404)})
    def get(self, request, pk):
        return Response(s.PortalColumnSerializer(self.column(pk)).data)

    @extend_schema(operation_id="employment_portal_column_update", summary="修改栏目", tags=TAGS, request=s.PortalColumnSerializer,
                   responses={200: s.PortalColumnSerializer, **error_responses(400, 401, 403, 404)})
    def patch(self, request, pk):
        column = services.column_save(actor=request.user, column=self.column(pk), data=self.parse(s.PortalColumnSerializer, partial=True))
        return Response(s.PortalColumnSerializer(column).data)

    @extend_schema(operation_id="employment_portal_column_delete", summary="删除栏目（须无文章）", tags=TAGS, responses={204: None, **error_responses(400, 401, 403, 404)})
    def delete(self, request, pk):
        services.column_delete(actor=request.user, column=self.column(pk))
        return Response(status=status.HTTP_204_NO_CONTENT)


def _article_data(data: dict, *, may_publish: bool) -> tuple[dict, dict]:
    files = {"cover": data.pop("cover", None), "attachment": data.pop("attachment", None)}
    if not may_publish:
        data.pop("publish", None)
    return data, files


class ArticleListAPI(PortalAPI):
    permission_map = {"GET": "employment_site.view_article", "POST": "employment_site.add_article"}
    serializer_class = s.PortalArticleSerializer

    @extend_schema(operation_id="employment_portal_article_list", summary="门户文章（全部状态）", tags=TAGS,
                   parameters=[OpenApiParameter("column", int), OpenApiParameter("status", str), OpenApiParameter("q", str)],
                   responses={200: s.PortalArticleSerializer(many=True), **error_responses(401, 403)})
    def get(self, request):
        column = request.query_params.get("column", "")
        queryset = selectors.article_list(column_id=int(column) if column.isdigit() else None, status=request.query_params.get("status", ""),
                                          q=request.query_params.get("q", ""))
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(s.PortalArticleSerializer(page, many=True).data)

    @extend_schema(operation_id="employment_portal_article_create", summary="新建文章（正文保存时清理）", tags=TAGS, request=s.PortalArticleSerializer,
                   responses={201: s.PortalArticleSerializer, **error_responses(400, 401, 403)})
    def post(self, request):
        data, files = _article_data(self.parse(s.PortalArticleSerializer), may_publish=request.user.has_perm("employment_site.publish_article"))
        article = services.article_save(actor=request.user, data=data, **files)
        return Response(s.PortalArticleSerializer(article).data, status=status.HTTP_201_CREATED)


class ArticleDetailAPI(PortalAPI):
    permission_map = {"GET": "employment_site.view_article", "PATCH": "employment_site.change_article", "DELETE": "employment_site.delete_article"}
    serializer_class = s.PortalArticleSerializer

    @extend_schema(operation_id="employment_portal_article_get", summary="文章详情", tags=TAGS, responses={200: s.PortalArticleSerializer, **error_responses(401, 403, 404)})
    def get(self, request, pk):
        return Response(s.PortalArticleSerializer(self.article(pk)).data)

    @extend_schema(operation_id="employment_portal_article_update", summary="修改文章（置顶、发布等）", tags=TAGS, request=s.PortalArticleSerializer,
                   responses={200: s.PortalArticleSerializer, **error_responses(400, 401, 403, 404)})
    def patch(self, request, pk):
        article = self.article(pk)
        raw = self.parse(s.PortalArticleSerializer, partial=True)
        data, files = _article_data({k: v for k, v in raw.items() if k in request.data or k in ("cover", "attachment")},
                                    may_publish=request.user.has_perm("employment_site.publish_article"))
        article = services.article_save(actor=request.user, article=article, data=data, **files)
        return Response(s.PortalArticleSerializer(article).data)

    @extend_schema(operation_id="employment_portal_article_delete", summary="删除文章", tags=TAGS, responses={204: None, **error_responses(401, 403, 404)})
    def delete(self, request, pk):
        services.article_delete(actor=request.user, article=self.article(pk))
        return Response(status=status.HTTP_204_NO_CONTENT)


class PublicHomeAPI(PortalAPI):
    """Public: what the portal's home page shows (no sign-in)."""

    permission_classes = [AllowAny]
    serializer_class = s.PortalHomeSerializer

    @extend_schema(operation_id="employment_portal_public_home", summary="门户首页数据（公开）", tags=TAGS, auth=[], responses={200: s.PortalHomeSerializer})
    def get(self, request):
        shell = selectors.portal_shell()
        blocks = selectors.home_blocks()
        data = {"site_name": shell["shell"]["site_name"] or getattr(request.tenant, "name", ""), "columns": blocks["columns"], "jobs": blocks["jobs"],
                "sessions": blocks["sessions"], "fairs": blocks["fairs"], "slides": shell["slides"], "links": shell["links"]}
        return Response(s.PortalHomeSerializer(data).data)


class PublicArticleListAPI(PortalAPI):
    permission_classes = [AllowAny]
    serializer_class = s.PortalPublicArticleSerializer

    @extend_schema(operation_id="employment_portal_public_articles", summary="门户已发布文章（公开）", tags=TAGS, auth=[],
                   parameters=[OpenApiParameter("column", str, description="栏目地址标识"), OpenApiParameter("q", str)],
                   responses={200: s.PortalPublicArticleSerializer(many=True), **error_responses(404)})
    def get(self, request):
        slug = request.query_params.get("column", "")
        column = selectors.column_by_slug(slug) if slug else None
        if slug and column is None:
            raise NotFound("栏目不存在。")
        page = self.paginate_queryset(selectors.published_articles(column=column, q=request.query_params.get("q", "").strip()))
        return self.get_paginated_response(s.PortalPublicArticleSerializer(page, many=True).data)


class PublicArticleDetailAPI(PortalAPI):
    permission_classes = [AllowAny]
    serializer_class = s.PortalPublicArticleSerializer

    @extend_schema(operation_id="employment_portal_public_article", summary="门户文章正文（公开）", tags=TAGS, auth=[],
                   responses={200: s.PortalPublicArticleSerializer, **error_responses(404)})
    def get(self, request, pk):
        article = selectors.published_article_get(pk=pk)
        if article is None:
            raise NotFound("文章不存在。")
        return Response(s.PortalPublicArticleSerializer(article).data)
