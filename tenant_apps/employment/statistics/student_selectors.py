"""Student statistics (E21, the student half; seed §2.6.1): graduates imported, accounts bound,
logins, personal data verified, destinations filed, resumes, applications and interview
invitations, by college and by major, in the viewer's data scope.

Resumes, applications and interviews come from tenant_apps.employment.resumes/applications
(`applications.selectors.student_counts`) when those apps are installed; without them the
columns are absent (`has_applications` False), not zero."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.apps import apps
from django.utils import timezone

from tenant_apps.accounts.models import OrgUnit
from tenant_apps.employment.statistics.rates import percentage
from tenant_apps.employment.statistics.selectors import FILED as FILED_STATUSES
from tenant_apps.employment.students.selectors import records_in_scope

RECENT_DAYS = 30


@dataclass
class StudentTally:
    imported: int = 0
    bound: int = 0
    logged_in: int = 0
    recent_login: int = 0
    verified: int = 0
    filed: int = 0
    with_resume: int = 0
    resumes: int = 0
    applications: int = 0
    interviews: int = 0

    def add(self, other: StudentTally) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def binding_rate(self) -> float:
        return percentage(self.bound, self.imported, digits=1)

    @property
    def login_rate(self) -> float:
        return percentage(self.logged_in, self.imported, digits=1)


@dataclass
class StudentFigures:
    year: int | None
    has_applications: bool
    overall: StudentTally = field(default_factory=StudentTally)
    colleges: dict[str, StudentTally] = field(default_factory=dict)
    majors: dict[tuple[str, str], StudentTally] = field(default_factory=dict)  # (college, major)

    def by(self, dimension: str) -> list[tuple[str, StudentTally]]:
        if dimension == "major":
            return [(f"{college} / {major}", tally) for (college, major), tally in sorted(self.majors.items())]
        return sorted(self.colleges.items())


def applications_installed() -> bool:
    return apps.is_installed("tenant_apps.employment.applications") and apps.is_installed("tenant_apps.employment.resumes")


def student_figures(*, actor, year: int | None, unit_id: int | None = None) -> StudentFigures:
    """Two queries (the graduates with their account and destination; the application counts),
    tallied in Python by college and major."""
    records = records_in_scope(actor=actor)
    if year:
        records = records.filter(graduation_year=year)
    if unit_id:
        unit = OrgUnit.objects.filter(pk=unit_id).first()
        records = records.filter(org_unit__path__startswith=unit.path) if unit else records.none()
    rows = list(records.values_list("user_id", "user__last_login", "verification_status", "destination__status", "org_unit__parent__name",
                                    "org_unit__parent__parent__name"))
    figures = StudentFigures(year=year, has_applications=applications_installed())
    counts: dict[int, dict[str, int]] = {}
    if figures.has_applications:
        from tenant_apps.employment.applications.selectors import student_counts

        counts = student_counts(user_ids=[r[0] for r in rows if r[0]])
    recent = timezone.now() - datetime.timedelta(days=RECENT_DAYS)
    for user_id, last_login, verification, destination, major, college in rows:
        tally = StudentTally(imported=1, bound=int(user_id is not None), logged_in=int(last_login is not None),
                             recent_login=int(last_login is not None and last_login >= recent), verified=int(verification == "verified"),
                             filed=int(destination in FILED_STATUSES))
        mine = counts.get(user_id) if user_id else None
        if mine:
            tally.resumes, tally.applications, tally.interviews = mine.get("resumes", 0), mine.get("applications", 0), mine.get("interviews", 0)
            tally.with_resume = int(tally.resumes > 0)
        college, major = college or "（未分配）", major or "（未分配）"
        figures.overall.add(tally)
        figures.colleges.setdefault(college, StudentTally()).add(tally)
        figures.majors.setdefault((college, major), StudentTally()).add(tally)
    return figures
