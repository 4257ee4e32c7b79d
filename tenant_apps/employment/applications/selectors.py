"""Reads of applications: the student's own with their tracker, the employer's applicants with
filters, teachers' view in their data scope, the SLA settings, employers' responsiveness, and
the counts other parts show (student statistics, the fair wall)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import (
    Aggregate,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    FloatField,
    Q,
    QuerySet,
)

from tenant_apps.accounts.selectors import scoped
from tenant_apps.employment.applications.enums import ApplicationStatus
from tenant_apps.employment.applications.models import (
    Application,
    ApplicationEvent,
    ApplicationSettings,
)

# Below this many applications a school is not shown a rate (too few to mean anything).
RESPONSIVENESS_MIN_SAMPLE = 3


def settings_get() -> ApplicationSettings:
    return ApplicationSettings.objects.order_by("pk").first() or ApplicationSettings()


def _base() -> QuerySet[Application]:
    return Application.objects.select_related("job", "employer", "student", "resume_version", "resume")


# The student ---------------------------------------------------------------------------------

def applications_of_student(*, student, status: str = "") -> QuerySet[Application]:
    queryset = Application.objects.select_related("job", "employer").filter(student_id=student.pk)
    if status in ApplicationStatus.values:
        queryset = queryset.filter(status=status)
    return queryset.order_by("-submitted_at", "-id")


def application_of_student(*, student, pk: int) -> Application | None:
    return _base().filter(student_id=student.pk, pk=pk).first()


def live_application(*, student, job_id: int) -> Application | None:
    return Application.objects.filter(student_id=student.pk, job_id=job_id).exclude(status=ApplicationStatus.WITHDRAWN).first()


def tracker(*, application: Application) -> list[ApplicationEvent]:
    """The steps, oldest first; an interview step carries its time as `interview_time`."""
    import datetime

    events = list(application.events.order_by("created_at", "id"))
    for event in events:
        value = (event.details or {}).get("interview_at")
        event.interview_time = datetime.datetime.fromisoformat(value) if value else None
    return events


# The employer ----------------------------------------------------------------------------------

@dataclass
class ApplicantSearch:
    q: str = ""
    status: str = ""
    job: int | None = None
    major: str = ""
    viewed: str = ""  # "", "yes", "no"

    @classmethod
    def from_query(cls, params) -> ApplicantSearch:
        job = str(params.get("job") or "").strip()
        status = params.get("status") or ""
        return cls(q=(params.get("q") or "").strip()[:50], status=status if status in ApplicationStatus.values else "",
                   job=int(job) if job.isdigit() else None, major=(params.get("major") or "").strip()[:50],
                   viewed=params.get("viewed") if params.get("viewed") in ("yes", "no") else "")


def _filtered(queryset: QuerySet[Application], search: ApplicantSearch) -> QuerySet[Application]:
    if search.q:
        queryset = queryset.filter(Q(student__display_name__icontains=search.q) | Q(job__title__icontains=search.q))
    if search.status:
        queryset = queryset.filter(status=search.status)
    if search.job:
        queryset = queryset.filter(job_id=search.job)
    if search.major:
        queryset = queryset.filter(student__graduate_record__major_name__icontains=search.major)
    if search.viewed == "yes":
        queryset = queryset.filter(first_viewed_at__isnull=False)
    elif search.viewed == "no":
        queryset = queryset.filter(first_viewed_at__isnull=True)
    return queryset


def applicants_of(*, employer, search: ApplicantSearch | None = None) -> QuerySet[Application]:
    """Applications to the employer's jobs (withdrawn ones are gone for the employer)."""
    queryset = _base().select_related("student__graduate_record").filter(employer_id=employer.pk).exclude(status=ApplicationStatus.WITHDRAWN)
    return _filtered(queryset, search or ApplicantSearch()).order_by("-submitted_at", "-id")


def applicant_of(*, employer, pk: int) -> Application | None:
    return applicants_of(employer=employer).filter(pk=pk).first()


def applicant_counts(*, employer) -> dict[str, int]:
    rows = Application.objects.filter(employer_id=employer.pk).exclude(status=ApplicationStatus.WITHDRAWN).values("status").annotate(n=Count("id"))
    counts = {row["status"]: row["n"] for row in rows}
    counts["all"] = sum(counts.values())
    return counts


