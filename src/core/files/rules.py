"""Download rules a model may register: re-checked each time its files are downloaded."""

from __future__ import annotations

from collections.abc import Callable

DownloadRule = Callable[[object, object], bool]  # (user, instance) -> allowed
_rules: dict[str, DownloadRule] = {}


def register_download_rule(model_label: str, func: DownloadRule) -> None:
    """`model_label` as "app_label.ModelName" (case-insensitive)."""
    _rules[model_label.lower()] = func


def rule_for(model_label: str) -> DownloadRule | None:
    return _rules.get(model_label.lower())
