"""Sections of the H5 service hall and the personal centre that other alumni sub-apps fill.

Parts 2 and 3 (activities, donations, photos) register a provider here from their
AppConfig.ready(); a section without a provider shows its empty state:

    from tenant_apps.alumni.hall import register_hall_section
    register_hall_section("activities", lambda request, limit: [...])   # items with .title, .url, .meta

Provider keys the hall shows: activities (5), donations (5), photos (8); the personal centre
shows my_activities and my_donations (called with the request and a limit of 20).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

HallProvider = Callable[[Any, int], list]
_providers: dict[str, HallProvider] = {}


@dataclass(frozen=True)
class HallItem:
    title: str
    url: str = ""
    meta: str = ""
    image: str = ""


def register_hall_section(key: str, func: HallProvider) -> None:
    _providers[key] = func


def hall_section(key: str, request, limit: int) -> list:
    func = _providers.get(key)
    if func is None:
        return []
    try:
        return list(func(request, limit))[:limit]
    except Exception:  # noqa: BLE001 - one broken section must not take the hall down
        import logging

        logging.getLogger(__name__).exception("hall section %s failed", key)
        return []


# To-do counters for the admin home (管理首页): (label, count, url) from each part, e.g. activities
# waiting for review or photos to check. Parts 2 and 3 register theirs the same way.
TodoProvider = Callable[[Any], list[tuple[str, int, str]]]
_todo: list[TodoProvider] = []


def register_todo_provider(func: TodoProvider) -> None:
    if func not in _todo:
        _todo.append(func)


def todo_items(request) -> list[tuple[str, int, str]]:
    items = []
    for func in list(_todo):
        try:
            items.extend(func(request))
        except Exception:  # noqa: BLE001
            import logging

            logging.getLogger(__name__).exception("todo provider failed")
    return items
