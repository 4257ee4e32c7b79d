"""Template context for every page of a tenant: logo, site name, carousel, links, floating
window. Register as "tenant_apps.cms.context.site" in TEMPLATES context_processors.

Lists are passed as callables, which templates call only when a page uses them."""

from __future__ import annotations

from core.tenancy import is_public
from tenant_apps.cms import selectors


def site(request) -> dict:
    if is_public(request):  # the public schema has no cms tables
        return {}
    info = selectors.shell_info()
    return {
        "site_logo_url": info["logo_url"],
        "site_name": info["site_name"],
        "site_carousel_h5": lambda: list(selectors.carousel_list(area="h5", active_only=True)),
        "site_carousel_backoffice": lambda: list(selectors.carousel_list(area="backoffice", active_only=True)),
        "site_friendly_links": lambda: list(selectors.friendly_link_list(active_only=True)),
        "site_floating_window": selectors.floating_window_current,
    }
