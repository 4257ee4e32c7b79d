"""One error body for the whole API: {"code": ..., "message": ..., "fields": {...}}."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError
from django.http import Http404, JsonResponse
from django.views import defaults
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from core.errors import ApplicationError

DRF_CODES = {
    exceptions.NotAuthenticated: ("not_authenticated", "请先登录。"),
    exceptions.AuthenticationFailed: ("authentication_failed", "身份验证失败。"),
    exceptions.PermissionDenied: ("permission_denied", "没有权限执行此操作。"),
    exceptions.NotFound: ("not_found", "未找到。"),
    exceptions.MethodNotAllowed: ("method_not_allowed", "不支持该请求方法。"),
    exceptions.Throttled: ("rate_limited", "请求过于频繁，请稍后再试。"),
    exceptions.ParseError: ("parse_error", "请求格式错误。"),
    exceptions.UnsupportedMediaType: ("unsupported_media_type", "不支持的内容类型。"),
}


def _flatten(detail) -> dict[str, list[str]]:
    if isinstance(detail, dict):
        return {key: [str(m) for m in (value if isinstance(value, list) else [value])] for key, value in detail.items()}
    if isinstance(detail, list):
        return {"non_field_errors": [str(m) for m in detail]}
    return {"non_field_errors": [str(detail)]}


def _is_lookup_type_error(exc) -> bool:
    """Django's own message when a query gets a value of the wrong type for a field
    ("Field 'id' expected a number but got 'x'."): request input reached a lookup unchecked."""
    message = str(exc)
    if not isinstance(exc, ValueError | TypeError):
        return False
    return (message.startswith("Field '") and "expected" in message) or "cannot contain NUL" in message


def exception_handler(exc, context):
    if isinstance(exc, ApplicationError):
        return Response({"code": exc.code, "message": exc.message, "fields": exc.fields}, status=exc.status)
    if isinstance(exc, DjangoValidationError):
        fields = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        return Response({"code": "validation_error", "message": "提交的数据有误。", "fields": fields}, status=400)
    if isinstance(exc, DataError) or _is_lookup_type_error(exc):
        # A value the database cannot take (bigint overflow, NUL byte, a text where a number
        # goes): the request is malformed, not the server (issue 12: the API never answers 500).
        return Response({"code": "validation_error", "message": "请求参数格式不正确。", "fields": {}}, status=400)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    if isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        response.data = {"code": "validation_error", "message": "提交的数据有误。", "fields": _flatten(exc.detail)}
        return response
    code, message = next(
        ((c, m) for klass, (c, m) in DRF_CODES.items() if isinstance(exc, klass)),
        (getattr(exc, "default_code", "error"), str(getattr(exc, "detail", "出错了。"))),
    )
    response.data = {"code": code, "message": message, "fields": {}}
    if response.status_code == status.HTTP_401_UNAUTHORIZED and "WWW-Authenticate" not in response:
        response["WWW-Authenticate"] = "Token"
    return response


# --- errors raised outside DRF views (unknown URL, switched-off module, crash) -------------
# config.urls_tenants points handler404 / handler500 here: under /api/ they answer with the
# same JSON body, elsewhere with Django's HTML pages.

API_PREFIX = "/api/"


def json_error(status_code: int, code: str, message: str, fields: dict | None = None) -> JsonResponse:
    return JsonResponse({"code": code, "message": message, "fields": fields or {}}, status=status_code, json_dumps_params={"ensure_ascii": False})


def handler404(request, exception=None):
    if request.path.startswith(API_PREFIX):
        return json_error(404, "not_found", "未找到。")
    return defaults.page_not_found(request, exception)


def handler500(request):
    if request.path.startswith(API_PREFIX):
        return json_error(500, "server_error", "服务器出错了，请稍后再试。")
    return defaults.server_error(request)
