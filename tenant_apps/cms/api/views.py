"""Site settings API (/api/v1/site/). Views parse, call one selector or service, serialize."""

from __future__ import annotations

from dataclasses import asdict

from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import NotFound
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from core.api.base import ErrorSerializer, TenantAPIMixin
from tenant_apps.cms import selectors, services
from tenant_apps.cms.api import serializers as s

TAG = ["站点设置"]
ERRORS = {400: ErrorSerializer, 401: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer}


class _CmsAPI(TenantAPIMixin, generics.GenericAPIView):
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    serializer_class = s.CmsSiteSettingsSerializer

    def read(self, serializer_class, instance, **kwargs) -> Response:
        return Response(serializer_class(instance, context=self.get_serializer_context()).data, **kwargs)

    def parse(self, serializer_class, *, partial: bool = False) -> dict:
        serializer = serializer_class(data=self.request.data, partial=partial, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)


class PublicSiteAPI(_CmsAPI):
    """What a front end needs to draw the site: name, logo, active carousel, links, floating window."""

    permission_map = {"GET": ""}

    @extend_schema(operation_id="site_public", tags=TAG, summary="站点公开信息（首页用）", responses={200: s.CmsPublicSiteSerializer, **ERRORS})
    def get(self, request):
        settings = selectors.site_settings()
        data = {
            "site_name": settings.site_name or request.tenant.name,
            "logo_url": selectors.image_url(settings, "logo") if settings.pk else "",
            "about": settings.about, "phone": settings.phone, "email": settings.email, "icp_number": settings.icp_number,
            "carousel": selectors.carousel_list(area="h5", active_only=True),
            "friendly_links": selectors.friendly_link_list(active_only=True),
            "floating_window": selectors.floating_window_current(),
        }
        return self.read(s.CmsPublicSiteSerializer, data)


class SiteSettingsAPI(_CmsAPI):
    permission_map = {"GET": "cms.view_sitesettings", "PATCH": "cms.change_sitesettings"}

    @extend_schema(operation_id="site_settings_get", tags=TAG, summary="站点设置", responses={200: s.CmsSiteSettingsSerializer, **ERRORS})
    def get(self, request):
        return self.read(s.CmsSiteSettingsSerializer, selectors.site_settings())

    @extend_schema(operation_id="site_settings_update", tags=TAG, summary="修改站点设置（Logo 用 multipart 上传）",
                   request=s.CmsSiteSettingsWriteSerializer, responses={200: s.CmsSiteSettingsSerializer, **ERRORS})
    def patch(self, request):
        data = self.parse(s.CmsSiteSettingsWriteSerializer, partial=True)
        logo, remove_logo = data.pop("logo", None), data.pop("remove_logo", False)
        settings = services.site_settings_update(actor=request.user, data=data, logo=logo, remove_logo=remove_logo)
        return self.read(s.CmsSiteSettingsSerializer, settings)


class UploadLimitsAPI(_CmsAPI):
    permission_map = {"GET": ""}

    @extend_schema(operation_id="site_upload_limits", tags=TAG, summary="上传大小与类型限制", responses={200: s.CmsUploadLimitsSerializer, **ERRORS})
    def get(self, request):
        return self.read(s.CmsUploadLimitsSerializer, asdict(selectors.upload_limits()))


def _collection_api(*, name: str, model_name: str, read, write, queryset, save, delete, instance_kwarg: str, has_image: bool):
    """List/create and detail/update/delete endpoints for one of the site lists."""
    perms = {verb: f"cms.{verb}_{model_name}" for verb in ("view", "add", "change", "delete")}

    def _get(pk):
        obj = queryset().filter(pk=pk).first()
        if obj is None:
            raise NotFound
        return obj

    def _save(view, obj, partial):
        data = view.parse(write, partial=partial)
        extra = {"image": data.pop("image", None)} if has_image else {}
        return save(actor=view.request.user, data=data, **{instance_kwarg: obj}, **extra)

    class ListCreate(_CmsAPI):
        permission_map = {"GET": perms["view"], "POST": perms["add"]}

        @extend_schema(operation_id=f"site_{name}_list", tags=TAG, summary="列表", responses={200: read(many=True), **ERRORS})
        def get(self, request):
            return Response(read(queryset(), many=True, context=self.get_serializer_context()).data)

        @extend_schema(operation_id=f"site_{name}_create", tags=TAG, summary="新增", request=write, responses={201: read, **ERRORS})
        def post(self, request):
            return self.read(read, _save(self, None, False), status=status.HTTP_201_CREATED)

    class Detail(_CmsAPI):
        permission_map = {"GET": perms["view"], "PATCH": perms["change"], "DELETE": perms["delete"]}

        @extend_schema(operation_id=f"site_{name}_get", tags=TAG, summary="详情", responses={200: read, **ERRORS})
        def get(self, request, pk: int):
            return self.read(read, _get(pk))

        @extend_schema(operation_id=f"site_{name}_update", tags=TAG, summary="修改", request=write, responses={200: read, **ERRORS})
        def patch(self, request, pk: int):
            return self.read(read, _save(self, _get(pk), True))

        @extend_schema(operation_id=f"site_{name}_delete", tags=TAG, summary="删除", responses={204: None, **ERRORS})
        def delete(self, request, pk: int):
            delete(actor=request.user, **{instance_kwarg: _get(pk)})
            return Response(status=status.HTTP_204_NO_CONTENT)

    ListCreate.__name__ = ListCreate.__qualname__ = f"Site{name.title()}ListCreateAPI"
    Detail.__name__ = Detail.__qualname__ = f"Site{name.title()}DetailAPI"
    return ListCreate, Detail


CarouselListCreateAPI, CarouselDetailAPI = _collection_api(
    name="carousel", model_name="carouselitem", read=s.CmsCarouselItemSerializer, write=s.CmsCarouselItemWriteSerializer,
    queryset=selectors.carousel_list, save=services.carousel_item_save, delete=services.carousel_item_delete, instance_kwarg="item", has_image=True,
)
LinkListCreateAPI, LinkDetailAPI = _collection_api(
    name="links", model_name="friendlylink", read=s.CmsFriendlyLinkSerializer, write=s.CmsFriendlyLinkWriteSerializer,
    queryset=selectors.friendly_link_list, save=services.friendly_link_save, delete=services.friendly_link_delete, instance_kwarg="link", has_image=False,
)
FloatingListCreateAPI, FloatingDetailAPI = _collection_api(
    name="floating", model_name="floatingwindow", read=s.CmsFloatingWindowSerializer, write=s.CmsFloatingWindowWriteSerializer,
    queryset=selectors.floating_window_list, save=services.floating_window_save, delete=services.floating_window_delete, instance_kwarg="window", has_image=True,
)
