"""Reads of intentions and recommendations: the facts the engine matches, a student's list
(live jobs only, best first), and the teachers' intention statistics (§2.4.1)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils import timezone

from tenant_apps.employment.jobs.models import Job
from tenant_apps.employment.jobs.selectors import JobSearch, job_public_search, live_jobs
from tenant_apps.employment.recommend.engine import JobFacts, JobIndex, StudentFacts
from tenant_apps.employment.recommend.enums import TOP_N, salary_band
from tenant_apps.employment.recommend.models import JobIntention, Recommendation
from tenant_apps.employment.students.models import GraduateRecord

# Cohorts recommendation is computed for: this year's and later graduates, and last year's
# (a graduate keeps looking for a while); older alumni only when they stated intentions.
COHORT_LOOKBACK_YEARS = 1


def intention_get(*, student) -> JobIntention:
    """The student's intention row, unsaved defaults when they never stated one."""
    return JobIntention.objects.filter(student=student).first() or JobIntention(student=student)


def job_index() -> JobIndex:
    """Every live job as facts for the engine: one query for the jobs, one for target units."""
    rows = list(live_jobs().order_by("approved_at", "id").values_list(
        "id", "title", "kind", "place_code", "employer__industry", "salary_min", "salary_max", "education", "majors"))
    units: dict[int, set[int]] = {}
    through = Job.target_units.through
    for job_id, unit_id in through.objects.filter(job_id__in=live_jobs().values("id")).values_list("job_id", "orgunit_id"):
        units.setdefault(job_id, set()).add(unit_id)
    return JobIndex(JobFacts(id=r[0], title=r[1], kind=r[2], place_code=r[3] or "", industry=r[4] or "", salary_min=r[5], salary_max=r[6],
                             education=r[7], majors=r[8] or "", unit_ids=frozenset(units.get(r[0], ())), recency=position)
                    for position, r in enumerate(rows))


def students_to_compute(*, student_ids: list[int] | None = None) -> list[int]:
    """Students whose list is (re)computed: bound graduates of current cohorts and anyone who
    stated intentions, minus those who switched personalised recommendation off."""
    year = timezone.localdate().year - COHORT_LOOKBACK_YEARS
    graduates = GraduateRecord.objects.filter(user__isnull=False, user__is_active=True, graduation_year__gte=year)
    intentions = JobIntention.objects.filter(student__is_active=True)
    if student_ids is not None:
        graduates = graduates.filter(user_id__in=student_ids)
        intentions = intentions.filter(student_id__in=student_ids)
    ids = set(graduates.values_list("user_id", flat=True)) | set(intentions.values_list("student_id", flat=True))
    ids -= set(JobIntention.objects.filter(is_personalised=False, student_id__in=ids).values_list("student_id", flat=True))
    return sorted(ids)


def student_facts(*, student_ids: list[int]) -> Iterator[StudentFacts]:
    """Facts of these students, two queries (graduate records with their class -> major ->
    college, and intentions)."""
    records = {}
    for user_id, major_name, major_id, college_id, education in GraduateRecord.objects.filter(user_id__in=student_ids).order_by(
            "user_id", "-graduation_year").values_list("user_id", "major_name", "org_unit__parent_id", "org_unit__parent__parent_id", "education"):
        records.setdefault(user_id, (major_name, major_id, college_id, education))
    intentions = {i.student_id: i for i in JobIntention.objects.filter(student_id__in=student_ids)}
    for user_id in student_ids:
        major_name, major_id, college_id, education = records.get(user_id, ("", None, None, ""))
        intention = intentions.get(user_id)
        yield StudentFacts(
            user_id=user_id, major_name=major_name or "", major_unit_id=major_id, college_unit_id=college_id, education=education or "",
            job_kinds=tuple(intention.job_kinds) if intention else (), job_types=tuple(intention.job_types) if intention else (),
            city_codes=tuple(intention.city_codes) if intention else (), industries=tuple(intention.industries) if intention else (),
            salary_floor=intention.salary_floor if intention else None)


def _live(queryset: QuerySet[Recommendation]) -> QuerySet[Recommendation]:
    return queryset.filter(job__status="approved", job__hidden_at__isnull=True, job__valid_until__gte=timezone.localdate())


