"""Fixtures for jobs: a posting from an approved employer (employer fixtures come from the
employer registry's tests)."""

from __future__ import annotations

import datetime
import itertools

from django.utils import timezone

from tests.tenant_apps.employment_employers.conftest import (  # noqa: F401 - fixtures re-exported
    hr_user,
    in_alpha,
    make_approved,
    register,
    staff_with,
)

_serial = itertools.count(1)
GOOD_CONDITIONS = "本科及以上学历，计算机相关专业，熟悉 Python 或 Java，具备良好的沟通能力。"


def job_data(**overrides):
    from tenant_apps.employment.jobs.services import JobInput

    data = {"title": f"软件工程师{next(_serial)}", "kind": "full_time", "headcount": 3, "conditions": GOOD_CONDITIONS,
            "duties": "参与后端服务开发与维护。", "place_code": "110108", "place_name": "北京市海淀区", "salary_min": 8000, "salary_max": 15000,
            "valid_until": timezone.localdate() + datetime.timedelta(days=30)}
    data.update(overrides)
    return JobInput(**data)


def make_job(employer, *, submit: bool = False, **overrides):
    from tenant_apps.employment.jobs.services import job_save, job_submit

    actor = hr_user(employer)
    job = job_save(actor=actor, employer=employer, data=job_data(**overrides))
    return job_submit(actor=actor, job=job) if submit else job
