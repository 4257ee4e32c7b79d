"""Reads of job fairs: lists for teachers, employers, students and the public portal, the booth
map, the exhibitors with their jobs, the live figures of the wall, statistics (E21)."""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from tenant_apps.employment.fairs import assignment, wall
from tenant_apps.employment.fairs.enums import ApplicationStatus, FairStatus, TicketHolder
from tenant_apps.employment.fairs.models import (
    Booth,
    Fair,
    FairApplication,
    FairFollow,
    FairHall,
    FairTicket,
)

APPLICATIONS_APP = "tenant_apps.employment.applications"


def fair_list(*, status: str = "", q: str = "") -> QuerySet[Fair]:
    queryset = Fair.objects.annotate(
        application_count=Count("applications", distinct=True),
        approved_count=Count("applications", filter=Q(applications__status=ApplicationStatus.APPROVED), distinct=True),
        booth_count=Count("booths", distinct=True),
    )
    if status in FairStatus.values:
        queryset = queryset.filter(status=status)
    if q:
        queryset = queryset.filter(Q(title__icontains=q) | Q(location__icontains=q))
    return queryset.order_by("-starts_at", "-id")


def fair_get(*, pk: int) -> Fair | None:
    return Fair.objects.filter(pk=pk).first()


def public_fairs(*, upcoming_only: bool = True) -> QuerySet[Fair]:
    """Published fairs for students and the school's public portal (newest first when all)."""
    queryset = Fair.objects.filter(status=FairStatus.PUBLISHED).annotate(
        exhibitor_count=Count("applications", filter=Q(applications__status=ApplicationStatus.APPROVED)))
    if upcoming_only:
        return queryset.filter(ends_at__gte=timezone.now()).order_by("starts_at", "id")
    return queryset.order_by("-starts_at", "-id")


def public_fair_get(*, pk: int) -> Fair | None:
    return public_fairs(upcoming_only=False).filter(pk=pk).first()


def open_fairs_for_employers() -> QuerySet[Fair]:
    now = timezone.now()
    return Fair.objects.filter(status=FairStatus.PUBLISHED, starts_at__gt=now).filter(
        Q(applications_close_at__isnull=True) | Q(applications_close_at__gt=now)).order_by("starts_at", "id")


def employer_applications(*, employer) -> QuerySet[FairApplication]:
    return (FairApplication.objects.filter(employer=employer).select_related("fair", "booth")
            .prefetch_related("jobs", Prefetch("tickets", queryset=FairTicket.objects.filter(is_revoked=False)))
            .order_by("-fair__starts_at", "-id"))


def application_list(*, fair: Fair, status: str = "", q: str = "") -> QuerySet[FairApplication]:
    queryset = (FairApplication.objects.filter(fair=fair).select_related("employer", "booth")
                .annotate(job_count=Count("jobs", distinct=True)))
    if status in ApplicationStatus.values:
        queryset = queryset.filter(status=status)
    if q:
        queryset = queryset.filter(Q(employer__name__icontains=q) | Q(booth__code__iexact=q))
    return queryset.order_by("created_at", "id")


def application_get(*, fair: Fair, pk: int) -> FairApplication | None:
    return FairApplication.objects.filter(fair=fair, pk=pk).select_related("employer", "booth", "fair").first()


@dataclass
class HallMap:
    hall: FairHall
    grid: list[list[Booth | None]]


def booth_map(*, fair: Fair) -> list[HallMap]:
    """Each hall as rows of cells (a Booth with `.occupant` = its application or None, or None
    for an aisle). Three queries whatever the size."""
    halls = list(fair.halls.all())
    booths = list(Booth.objects.filter(fair=fair).order_by("row", "column"))
    occupants = {a.booth_id: a for a in FairApplication.objects.filter(fair=fair, booth__isnull=False).select_related("employer")}
    cells: dict[tuple[int, int, int], Booth] = {}
    for booth in booths:
        booth.occupant = occupants.get(booth.pk)
        cells[(booth.hall_id, booth.row, booth.column)] = booth
    return [HallMap(hall=hall, grid=[[cells.get((hall.pk, r, c)) for c in range(1, hall.columns + 1)] for r in range(1, hall.rows + 1)])
            for hall in halls]


def map_problems(*, fair: Fair) -> list[str]:
    """Rules the current placements break (hand placements may): shown above the map."""
    booths = [assignment.spot_of(b) for b in Booth.objects.filter(fair=fair).select_related("hall")]
    placed = list(FairApplication.objects.filter(fair=fair, status=ApplicationStatus.APPROVED, booth__isnull=False).select_related("employer"))
    return assignment.plan_problems(booths, [assignment.candidate_of(a) for a in placed], {a.pk: a.booth_id for a in placed}) if booths else []


def unplaced_applications(*, fair: Fair) -> QuerySet[FairApplication]:
    return FairApplication.objects.filter(fair=fair, status=ApplicationStatus.APPROVED, booth__isnull=True).select_related("employer").order_by(
        "employer__industry", "created_at")


def exhibitors(*, fair: Fair, q: str = "", student=None) -> QuerySet[FairApplication]:
    """Approved employers with booth and the jobs they bring, for students; `q` matches the
    employer's name, a job title or a booth number; `is_followed` for the student."""
    from tenant_apps.employment.jobs.models import Job

    queryset = (FairApplication.objects.filter(fair=fair, status=ApplicationStatus.APPROVED).select_related("employer", "booth")
                .prefetch_related(Prefetch("jobs", queryset=Job.objects.filter(status="approved").order_by("id"))))
    if q:
        queryset = queryset.filter(Q(employer__name__icontains=q) | Q(jobs__title__icontains=q) | Q(booth__code__iexact=q)).distinct()
    if student is not None:
        queryset = queryset.annotate(is_followed=Exists(FairFollow.objects.filter(fair=fair, student=student, employer=OuterRef("employer_id"))))
    return queryset.order_by("booth__code", "id")


