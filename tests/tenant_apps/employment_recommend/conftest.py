"""Fixtures for recommendation: live jobs with chosen facts, graduates with accounts."""

from __future__ import annotations

import datetime
import itertools

from django.utils import timezone

from tests.tenant_apps.employment_employers.conftest import in_alpha, make_approved, staff_with  # noqa: F401
from tests.tenant_apps.employment_students.conftest import make_cohort  # noqa: F401

_serial = itertools.count(1)


def live_job(employer, **fields):
    """An approved posting with exactly these facts (the review flow is the jobs app's, tested there)."""
    from tenant_apps.employment.jobs.models import Job

    data = {"title": f"职位{next(_serial)}", "kind": "full_time", "headcount": 2, "education": "bachelor", "majors": "", "conditions": "条件",
            "duties": "工作内容", "place_code": "110108", "place_name": "北京市海淀区", "salary_min": 6000, "salary_max": 9000,
            "valid_until": timezone.localdate() + datetime.timedelta(days=30), "status": "approved", "approved_at": timezone.now()}
    data.update(fields)
    return Job.objects.create(employer=employer, **data)
