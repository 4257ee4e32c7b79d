"""Fixtures for job fairs: a published fair with a hall and booth map, approved employers with
jobs, students."""

from __future__ import annotations

import datetime
import itertools

from django.utils import timezone

from tests.tenant_apps.employment_employers.conftest import (  # noqa: F401
    hr_user,
    in_alpha,
    make_approved,
    staff_with,
)

_serial = itertools.count(1)


def make_fair(actor, *, days: float = 10, publish: bool = True, layout: list[tuple[int, int, str]] | None = None, rows: int = 4, columns: int = 6,
              **extra):
    from tenant_apps.employment.fairs.services import (
        fair_publish,
        fair_save,
        hall_layout_save,
        hall_save,
    )

    starts_at = (timezone.now() + datetime.timedelta(days=days)).replace(second=0, microsecond=0)
    fair = fair_save(actor=actor, title=f"秋季双选会{next(_serial)}", location="体育馆", starts_at=starts_at,
                     ends_at=starts_at + datetime.timedelta(hours=7), **extra)
    hall = hall_save(actor=actor, fair=fair, name="一层", code="A", rows=rows, columns=columns)
    cells = layout if layout is not None else [(1, c, "standard") for c in range(1, columns + 1)]
    hall_layout_save(actor=actor, hall=hall, cells=[{"row": r, "column": c, "kind": k} for r, c, k in cells])
    if publish:
        fair = fair_publish(actor=actor, fair=fair)
    return fair


def approved_job(actor, employer, title: str = "软件工程师"):
    from tenant_apps.employment.jobs.models import Job

    return Job.objects.create(employer=employer, title=title, headcount=3, conditions="本科及以上", duties="开发", place_code="110108",
                              place_name="北京市海淀区", salary_min=8000, salary_max=15000, valid_until=timezone.localdate() + datetime.timedelta(days=60),
                              status="approved", approved_at=timezone.now())


def exhibitor(actor, fair, *, industry: str = "I", approve: bool = True, **options):
    """An approved employer (of `industry`) that applied to `fair` with one job; approved by
    `actor` unless approve=False."""
    from tenant_apps.employment.fairs.services import application_apply, application_approve

    employer = make_approved(actor, industry=industry)
    job = approved_job(actor, employer)
    application = application_apply(actor=hr_user(employer), fair=fair, employer=employer, job_ids=[job.pk], **options)
    if approve:
        application = application_approve(actor=actor, application=application)
    return application


def student():
    from tenant_apps.accounts.models import User

    n = next(_serial)
    return User.objects.create_user(username=f"fair-stu{n}", password="Stu-pass-2026", kind="student", display_name=f"学生{n}")
