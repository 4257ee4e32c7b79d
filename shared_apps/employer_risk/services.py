"""The shared risk store, reached by tenants only through core.employer_risk (core.hooks)."""

from __future__ import annotations

from django.db.models import Count

from core.crypto import blind_index
from core.employer_risk import RiskCategory, RiskSummary
from shared_apps.employer_risk.models import SharedRiskSignal


def _school_key(schema_name: str) -> str:
    return blind_index(f"employer-risk:{schema_name}")


def signal_share(*, schema_name: str, credit_code: str, category: str) -> None:
    if category not in RiskCategory.values:
        raise ValueError(category)
    SharedRiskSignal.objects.update_or_create(credit_code=credit_code, school_key=_school_key(schema_name), defaults={"category": category})


def signal_withdraw(*, schema_name: str, credit_code: str | None = None) -> int:
    queryset = SharedRiskSignal.objects.filter(school_key=_school_key(schema_name))
    if credit_code is not None:
        queryset = queryset.filter(credit_code=credit_code)
    return queryset.delete()[0]


def signals_for(*, credit_code: str, schema_name: str) -> list[RiskSummary]:
    """How many *other* schools flagged the code, per category (never which)."""
    rows = (SharedRiskSignal.objects.filter(credit_code=credit_code).exclude(school_key=_school_key(schema_name))
            .values("category").annotate(schools=Count("id")).order_by("-schools", "category"))
    return [RiskSummary(category=row["category"], label=RiskCategory(row["category"]).label, schools=row["schools"]) for row in rows]


def signals_for_many(*, credit_codes: list[str], schema_name: str) -> dict[str, list[RiskSummary]]:
    """`signals_for` of several codes in one query (a list page)."""
    rows = (SharedRiskSignal.objects.filter(credit_code__in=credit_codes).exclude(school_key=_school_key(schema_name))
            .values("credit_code", "category").annotate(schools=Count("id")).order_by("credit_code", "-schools", "category"))
    found: dict[str, list[RiskSummary]] = {}
    for row in rows:
        found.setdefault(row["credit_code"], []).append(RiskSummary(category=row["category"], label=RiskCategory(row["category"]).label, schools=row["schools"]))
    return found