def recommendations_for_student(*, student, limit: int = TOP_N) -> list[Recommendation]:
    """The student's matches on live jobs, best first (one query). Empty when personalised
    recommendation is off (nothing is kept for them then)."""
    return list(_live(Recommendation.objects.filter(student=student)).select_related("job", "job__employer").order_by("-score", "-job_id")[:limit])


def recommendation_for(*, student, job_id: int) -> Recommendation | None:
    return Recommendation.objects.filter(student=student, job_id=job_id).first()


def jobs_by_date(*, limit: int = TOP_N) -> list[Job]:
    """What a student without personalised recommendation sees: the newest live jobs."""
    return list(job_public_search(search=JobSearch())[:limit])


def new_matches_to_push(*, student_ids: list[int] | None = None) -> dict[int, list[Recommendation]]:
    """Matches not yet pushed, on live jobs, of students who consented to the daily push."""
    consenting = JobIntention.objects.filter(is_personalised=True, wants_daily_push=True, student__is_active=True)
    if student_ids is not None:
        consenting = consenting.filter(student_id__in=student_ids)
    rows = _live(Recommendation.objects.filter(notified_at__isnull=True, student_id__in=consenting.values("student_id")))
    grouped: dict[int, list[Recommendation]] = {}
    for row in rows.select_related("job", "job__employer").order_by("student_id", "-score", "-job_id"):
        grouped.setdefault(row.student_id, []).append(row)
    return grouped


# --- the teachers' statistics ----------------------------------------------------------------


@dataclass
class IntentionStatistics:
    students: int = 0
    stated: int = 0
    personalised_off: int = 0
    push_on: int = 0
    kinds: Counter = field(default_factory=Counter)
    provinces: Counter = field(default_factory=Counter)
    cities: Counter = field(default_factory=Counter)
    industries: Counter = field(default_factory=Counter)
    salary_bands: Counter = field(default_factory=Counter)
    job_types: Counter = field(default_factory=Counter)
    by_college: dict[str, list[int]] = field(default_factory=dict)  # college -> [students, stated]

    @property
    def stated_rate(self) -> float:
        return round(100 * self.stated / self.students, 1) if self.students else 0.0


def intention_statistics(*, actor, year: int | None = None, unit_id: int | None = None) -> IntentionStatistics:
    """Intentions of the graduates in the actor's data scope (optionally one cohort and one
    college/major/class), counted in Python over one query of the stated ones."""
    from tenant_apps.accounts.models import OrgUnit
    from tenant_apps.employment.students.selectors import records_in_scope

    records = records_in_scope(actor=actor)
    if year:
        records = records.filter(graduation_year=year)
    if unit_id:
        unit = OrgUnit.objects.filter(pk=unit_id).first()
        records = records.filter(org_unit__path__startswith=unit.path) if unit else records.none()
    stats = IntentionStatistics()
    colleges: dict[str, list[int]] = {}
    for college in records.values_list("org_unit__parent__parent__name", flat=True):
        colleges.setdefault(college or "（未分配）", [0, 0])[0] += 1
        stats.students += 1
    rows = JobIntention.objects.filter(student_id__in=records.filter(user__isnull=False).values("user_id")).values_list(
        "job_kinds", "job_types", "city_codes", "industries", "salary_floor", "is_personalised", "wants_daily_push",
        "student__graduate_record__org_unit__parent__parent__name")
    from tenant_apps.employment.recommend.regions import region_name

    for kinds, types, cities, industries, floor, personalised, push, college in rows:
        if not personalised:
            stats.personalised_off += 1
        if push:
            stats.push_on += 1
        if not (kinds or types or cities or industries or floor):
            continue
        stats.stated += 1
        colleges.setdefault(college or "（未分配）", [0, 0])[1] += 1
        stats.kinds.update(set(kinds))
        stats.industries.update(set(industries))
        stats.cities.update(region_name(code) for code in set(cities))
        stats.provinces.update({region_name(code[:2] + "0000") for code in cities})
        stats.salary_bands[salary_band(floor)] += 1
        stats.job_types.update({t.strip().lower() for t in types if t.strip()})
    stats.by_college = dict(sorted(colleges.items()))
    return stats


