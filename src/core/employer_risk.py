"""Shared employer risk (issue 14 item 8): the tenant side's entry point. A school that
black-lists an employer and opted in shares "this code was flagged for <category>"; other
schools reviewing the same code see how many schools flagged it, never which. The store lives
in the public schema (shared_apps.employer_risk), which registers itself here at start-up, so
tenant apps never import a shared app and core imports no app."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection, models


class RiskCategory(models.TextChoices):
    FRAUD = "fraud", "虚假招聘或诈骗"
    FEES = "fees", "违规收费或培训贷"
    WAGES = "wages", "拖欠工资"
    OTHER = "other", "其他严重违规"


@dataclass(frozen=True)
class RiskSummary:
    category: str
    label: str
    schools: int

    def __str__(self) -> str:
        return f"被 {self.schools} 所学校标记：{self.label}"


_store: dict[str, Callable] = {}


def register_store(*, share: Callable, withdraw: Callable, lookup: Callable, lookup_many: Callable | None = None) -> None:
    _store.update(share=share, withdraw=withdraw, lookup=lookup)
    if lookup_many is not None:
        _store["lookup_many"] = lookup_many


def risk_share(*, credit_code: str, category: str) -> None:
    """Share the current school's flag on a code (one per school and code; a new category replaces it)."""
    if "share" in _store:
        _store["share"](schema_name=connection.schema_name, credit_code=credit_code, category=category)


def risk_withdraw(*, credit_code: str | None = None) -> int:
    """Take back the current school's flag on one code, or all of them (credit_code None)."""
    return _store["withdraw"](schema_name=connection.schema_name, credit_code=credit_code) if "withdraw" in _store else 0


def risk_lookup(*, credit_code: str) -> list[RiskSummary]:
    """Flags on a code by other schools: counts per category, the current school excluded."""
    return _store["lookup"](credit_code=credit_code, schema_name=connection.schema_name) if "lookup" in _store else []


def risk_lookup_many(*, credit_codes: list[str]) -> dict[str, list[RiskSummary]]:
    """`risk_lookup` for a page of employers in one query: {code: summaries} (codes without a
    flag are absent)."""
    codes = sorted({code for code in credit_codes if code})
    if not codes:
        return {}
    if "lookup_many" in _store:
        return _store["lookup_many"](credit_codes=codes, schema_name=connection.schema_name)
    found = {code: risk_lookup(credit_code=code) for code in codes}
    return {code: summaries for code, summaries in found.items() if summaries}
