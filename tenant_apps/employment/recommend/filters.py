"""Query parameters of the intention statistics page and API (year, unit)."""

from __future__ import annotations

from tenant_apps.employment.students.selectors import graduation_years

PERMISSION = "employment_recommend.view_intention_statistics"


def parse_filters(params) -> dict:
    """Defaults to the latest cohort."""
    year, unit = str(params.get("year") or ""), str(params.get("unit") or "")
    if not year.isdigit():
        years = graduation_years()
        year = str(years[0]) if years else ""
    return {"year": int(year) if year else None, "unit_id": int(unit) if unit.isdigit() else None}
