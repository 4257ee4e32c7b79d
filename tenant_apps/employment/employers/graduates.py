"""Graduate numbers for employers (E11): how many graduates of the current cohort per level,
college and major, with small cells shown as "<5" so that no one can be singled out.

The graduate records belong to part 1 of the module (employment_students). They are read through
the app registry, so this works whether or not that part has landed: without it there are simply
no numbers. The level labels follow xldm codes (01/03 博士, 11/13 硕士, 31/33 本科, 41 专科)."""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.db.models import Count

SMALL_CELL = 5
LEVELS = {"01": "博士", "03": "博士", "11": "硕士", "13": "硕士", "31": "本科", "33": "本科", "41": "专科"}
LEVEL_ORDER = ["博士", "硕士", "本科", "专科"]


@dataclass(frozen=True)
class GraduateCell:
    level: str
    college: str
    major: str
    count: int

    @property
    def shown(self) -> str:
        return f"<{SMALL_CELL}" if self.count < SMALL_CELL else str(self.count)


def _records():
    try:
        return apps.get_model("employment_students", "GraduateRecord").objects.all()
    except LookupError:
        return None


def current_cohort() -> int | None:
    records = _records()
    if records is None:
        return None
    return records.order_by("-graduation_year").values_list("graduation_year", flat=True).first()


def graduate_numbers(*, year: int | None = None) -> tuple[int | None, list[GraduateCell], dict[str, str]]:
    """(cohort year, cells by level/college/major, totals per level already made safe)."""
    records = _records()
    year = year or current_cohort()
    if records is None or year is None:
        return None, [], {}
    rows = (records.filter(graduation_year=year)
            .values("education", "org_unit__parent__name", "org_unit__parent__parent__name", "major_name")
            .annotate(n=Count("pk")))
    merged: dict[tuple[str, str, str], int] = {}
    for row in rows:
        level = LEVELS.get(row["education"], "其他")
        college = row["org_unit__parent__parent__name"] or "未分学院"
        major = row["org_unit__parent__name"] or row["major_name"] or "未分专业"
        merged[(level, college, major)] = merged.get((level, college, major), 0) + row["n"]
    cells = sorted((GraduateCell(level, college, major, n) for (level, college, major), n in merged.items()),
                   key=lambda c: (LEVEL_ORDER.index(c.level) if c.level in LEVEL_ORDER else 9, c.college, c.major))
    totals: dict[str, int] = {}
    for cell in cells:
        totals[cell.level] = totals.get(cell.level, 0) + cell.count
    return year, cells, {level: (f"<{SMALL_CELL}" if n < SMALL_CELL else str(n)) for level, n in totals.items()}
