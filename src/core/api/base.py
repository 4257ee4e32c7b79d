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
from rest_framework.metadata import SimpleMetadata

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


def _has_nul(value) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(_has_nul(v) for v in value)
    return False


def refuse_nul_characters(request) -> None:
    """PostgreSQL text cannot hold NUL: a request carrying one is malformed (400), and must
    not reach a query and come back as a server error."""
    for key, values in request.query_params.lists():
        if _has_nul(key) or _has_nul(values):
            raise serializers.ValidationError({key.replace("\x00", "") or "query": ["含有无效字符（NUL）。"]})
    is_json_write = request.method in ("POST", "PUT", "PATCH", "DELETE") and request.content_type.startswith("application/json")
    if is_json_write and _has_nul(request.data):
        raise serializers.ValidationError({"non_field_errors": ["含有无效字符（NUL）。"]})


class SafeMetadata(SimpleMetadata):
    """OPTIONS answers name, description, formats and allowed methods only. DRF's default also
    describes each write action by building its serializer and, on detail endpoints, looking
    the object up: that crashed on views whose serializer needs request context, and would
    tell a caller whether an object exists. The OpenAPI schema describes the fields instead."""

    def determine_metadata(self, request, view):
        metadata = super().determine_metadata(request, view)
        metadata.pop("actions", None)
        metadata["allowed_methods"] = [m for m in view.allowed_methods if m != "OPTIONS"]
        return metadata

    def determine_actions(self, request, view):
        return {}


class TenantAPIMixin:
    # Token first: its WWW-Authenticate header makes unauthenticated calls answer 401, not 403.
    authentication_classes = [authentication.TokenAuthentication, authentication.SessionAuthentication]
    permission_classes = [MethodPermission]
    throttle_classes = [TenantUserThrottle]
    metadata_class = SafeMetadata
    pagination_class = StandardPagination
    filter_backends = [AllowListFilter]
    permission_map: dict[str, str | tuple[str, ...]] = {}
    filter_fields: dict[str, str] = {}
    search_fields: tuple[str, ...] = ()
    ordering_fields: tuple[str, ...] = ()

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        refuse_nul_characters(request)


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

