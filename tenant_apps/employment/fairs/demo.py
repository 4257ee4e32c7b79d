"""Demo fairs: one upcoming fair (two halls with standard, premium and accessible booths,
applications in every state, booths assigned by the real planner, students' tickets) and one
past fair with its figures (check-ins of employers and students, no-shows). Idempotent, bulk
inserts, tickets signed by the real kernel."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

DEMO_SCHEMA = "demo"
UPCOMING_TITLE = "2027 届毕业生秋季大型双选会"
PAST_TITLE = "2026 届毕业生春季双选会"


def _layout(hall, booth_model, fair, rows: int, columns: int, premium_rows: set[int], accessible: set[tuple[int, int]]) -> list:
    booths, number = [], 0
    for row in range(1, rows + 1):
        if row % 3 == 0:  # an aisle every third row
            continue
        for column in range(1, columns + 1):
            number += 1
            kind = "accessible" if (row, column) in accessible else "premium" if row in premium_rows else "standard"
            booths.append(booth_model(fair=fair, hall=hall, row=row, column=column, kind=kind, code=f"{hall.code}{number:02d}"))
    return booths


def seed_demo_fairs(schema_name: str, tenant_type: str) -> None:
    if schema_name != DEMO_SCHEMA or tenant_type != "university":
        return
    from tenant_apps.employment.fairs.models import Fair

    if Fair.objects.exists():
        return
    from tenant_apps.employment.employers.models import Employer

    employers = list(Employer.objects.filter(status="approved", can_join_fairs=True).order_by("id")[:70])
    if len(employers) < 10:
        return
    with transaction.atomic():
        _seed(employers)


def _seed(employers) -> None:
    from core.tickets.models import TicketScan
    from core.tickets.services import new_serial, ticket_issue
    from tenant_apps.accounts.models import User
    from tenant_apps.employment.fairs import assignment
    from tenant_apps.employment.fairs.models import (
        Booth,
        Fair,
        FairApplication,
        FairFollow,
        FairHall,
        FairTicket,
    )
    from tenant_apps.employment.jobs.models import Job

    now = timezone.now()
    today = timezone.localtime().replace(hour=9, minute=0, second=0, microsecond=0)
    upcoming = Fair.objects.create(title=UPCOMING_TITLE, location="体育馆主馆及副馆", status="published", published_at=now,
                                   description="面向 2027 届本科生、研究生，预计 70 家单位、2000 余个岗位。请提前在“我的双选会门票”领取电子门票。",
                                   starts_at=today + datetime.timedelta(days=12), ends_at=today + datetime.timedelta(days=12, hours=7),
                                   applications_close_at=today + datetime.timedelta(days=9), student_capacity=3000)
    past = Fair.objects.create(title=PAST_TITLE, location="体育馆主馆", status="published", published_at=now - datetime.timedelta(days=120),
                               starts_at=today - datetime.timedelta(days=90), ends_at=today - datetime.timedelta(days=90, hours=-6),
                               no_shows_recorded_at=today - datetime.timedelta(days=89))
    halls = [FairHall.objects.create(fair=upcoming, name="主馆", code="A", rows=8, columns=10, position=0),
             FairHall.objects.create(fair=upcoming, name="副馆", code="B", rows=5, columns=8, position=1),
             FairHall.objects.create(fair=past, name="主馆", code="A", rows=6, columns=10, position=0)]
    booths = (_layout(halls[0], Booth, upcoming, 8, 10, {1}, {(8, 1), (8, 2)}) + _layout(halls[1], Booth, upcoming, 5, 8, set(), {(1, 1)})
              + _layout(halls[2], Booth, past, 6, 10, {1}, {(2, 1)}))
    Booth.objects.bulk_create(booths)

    jobs_by_employer: dict[int, list[int]] = {}
    for job_id, employer_id in Job.objects.filter(employer__in=employers, status="approved").values_list("pk", "employer_id"):
        jobs_by_employer.setdefault(employer_id, []).append(job_id)
    statuses = ["approved"] * 7 + ["pending", "pending", "declined"]
    applications = []
    for i, employer in enumerate(employers[:60]):
        status = statuses[i % len(statuses)]
        applications.append(FairApplication(fair=upcoming, employer=employer, status=status, wants_premium=i % 6 == 0, needs_accessible=i % 23 == 5,
                                            staff_count=2, decline_reason="本场名额已满，欢迎报名下一场" if status == "declined" else "",
                                            reviewed_at=now if status != "pending" else None))
    past_applications = [FairApplication(fair=past, employer=employer, status="approved", staff_count=2, wants_premium=i % 8 == 0,
                                         reviewed_at=now - datetime.timedelta(days=100)) for i, employer in enumerate(employers[10:60])]
    FairApplication.objects.bulk_create(applications + past_applications)
    links = [FairApplication.jobs.through(fairapplication_id=a.pk, job_id=job_id)
             for a in applications + past_applications for job_id in jobs_by_employer.get(a.employer_id, [])[:3]]
    FairApplication.jobs.through.objects.bulk_create(links)

    # booths of the upcoming fair by the real planner
    approved = [a for a in applications if a.status == "approved"]
    spots = [assignment.BoothSpot(id=b.pk, kind=b.kind, order=(b.hall.position, b.hall_id, b.row, b.column)) for b in booths if b.fair_id == upcoming.pk]
    candidates = [assignment.Candidate(id=a.pk, industry=a.employer.industry, wants_premium=a.wants_premium, needs_accessible=a.needs_accessible,
                                       applied_order=(now, a.pk)) for a in approved]
    plan = assignment.plan_booths(spots, candidates)
    for application in approved:
        application.booth_id = plan.placements.get(application.pk)
    past_spots = [b for b in booths if b.fair_id == past.pk and b.kind != "premium"]
    for application, booth in zip(past_applications, past_spots, strict=False):
        application.booth_id = booth.pk
    # the past fair: 44 employers came, 6 booked and did not
    for i, application in enumerate(past_applications):
        application.checked_in_at = past.starts_at + datetime.timedelta(minutes=10 + i)
        application.is_no_show = i % 8 == 7
        if application.is_no_show:
            application.checked_in_at = None
    FairApplication.objects.bulk_update(approved + past_applications, ["booth", "checked_in_at", "is_no_show"])

    students = list(User.objects.filter(kind="student").order_by("id").values_list("pk", flat=True)[:400])
    tickets, scans = [], []
    for fair, chosen, came in ((upcoming, students[:120], False), (past, students, True)):
        for i, student_id in enumerate(chosen):
            serial = new_serial()
            checked = fair.starts_at + datetime.timedelta(minutes=i % 240) if came and i % 5 else None
            tickets.append(FairTicket(fair=fair, holder_kind="student", student_id=student_id, serial=serial, code="", checked_in_at=checked))
    for application in [a for a in approved + past_applications]:
        fair = upcoming if application.fair_id == upcoming.pk else past
        for _ in range(application.staff_count):
            tickets.append(FairTicket(fair=fair, holder_kind="employer_staff", application=application, serial=new_serial(), code="",
                                      checked_in_at=application.checked_in_at if fair is past else None))
    FairTicket.objects.bulk_create(tickets)
    for ticket in tickets:
        scope = f"employment_fairs:{ticket.fair_id}"
        ticket.code = ticket_issue(scope=scope, subject=ticket.pk, serial=ticket.serial).code
        if ticket.checked_in_at:
            scans.append(TicketScan(scope=scope, nonce=f"demo-{ticket.serial}", serial=ticket.serial, subject=str(ticket.pk), device="demo-door",
                                    scanned_at=ticket.checked_in_at, device_status="admitted", status="admitted"))
    FairTicket.objects.bulk_update(tickets, ["code"], batch_size=500)
    TicketScan.objects.bulk_create(scans, batch_size=500)
    follows = [FairFollow(fair=upcoming, student_id=student_id, employer_id=approved[(i * 7) % len(approved)].employer_id)
               for i, student_id in enumerate(students[:80])] if approved else []
    FairFollow.objects.bulk_create(follows, ignore_conflicts=True)
