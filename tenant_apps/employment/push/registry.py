"""Pushable item types: other apps register what can be pushed (fairs, surveys, ...).

Imports nothing but the standard library, so any app may register from its AppConfig.ready()
in any order. See /work/INTERFACES.md ("targeted push registry")."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class PushItem:
    """What a push says about the item: its title, a one-line summary and where it opens."""

    title: str
    summary: str = ""
    url: str = ""


@dataclass(frozen=True)
class PushItemType:
    kind: str
    label: str
    resolve: Callable[[int], PushItem | None]
    choices: Callable[[str], list[tuple[int, str]]] | None = None


_types: dict[str, PushItemType] = {}


def register_push_item_type(kind: str, *, label: str, resolve: Callable[[int], PushItem | None],
                            choices: Callable[[str], list[tuple[int, str]]] | None = None) -> None:
    """`resolve(object_id)` returns the PushItem (None when the object is gone or not public);
    `choices(query)` lists up to 20 (id, label) for the pick list, newest first."""
    _types[kind] = PushItemType(kind=kind, label=label, resolve=resolve, choices=choices)


def push_item_type(kind: str) -> PushItemType | None:
    return _types.get(kind)


def push_item_types() -> list[PushItemType]:
    return list(_types.values())
