"""Base view mixins for the three UIs. Each UI has its own namespace and templates."""

from __future__ import annotations

from django.contrib.auth.mixins import AccessMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect

from core.web.menus import menu_for


class BackofficeMixin(AccessMixin):
    """Signed-in tenant staff only; `permission_required` (one or several perms) is checked,
    and the sidebar menu is built for the user."""

    permission_required: str | tuple[str, ...] | None = None
    login_url = "backoffice:login"
    menu_area = "backoffice"
    page_title = ""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not getattr(request.user, "is_backoffice_user", True):
            return redirect("h5:home")
        perms = self.permission_required
        if perms:
            perms = (perms,) if isinstance(perms, str) else perms
            if not request.user.has_perms(perms):
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["menu"] = menu_for(self.request, self.menu_area)
        context["page_title"] = self.page_title
        return context


class H5Mixin(AccessMixin):
    login_url = "h5:login"
    menu_area = "h5"
    page_title = ""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["menu"] = menu_for(self.request, self.menu_area)
        context["page_title"] = self.page_title
        return context


def favicon(request):
    """/favicon.ico for browsers that ask before reading the page's <link rel="icon">."""
    from django.http import HttpResponsePermanentRedirect
    from django.templatetags.static import static

    return HttpResponsePermanentRedirect(static("core/favicon.svg"))
