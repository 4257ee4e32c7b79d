"""Shared by the expert library's back-office and H5 pages: an ApplicationError that escapes a
page handler (a stale link, a refused action) becomes a page with the error's status (404, 403,
409, 400) instead of a server error."""

from __future__ import annotations

from django.shortcuts import render

from core.errors import ApplicationError
from core.web.menus import menu_for

ERROR_TEMPLATES = {"h5": "experts/h5/error.html", "backoffice": "experts/backoffice/error.html"}


def application_error_page(request, exc: ApplicationError, *, area: str = "h5"):
    """The error's message on a page of the area's layout; htmx requests get the bare message."""
    context = {"error": exc, "page_title": "操作未完成"}
    if request.headers.get("HX-Request"):
        return render(request, "experts/_error_fragment.html", context, status=exc.status)
    if request.user.is_authenticated:
        context["menu"] = menu_for(request, area)
    return render(request, ERROR_TEMPLATES[area], context, status=exc.status)


class ApplicationErrorPageMixin:
    """Put first in a view's bases so that it wraps the whole dispatch (access checks included)."""

    error_area = "h5"

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except ApplicationError as exc:
            return application_error_page(request, exc, area=self.error_area)
