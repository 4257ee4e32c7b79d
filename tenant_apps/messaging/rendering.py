"""Safe placeholder rendering: `{{ name }}` and `{{ job.title }}` are looked up in a plain dict.

No tags, no filters, no attribute access on objects: a template written by a tenant admin
cannot reach anything but the values it is given.
"""

from __future__ import annotations

import re
from typing import Any

PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*)\s*\}\}")


def _lookup(context: dict[str, Any], path: str) -> str:
    value: Any = context
    for part in path.split("."):
        if isinstance(value, dict) and part in value:
            value = value[part]
        elif isinstance(value, list | tuple) and part.isdigit() and int(part) < len(value):
            value = value[int(part)]
        else:
            return ""
    if isinstance(value, dict | list | tuple):
        return ""
    return "" if value is None else str(value)


def render_text(template: str, context: dict[str, Any]) -> str:
    if "{{" not in template:
        return template
    return PLACEHOLDER.sub(lambda m: _lookup(context, m.group(1)), template)


def placeholders(template: str) -> list[str]:
    """Variable names used by a template, in order of first use."""
    seen: list[str] = []
    for match in PLACEHOLDER.finditer(template):
        if match.group(1) not in seen:
            seen.append(match.group(1))
    return seen
