"""Base API classes: authentication, per-method permissions and tenant scoping are fixed here.

Subclasses declare `permission_map = {"GET": "app.view_x", "POST": "app.add_x", ...}`.
A method missing from the map is refused, so a new method cannot ship unprotected.
"""

from __future__ import annotations

from rest_framework import permissions, serializers, viewsets

from core.errors import ApplicationError


class MethodPermission(permissions.BasePermission):
    def has_permission(self, request, view) -> bool:
        if not (request.user and request.user.is_authenticated):
            return False
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


class TenantAPIMixin:
    permission_classes = [MethodPermission]
    permission_map: dict[str, str | tuple[str, ...]] = {}


class TenantViewSet(TenantAPIMixin, viewsets.GenericViewSet):
    pass


class ErrorSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()
    fields = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))

    class Meta:
        ref_name = "Error"


def raise_for(exc: ApplicationError) -> None:
    raise exc
