"""Fixtures for the chat: a live job of an approved employer, a student, the employer's HR
(employer and job fixtures come from the employers' and jobs' tests)."""

from __future__ import annotations

import itertools

from tests.tenant_apps.employment_jobs.conftest import (  # noqa: F401 - fixtures re-exported
    hr_user,
    in_alpha,
    make_approved,
    make_job,
    staff_with,
)

_serial = itertools.count(1)


def student(name: str = "李同学"):
    from tenant_apps.accounts.models import User

    return User.objects.create_user(username=f"chat-stu{next(_serial)}", password="Stu-pass-2026", kind="student", display_name=name)


def live_job(actor, **overrides):
    from tenant_apps.employment.jobs.services import job_approve

    return job_approve(actor=actor, job=make_job(make_approved(actor), submit=True, **overrides))