def student_tickets(*, student) -> QuerySet[FairTicket]:
    return FairTicket.objects.filter(student=student, is_revoked=False).select_related("fair").order_by("-fair__starts_at")


def student_ticket(*, student, fair: Fair) -> FairTicket | None:
    return FairTicket.objects.filter(student=student, fair=fair, is_revoked=False).first()


def followed_employer_ids(*, student, fair: Fair) -> set[int]:
    return set(FairFollow.objects.filter(fair=fair, student=student).values_list("employer_id", flat=True))


def recruitment_counts(*, fair_id: int) -> dict[str, int]:
    """Resumes delivered and interview invitations at the fair, from the applications app when
    it is installed (0 otherwise)."""
    if not apps.is_installed(APPLICATIONS_APP):
        return {"resumes_delivered": 0, "interview_invitations": 0}
    try:
        from tenant_apps.employment.applications.selectors import fair_counts
    except ImportError:  # installed but not finished yet (it lands in parts)
        return {"resumes_delivered": 0, "interview_invitations": 0}
    counts = fair_counts(fair_id)
    return {"resumes_delivered": int(counts.get("resumes_delivered", 0)), "interview_invitations": int(counts.get("interview_invitations", 0))}


def live_figures(*, fair: Fair) -> dict[str, int]:
    """What the wall shows: employers and students checked in, resumes delivered, interview
    invitations (two indexed counts and the applications app's own)."""
    checked = FairTicket.objects.filter(fair=fair, checked_in_at__isnull=False).values("holder_kind").annotate(n=Count("id"))
    students = next((row["n"] for row in checked if row["holder_kind"] == TicketHolder.STUDENT), 0)
    employers = FairApplication.objects.filter(fair=fair, checked_in_at__isnull=False).count()
    return {"employers_checked_in": employers, "students_checked_in": students,
            "employers_expected": FairApplication.objects.filter(fair=fair, status=ApplicationStatus.APPROVED).count(),
            "tickets": FairTicket.objects.filter(fair=fair, holder_kind=TicketHolder.STUDENT, is_revoked=False).count(),
            **recruitment_counts(fair_id=fair.pk)}


def wall_version(*, fair_id: int) -> int:
    return wall.wall_version(fair_id)


def fair_figures(*, fair: Fair) -> dict[str, int]:
    """One fair's statistics (seed §2.6.4): employers applied and approved, jobs, employers and
    students checked in, resumes delivered, employers that booked and did not come."""
    applications = FairApplication.objects.filter(fair=fair)
    approved = applications.filter(status=ApplicationStatus.APPROVED)
    live = live_figures(fair=fair)
    return {"applied": applications.count(), "approved": approved.count(),
            "jobs": FairApplication.jobs.through.objects.filter(fairapplication__in=approved).values("job_id").distinct().count(),
            "employers_checked_in": live["employers_checked_in"], "students_checked_in": live["students_checked_in"],
            "tickets": live["tickets"], "resumes_delivered": live["resumes_delivered"], "interview_invitations": live["interview_invitations"],
            "no_shows": approved.filter(is_no_show=True).count(), "follows": fair.follows.count()}


def statistics(*, year: int | None = None) -> dict:
    """E21 over all fairs (or one year): fairs held, employers applied and approved, jobs, check-ins
    of employers and students, resumes delivered, no-shows; and one row per fair."""
    fairs = Fair.objects.filter(status=FairStatus.PUBLISHED)
    if year:
        fairs = fairs.filter(starts_at__year=year)
    fairs = fairs.annotate(
        applied=Count("applications", distinct=True),
        approved=Count("applications", filter=Q(applications__status=ApplicationStatus.APPROVED), distinct=True),
        employers_checked_in=Count("applications", filter=Q(applications__checked_in_at__isnull=False), distinct=True),
        no_shows=Count("applications", filter=Q(applications__is_no_show=True), distinct=True),
    ).order_by("-starts_at")
    rows = list(fairs)
    students = dict(FairTicket.objects.filter(fair__in=[f.pk for f in rows], holder_kind=TicketHolder.STUDENT, checked_in_at__isnull=False)
                    .values_list("fair_id").annotate(n=Count("id")).values_list("fair_id", "n"))
    jobs = dict(FairApplication.jobs.through.objects.filter(fairapplication__fair__in=[f.pk for f in rows],
                                                           fairapplication__status=ApplicationStatus.APPROVED)
                .values_list("fairapplication__fair_id").annotate(n=Count("job_id", distinct=True)).values_list("fairapplication__fair_id", "n"))
    for fair in rows:
        fair.students_checked_in = students.get(fair.pk, 0)
        fair.job_count = jobs.get(fair.pk, 0)
        fair.recruitment = recruitment_counts(fair_id=fair.pk)
    totals = {"fairs": len(rows), "applied": sum(f.applied for f in rows), "approved": sum(f.approved for f in rows),
              "jobs": sum(f.job_count for f in rows), "employers_checked_in": sum(f.employers_checked_in for f in rows),
              "students_checked_in": sum(f.students_checked_in for f in rows), "no_shows": sum(f.no_shows for f in rows),
              "resumes_delivered": sum(f.recruitment["resumes_delivered"] for f in rows),
              "interview_invitations": sum(f.recruitment["interview_invitations"] for f in rows)}
    return {"totals": totals, "fairs": rows}
