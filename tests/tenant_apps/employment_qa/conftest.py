"""Fixtures for Q&A and advising: students, teachers, employers' HR, slots."""

from __future__ import annotations

import datetime
import itertools

import pytest
from django.utils import timezone

from tests.tenant_apps.employment_employers.conftest import (  # noqa: F401
    hr_user,
    in_alpha,
    make_approved,
    staff_with,
)

_serial = itertools.count(1)


def student(name: str = "提问同学"):
    from tenant_apps.accounts.models import User

    return User.objects.create_user(username=f"qa-stu{next(_serial)}", password="Stu-pass-2026", kind="student", display_name=name,
                                    phone=f"137{next(_serial):04d}{timezone.now().microsecond % 10000:04d}")


def teacher():
    return staff_with("employment_qa.view_question", "employment_qa.answer_question")


def at(hours: float) -> datetime.datetime:
    return (timezone.now() + datetime.timedelta(hours=hours)).replace(second=0, microsecond=0)


def publish(actor, *, hours: float = 48, count: int = 1, capacity: int = 1, kind: str = "resume_review"):
    from tenant_apps.employment.qa.services import slots_publish

    return slots_publish(actor=actor, advisor=actor, kind=kind, start=at(hours), minutes=30, count=count, capacity=capacity, location="就业指导中心 201")


def past_slot(actor, *, capacity: int = 2):
    """A slot that already started (made directly: the service refuses the past)."""
    from tenant_apps.employment.qa.models import AdvisingSlot

    return AdvisingSlot.objects.create(advisor=actor, kind="career_planning", starts_at=at(-2), ends_at=at(-1.5), capacity=capacity, location="201")


@pytest.fixture
def staff_client(tenant_a, admin_a):
    """The school admin's own browser (client_a is the student's, the HR's or another teacher's)."""
    from tests.conftest import TenantClient

    return TenantClient(tenant_a).login_as(admin_a)
