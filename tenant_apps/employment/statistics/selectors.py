"""The figures a school is audited on, computed in one pass over the graduates in the actor's
data scope.

- 毕业去向落实率 (official, 教学厅函〔2021〕19号): graduates whose approved destination is one of the
  placed codes (10 11 12 27 46 50 51 75 76 80 85) over all graduates in scope, 定向 and 委培
  included; 70/71/72 and graduates without an approved destination are not placed.
- 签约率 (local definition, no national one exists): approved 10 + 11 over all graduates.
- "As of" a date: only graduates imported by the end of that day count, verified only if their
  record was verified by then, and each graduate's destination is the state of the last ledger
  entry written before the end of that day; so the 31 Aug and 31 Dec figures never drift when
  later changes, late imports or late verifications arrive (the ledger is append-only and
  hash-checked)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.utils import timezone

from tenant_apps.accounts.models import OrgUnit
from tenant_apps.employment.destinations.enums import (
    CATEGORIES,
    GROUPS,
    PLACED_CODES,
    SIGNED_CODES,
    DestinationStatus,
)
from tenant_apps.employment.statistics.rates import percentage
from tenant_apps.employment.students.enums import (
    EDUCATION_LEVEL,
    PROVINCES,
    Gender,
)
from tenant_apps.employment.students.selectors import records_in_scope

DIMENSIONS = [("level", "学历层次"), ("college", "学院"), ("major", "专业"), ("class", "班级"), ("gender", "性别"), ("origin", "生源地"),
              ("hardship", "困难生类别")]
FILED = {DestinationStatus.SUBMITTED, DestinationStatus.COUNSELLOR_APPROVED, DestinationStatus.COLLEGE_APPROVED, DestinationStatus.APPROVED}


@dataclass
class Tally:
    total: int = 0
    placed: int = 0
    signed: int = 0
    verified: int = 0
    filed: int = 0
    approved: int = 0

    @property
    def placement_rate(self) -> float:
        return percentage(self.placed, self.total)

    @property
    def signing_rate(self) -> float:
        return percentage(self.signed, self.total)

    @property
    def verification_rate(self) -> float:
        return percentage(self.verified, self.total)

    @property
    def filing_rate(self) -> float:
        return percentage(self.filed, self.total)

    @property
    def approval_rate(self) -> float:
        return percentage(self.approved, self.filed)


@dataclass
class Figures:
    year: int | None
    as_of: datetime.date | None
    overall: Tally = field(default_factory=Tally)
    by: dict[str, dict[str, Tally]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(Tally)))
    categories: dict[str, int] = field(default_factory=lambda: dict.fromkeys(CATEGORIES, 0))

    def breakdown(self, dimension: str) -> list[tuple[str, Tally]]:
        return sorted(self.by[dimension].items(), key=lambda item: item[0])

    @property
    def groups(self) -> list[tuple[str, int, float]]:
        counts = dict.fromkeys(GROUPS, 0)
        for code, count in self.categories.items():
            counts[CATEGORIES[code].group] += count
        total = self.overall.total
        return [(group, count, percentage(count, total)) for group, count in counts.items()]


# One scan, every breakdown: GROUPING SETS over the dimensions (plus the categories and the
# total), so the page does not pull tens of thousands of rows into Python.
KEYS = [("level", "r.education"), ("college", "college.name"), ("major", "major.name"), ("class", "cls.name"), ("gender", "r.gender"),
        ("origin", "substr(r.origin_region, 1, 2)"), ("hardship", "r.hardship_category"), ("category", "d.category")]
CURRENT = "SELECT record_id, category, status FROM employment_destinations_destination"
AS_OF = ("SELECT DISTINCT ON (record_id) record_id, state->>'category' AS category, state->>'status' AS status "
         "FROM employment_destinations_ledgerentry WHERE created_at < %s ORDER BY record_id, sequence DESC")


VERIFIED_NOW = "r.verification_status = 'verified'"
VERIFIED_AS_OF = "r.verification_status = 'verified' AND r.verified_at < %s"


def _sql(scope_sql: str, destinations_sql: str, verified_sql: str = VERIFIED_NOW) -> str:
    placed = ", ".join(f"'{code}'" for code in PLACED_CODES)
    signed = ", ".join(f"'{code}'" for code in SIGNED_CODES)
    filed = ", ".join(f"'{status}'" for status in sorted(FILED))
    keys = ", ".join(expression for _, expression in KEYS)
    groupings = ", ".join(f"GROUPING({expression})" for _, expression in KEYS)
    sets = ", ".join(f"({expression})" for _, expression in KEYS)
    return f"""
        SELECT {keys}, {groupings}, COUNT(*),
               COUNT(*) FILTER (WHERE d.status = 'approved' AND d.category IN ({placed})),
               COUNT(*) FILTER (WHERE d.status = 'approved' AND d.category IN ({signed})),
               COUNT(*) FILTER (WHERE {verified_sql}),
               COUNT(*) FILTER (WHERE d.status IN ({filed})),
               COUNT(*) FILTER (WHERE d.status = 'approved')
        FROM employment_students_graduaterecord r
        JOIN accounts_orgunit cls ON cls.id = r.org_unit_id
        LEFT JOIN accounts_orgunit major ON major.id = cls.parent_id
        LEFT JOIN accounts_orgunit college ON college.id = major.parent_id
        LEFT JOIN ({destinations_sql}) d ON d.record_id = r.id
        WHERE r.id IN ({scope_sql})
        GROUP BY GROUPING SETS ({sets}, ())"""


def cohort_figures(*, actor, year: int | None, unit_id: int | None = None, as_of: datetime.date | None = None) -> Figures:
    """Every figure of the statistics page for the graduates of `year` in the actor's scope
    (optionally one college/major/class), now or as of the end of a day."""
    records = records_in_scope(actor=actor)
    if year:
        records = records.filter(graduation_year=year)
    if unit_id:
        unit = OrgUnit.objects.filter(pk=unit_id).first()
        records = records.filter(org_unit__path__startswith=unit.path) if unit else records.none()
    figures = Figures(year=year, as_of=as_of)
    end = timezone.make_aware(datetime.datetime.combine(as_of + datetime.timedelta(days=1), datetime.time())) if as_of is not None else None
    if end is not None:
        records = records.filter(created_at__lt=end)  # graduates imported later do not count
    try:
        scope_sql, scope_params = records.values("pk").query.sql_with_params()
    except EmptyResultSet:
        return figures
    if end is None:
        sql, params = _sql(scope_sql, CURRENT), list(scope_params)
    else:  # placeholders in text order: the verified filter, the ledger cut-off, the scope
        sql, params = _sql(scope_sql, AS_OF, VERIFIED_AS_OF), [end, end, *scope_params]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    genders = dict(Gender.choices)
    width = len(KEYS)
    for row in rows:
        values, grouping = row[:width], row[width : 2 * width]
        total, placed, signed, verified, filed, approved = row[2 * width :]
        tally = Tally(total=total, placed=placed, signed=signed, verified=verified, filed=filed, approved=approved)
        if all(grouping):
            figures.overall = tally
            continue
        index = grouping.index(0)
        dimension, value = KEYS[index][0], values[index]
        if dimension == "category":
            if value in figures.categories:
                figures.categories[value] = approved
            continue
        label = {"level": lambda v: EDUCATION_LEVEL.get(v, v), "gender": lambda v: genders.get(v, v), "origin": lambda v: PROVINCES.get(v or "", "其他")}.get(
            dimension, lambda v: v or "（未分配）")(value)
        existing = figures.by[dimension].get(label)
        if existing is None:
            figures.by[dimension][label] = tally
        else:  # two codes with one label (e.g. 本科 毕业/结业)
            for name in ("total", "placed", "signed", "verified", "filed", "approved"):
                setattr(existing, name, getattr(existing, name) + getattr(tally, name))
    return figures
