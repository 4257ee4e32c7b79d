"""Page-number pagination for back-office lists, keeping the current filters in the links."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest


def paginate(request: HttpRequest, queryset, *, per_page: int = 50) -> dict:
    """Context for core/_pagination.html: `page_obj`, `object_list`, `querystring_without_page`."""
    page_obj = Paginator(queryset, per_page).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    encoded = params.urlencode()
    return {
        "page_obj": page_obj,
        "object_list": page_obj.object_list,
        "querystring_without_page": f"{encoded}&" if encoded else "",
    }
