"""Menu registry. Each app declares its entries in `<app>/menus.py`; the shell shows a user
only the entries of switched-on modules whose permission the user holds (P16)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import NoReverseMatch, reverse

from core.tenancy import module_enabled


@dataclass(frozen=True)
class MenuItem:
    key: str
    label: str
    url_name: str
    permission: str | None = None  # "app_label.codename"; None = any signed-in user
    module: str | None = None  # employment / alumni / experts; None = platform
    section: str = "平台"
    order: int = 100
    icon: str = "•"


_registry: dict[str, list[MenuItem]] = {"backoffice": [], "h5": [], "console": []}
# Apps may hide entries for some users (e.g. what students may see on the H5, set per tenant):
# an item is shown only when every filter of its area returns True.
MenuFilter = Callable[[Any, MenuItem], bool]
_filters: dict[str, list[MenuFilter]] = {"backoffice": [], "h5": [], "console": []}


def register_menu_filter(area: str, func: MenuFilter) -> None:
    """`func(request, item) -> bool` decides whether `item` of `area` is shown to this request."""
    if func not in _filters[area]:
        _filters[area].append(func)


def register(area: str, *items: MenuItem) -> None:
    existing = {item.key for item in _registry[area]}
    for item in items:
        if item.key not in existing:
            _registry[area].append(item)


def registered(area: str) -> list[MenuItem]:
    return sorted(_registry[area], key=lambda i: (i.order, i.key))


def visible_items(request, area: str) -> list[MenuItem]:
    user = request.user
    items = []
    for item in registered(area):
        if item.module and not module_enabled(request, item.module):
            continue
        if item.permission and not user.has_perm(item.permission):
            continue
        if not all(keep(request, item) for keep in _filters[area]):
            continue
        items.append(item)
    return items


def menu_for(request, area: str) -> list[dict]:
    """Sections with resolved URLs, in order, for the templates. One item is active: the one
    whose URL is the longest prefix of the current path (so /panels/ and /panels/history/
    are not both lit on the history page)."""
    current = request.path
    resolved: list[tuple[MenuItem, str]] = []
    for item in visible_items(request, area):
        try:
            resolved.append((item, reverse(item.url_name)))
        except NoReverseMatch:
            continue
    matches = [url for _, url in resolved if url != "/" and current.startswith(url)]
    active_url = max(matches, key=len, default=None)
    sections: dict[str, dict] = {}
    for item, url in resolved:
        section = sections.setdefault(item.section, {"label": item.section, "items": []})
        section["items"].append({"key": item.key, "label": item.label, "url": url, "icon": item.icon, "active": url == active_url})
    return list(sections.values())
