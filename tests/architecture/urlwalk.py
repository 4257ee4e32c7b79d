"""Every URL pattern of a URLconf, with a concrete URL built for it (for the isolation harness)."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field

from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.converters import (
    IntConverter,
    PathConverter,
    SlugConverter,
    StringConverter,
    UUIDConverter,
)

# Integer ids substituted into routes: the first object of every table created in tenant beta
# gets this id (sequences are set there), while alpha's ids stay small.
FOREIGN_ID = 7_000_000


@dataclass(frozen=True)
class Route:
    name: str  # "backoffice:experts:expert_detail"; unnamed routes get their pattern
    pattern: str  # "admin-ui/experts/<int:pk>/"
    url: str  # "/admin-ui/experts/7000000/"
    kwargs: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def has_object(self) -> bool:
        return bool(self.kwargs)


def _value_for(converter) -> str:
    if isinstance(converter, IntConverter):
        return str(FOREIGN_ID)
    if isinstance(converter, UUIDConverter):
        return str(uuid.uuid4())
    if isinstance(converter, SlugConverter | StringConverter | PathConverter):
        return "x"
    regex = getattr(converter, "regex", "[^/]+")
    for candidate in ("x", str(FOREIGN_ID), str(uuid.uuid4()), "2020"):
        if re.fullmatch(regex, candidate):
            return candidate
    raise ValueError(f"no sample value for converter {converter!r}; add one in tests/architecture/urlwalk.py")


_PARAM = re.compile(r"<(?:(?P<conv>[^>:]+):)?(?P<name>[^>]+)>")


def _fill(route: str, converters: dict) -> tuple[str, dict]:
    values = {}

    def substitute(match):
        name = match.group("name")
        values[name] = _value_for(converters[name])
        return values[name]

    return _PARAM.sub(substitute, route), values


def _regex_to_url(regex: str) -> tuple[str, dict]:
    """Good enough for simple re_path patterns: named groups become sample values."""
    values = {}

    def substitute(match):
        name = match.group(1)
        values[name] = str(FOREIGN_ID) if "d" in match.group(2) else "x"
        return values[name]

    text = re.sub(r"\(\?P<(\w+)>([^)]*)\)", substitute, regex)
    text = text.lstrip("^").rstrip("$").replace("\\Z", "").replace("\\", "")
    if re.search(r"[()\[\]*+?|{}]", text):
        raise ValueError(f"cannot build a URL for regex {regex!r}")
    return text, values


def walk(urlconf: str) -> list[Route]:
    routes: list[Route] = []

    def visit(patterns, prefix: str, converters: dict, namespaces: tuple[str, ...]) -> None:
        for entry in patterns:
            pattern = entry.pattern
            text = str(pattern)
            merged = {**converters, **getattr(pattern, "converters", {})}
            if isinstance(entry, URLResolver):
                visit(entry.url_patterns, prefix + text, merged, namespaces + ((entry.namespace,) if entry.namespace else ()))
            elif isinstance(entry, URLPattern):
                full = prefix + text
                if "(?P<" in full or full.startswith("^"):
                    url, kwargs = _regex_to_url(full)
                else:
                    url, kwargs = _fill(full, merged)
                name = ":".join(namespaces + (entry.name,)) if entry.name else full
                routes.append(Route(name=name, pattern=full, url="/" + url, kwargs=kwargs))

    visit(get_resolver(urlconf).url_patterns, "", {}, ())
    return routes
