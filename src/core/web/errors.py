"""Error pages (403, 404, 500, CSRF failure) in the layout of the area the request was for.

Each URL file points its handler403/404/500 here and settings.CSRF_FAILURE_VIEW points to
`csrf_failure`. The area follows the request: `/api/` answers with the API's JSON body
(core.api.errors), `/admin-ui/` with the back-office layout, `/h5/` with the H5 layout, the
console host with the console layout and the bare domain with the public site. The page names
the problem in Chinese, says what to do and, for 500, gives the request id for support; it
never shows URL patterns, settings or a traceback.

`DebugErrorPagesMiddleware` keeps it so with DEBUG on (`scripts/run`): Django would otherwise
answer unknown URLs and Http404 with its technical page listing every URL pattern. Set
DEBUG_ERROR_PAGES=1 to get Django's technical pages back while debugging.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.template import loader
from django.urls import Resolver404, get_resolver

from core.api.errors import json_error

logger = logging.getLogger(__name__)

API_PREFIX = "/api/"

# status -> (API code, API message, page title, what the user can do)
PAGES = {
    400: ("bad_request", "请求有误。", "请求有误", "页面收到的内容不完整或格式不对。请返回上一页重新操作。"),
    403: ("permission_denied", "没有权限执行此操作。", "没有访问权限", "您的账号没有打开这个页面或执行这个操作的权限。如需开通，请联系本单位管理员。"),
    404: ("not_found", "未找到。", "页面不存在", "您要找的页面或记录不存在，可能已被删除、链接有误，或不属于您可以查看的范围。"),
    500: ("server_error", "服务器出错了，请稍后再试。", "系统出错了", "系统暂时无法完成这个请求，我们已记录这个问题。请稍后再试；如果一直出现，请把下面的请求编号告诉客服。"),
    "csrf": ("csrf_failed", "页面已过期，请刷新后重试。", "页面已过期", "为保护您的账号安全，表单在页面打开太久或登录状态变化后会失效。请返回上一页，刷新后重新提交。"),
}


def error_area(request: HttpRequest) -> str:
    """api | backoffice | h5 | console | public: which layout an error page takes."""
    path = request.path or "/"
    if path.startswith(API_PREFIX):
        return "api"
    urlconf = getattr(request, "urlconf", None) or ""
    if urlconf == getattr(settings, "CONSOLE_URLCONF", None):
        return "console"
    tenant = getattr(request, "tenant", None)
    if tenant is None or tenant.schema_name == getattr(settings, "PUBLIC_SCHEMA_NAME", "public"):
        return "public"
    if path.startswith("/h5/"):
        return "h5"
    return "backoffice"


def _home_url(area: str) -> str:
    return {"backoffice": "/admin-ui/", "h5": "/h5/", "console": "/", "public": "/"}.get(area, "/")


def _menu_for(request: HttpRequest, area: str) -> list:
    """The side bar of a signed-in back-office/console user, so a 403/404 keeps the navigation."""
    user = getattr(request, "user", None)
    if area not in {"backoffice", "console"} or user is None or not user.is_authenticated:
        return []
    if area == "backoffice" and not getattr(user, "is_backoffice_user", True):
        return []
    try:
        from core.web.menus import menu_for

        return menu_for(request, area)
    except Exception:  # the error page must render even when the menu cannot
        logger.exception("error page: menu failed")
        return []


def render_error(request: HttpRequest, status: int | str) -> HttpResponse:
    key = status
    http_status = 403 if status == "csrf" else int(status)
    code, api_message, title, advice = PAGES[key]
    area = error_area(request)
    if area == "api":
        return json_error(http_status, code, api_message)
    context = {
        "status_code": http_status,
        "error_title": title,
        "error_advice": advice,
        "error_code": code,
        "page_title": title,
        "home_url": _home_url(area),
        "request_id": getattr(request, "request_id", ""),
        "area": area,
    }
    # A 500 may come from the database or a context processor: render it without the
    # request context (no menu, no tenant look-ups) so that it always renders.
    if http_status >= 500:
        template = loader.get_template(f"errors/{area}_minimal.html")
        return HttpResponse(template.render(context), status=http_status)
    menu = _menu_for(request, area)
    context["menu"] = menu
    context["full_layout"] = bool(menu)
    try:
        template = loader.select_template([f"{area}/error.html", f"errors/{area}.html"])
        return HttpResponse(template.render(context, request), status=http_status)
    except Exception:
        logger.exception("error page failed to render; falling back to the minimal page")
        template = loader.get_template(f"errors/{area}_minimal.html")
        return HttpResponse(template.render(context), status=http_status)


def handler400(request, exception=None):
    return render_error(request, 400)


def handler403(request, exception=None):
    return render_error(request, 403)


def handler404(request, exception=None):
    return render_error(request, 404)


def handler500(request):
    return render_error(request, 500)


def csrf_failure(request, reason=""):
    logger.info("csrf failure: %s", reason)
    return render_error(request, "csrf")


class DebugErrorPagesMiddleware:
    """With DEBUG on, answer 404/403 with our pages instead of Django's technical pages (which
    list every URL pattern). Off when DEBUG is off (the handlers above do it) or when
    DEBUG_ERROR_PAGES is set for a developer who wants the technical pages."""

    def __init__(self, get_response):
        self.get_response = get_response

    def _active(self) -> bool:
        return settings.DEBUG and not getattr(settings, "DEBUG_ERROR_PAGES", False)

    def __call__(self, request):
        if self._active() and not request.path.startswith(settings.STATIC_URL or "/static/"):
            try:
                get_resolver(getattr(request, "urlconf", None)).resolve(request.path_info)
            except Resolver404:
                # CommonMiddleware's APPEND_SLASH redirect runs only on a 404 response; keep it.
                if settings.APPEND_SLASH and not request.path_info.endswith("/"):
                    try:
                        get_resolver(getattr(request, "urlconf", None)).resolve(request.path_info + "/")
                        return self.get_response(request)
                    except Resolver404:
                        pass
                return render_error(request, 404)
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not self._active():
            return None
        if isinstance(exception, Http404):
            return render_error(request, 404)
        if isinstance(exception, PermissionDenied):
            return render_error(request, 403)
        return None
