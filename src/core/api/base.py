"""Base API classes: authentication, per-method permissions, throttling, pagination and
filters are fixed here; tenant scoping comes from the schema the request runs in.

Subclasses declare `permission_map = {"GET": "app.view_x", "POST": "app.add_x", ...}`.
A method missing from the map is refused, so a new method cannot ship unprotected.
`""` means "any signed-in user of this tenant" and must be chosen on purpose.
"""

from __future__ import annotations

from django.conf import settings
from drf_spectacular.utils import OpenApiResponse
from rest_framework import authentication, generics, permissions, serializers, throttling, viewsets

from core.api.filters import AllowListFilter
from core.api.pagination import StandardPagination


class MethodPermission(permissions.BasePermission):
    def has_permission(self, request, view) -> bool:
        if not (request.user and request.user.is_authenticated):
            return False
        if request.method.lower() not in view.http_method_names or not hasattr(view, request.method.lower()):
            return True  # no handler: DRF answers 405 without running anything
        permission_map = getattr(view, "permission_map", None)
        if permission_map is None:
            return False
        required = permission_map.get(request.method)
        if required is None and request.method in ("HEAD", "OPTIONS"):
            required = permission_map.get("GET")
        if required is None:
            return False
        if required == "":
            return True
        perms = (required,) if isinstance(required, str) else tuple(required)
        return request.user.has_perms(perms)


class TenantUserThrottle(throttling.UserRateThrottle):
    """Per user (or per IP when anonymous). Cache keys already carry the schema, so user ids
    of different tenants never share a bucket."""

    scope = "tenant_user"

    def get_rate(self):
        return getattr(settings, "API_THROTTLE_RATE", "1200/min")


class TenantAPIMixin:
    # Token first: its WWW-Authenticate header makes unauthenticated calls answer 401, not 403.
    authentication_classes = [authentication.TokenAuthentication, authentication.SessionAuthentication]
    permission_classes = [MethodPermission]
    throttle_classes = [TenantUserThrottle]
    pagination_class = StandardPagination
    filter_backends = [AllowListFilter]
    permission_map: dict[str, str | tuple[str, ...]] = {}
    filter_fields: dict[str, str] = {}
    search_fields: tuple[str, ...] = ()
    ordering_fields: tuple[str, ...] = ()


class TenantViewSet(TenantAPIMixin, viewsets.GenericViewSet):
    pass


class TenantListAPIView(TenantAPIMixin, generics.ListAPIView):
    pass


class TenantRetrieveAPIView(TenantAPIMixin, generics.RetrieveAPIView):
    pass


class ErrorSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="机器可读的英文错误码，如 validation_error、tenant_read_only")
    message = serializers.CharField(help_text="给用户看的中文说明")
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()), help_text="字段名 -> 错误列表（校验错误时）"
    )

    class Meta:
        ref_name = "Error"


ERROR_DESCRIPTIONS = {
    400: "校验失败（code=validation_error，fields 给出每个字段的错误）",
    401: "未登录或令牌无效",
    403: "没有权限，或单位为只读 / 已暂停状态",
    404: "不存在，或模块未开通",
    405: "不支持该请求方法",
    409: "与当前状态冲突",
    429: "请求过于频繁",
}


def error_responses(*statuses: int) -> dict[int, OpenApiResponse]:
    """For `@extend_schema(responses={200: X, **error_responses(400, 404)})`."""
    chosen = statuses or (401, 403)
    return {status: OpenApiResponse(ErrorSerializer, description=ERROR_DESCRIPTIONS.get(status, "")) for status in chosen}