def employer_jobs_with_applications(*, employer) -> list[tuple[int, str]]:
    return list(Application.objects.filter(employer_id=employer.pk).values_list("job_id", "job__title").distinct().order_by("job__title"))


# Teachers -------------------------------------------------------------------------------------

def applications_in_scope(*, actor, search: ApplicantSearch | None = None) -> QuerySet[Application]:
    queryset = scoped(_base().select_related("student__org_unit"), actor, org_field="student__org_unit")
    return _filtered(queryset, search or ApplicantSearch()).order_by("-submitted_at", "-id")


def application_in_scope(*, actor, pk: int) -> Application | None:
    return applications_in_scope(actor=actor).filter(pk=pk).first()


# Responsiveness (the application SLA) -----------------------------------------------------------

class Median(Aggregate):
    function = "percentile_cont"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


@dataclass
class Responsiveness:
    considered: int  # answered + no response (applications whose clock has run out or that got an answer)
    answered: int
    median_days: float | None

    @property
    def answered_share(self) -> float | None:
        return round(100 * self.answered / self.considered, 1) if self.considered else None

    @property
    def has_sample(self) -> bool:
        return self.considered >= RESPONSIVENESS_MIN_SAMPLE


def employer_responsiveness(*, employer_ids) -> dict[int, Responsiveness]:
    """Per employer: median days from delivery to HR's first action (invite, offer or reject),
    and the share of applications answered, out of those answered or marked "no response"."""
    wait = ExpressionWrapper(F("first_action_at") - F("submitted_at"), output_field=DurationField())
    rows = (Application.objects.filter(employer_id__in=list(employer_ids))
            .filter(Q(first_action_at__isnull=False) | Q(status=ApplicationStatus.NO_RESPONSE))
            .values("employer_id")
            .annotate(considered=Count("id"), answered=Count("id", filter=Q(first_action_at__isnull=False)),
                      median_seconds=Median(ExpressionWrapper(_epoch(wait), output_field=FloatField()), filter=Q(first_action_at__isnull=False))))
    return {row["employer_id"]: Responsiveness(considered=row["considered"], answered=row["answered"],
                                               median_days=round(row["median_seconds"] / 86400, 1) if row["median_seconds"] is not None else None)
            for row in rows}


def _epoch(expression):
    from django.db.models import Func

    return Func(expression, function="EXTRACT", template="EXTRACT(EPOCH FROM %(expressions)s)", output_field=FloatField())


def responsiveness_of(*, employer_id: int) -> Responsiveness:
    return employer_responsiveness(employer_ids=[employer_id]).get(employer_id) or Responsiveness(considered=0, answered=0, median_days=None)


# Counts for other parts (INTERFACES.md) ----------------------------------------------------------

def student_counts(*, user_ids=None) -> dict[int, dict[str, int]]:
    """{user_id: {"resumes", "applications", "interviews"}} for student statistics."""
    from tenant_apps.employment.resumes.selectors import student_resume_counts

    applications = Application.objects.exclude(status=ApplicationStatus.WITHDRAWN)
    if user_ids is not None:
        user_ids = list(user_ids)
        applications = applications.filter(student_id__in=user_ids)
    result: dict[int, dict[str, int]] = {}
    for row in applications.values("student_id").annotate(n=Count("id"), interviews=Count("id", filter=Q(interview_invited=True))):
        result[row["student_id"]] = {"resumes": 0, "applications": row["n"], "interviews": row["interviews"]}
    for user_id, count in student_resume_counts(user_ids=user_ids).items():
        result.setdefault(user_id, {"resumes": 0, "applications": 0, "interviews": 0})["resumes"] = count
    return result


def fair_counts(fair_id: int) -> dict[str, int]:
    """Resumes delivered at a fair and interview invitations among them (the fair's wall)."""
    row = Application.objects.filter(fair_id=fair_id).exclude(status=ApplicationStatus.WITHDRAWN).aggregate(
        resumes_delivered=Count("id"), interview_invitations=Count("id", filter=Q(interview_invited=True)))
    return {"resumes_delivered": row["resumes_delivered"] or 0, "interview_invitations": row["interview_invitations"] or 0}
