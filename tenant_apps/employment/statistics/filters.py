"""Query parameters of the statistics page and API (year, unit, as_of)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.dateparse import parse_date

from tenant_apps.employment.students.selectors import graduation_years

PERMISSION = "employment_students.view_statistics"


def parse_filters(params) -> dict:
    """Defaults to the latest cohort; an as_of date in the future means "now"."""
    year = str(params.get("year") or "")
    unit = str(params.get("unit") or "")
    try:
        as_of = parse_date(params.get("as_of") or "") if params.get("as_of") else None
    except ValueError:
        as_of = None
    if as_of and as_of > timezone.localdate():
        as_of = None
    if not year.isdigit():
        years = graduation_years()
        year = str(years[0]) if years else ""
    return {"year": int(year) if year else None, "unit_id": int(unit) if unit.isdigit() else None, "as_of": as_of}
