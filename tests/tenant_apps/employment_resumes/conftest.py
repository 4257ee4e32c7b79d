"""Fixtures for resumes and applications: a student with a graduate record in a class of the
org tree (so data scope applies), a complete resume, a live job (from the jobs' tests)."""

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
COMPLETE = {"objective": "后端开发工程师", "internships": "2025.07-2025.09 某科技公司 开发实习生\n- 编写接口与单元测试",
            "skills": "Python、SQL\nCET-6", "self_assessment": "认真负责，善于合作。"}


def graduate(name: str = "王小明", *, class_name: str = "软工2201", college: str = "计算机学院"):
    """A student account with its graduate record."""
    from tenant_apps.accounts.models import User
    from tenant_apps.employment.students.models import GraduateRecord
    from tenant_apps.employment.students.services import class_unit_ensure

    unit = class_unit_ensure(college=college, major="软件工程", major_code="080902", class_name=class_name)
    n = next(_serial)
    user = User.objects.create_user(username=f"res-stu{n}", password="Stu-pass-2026", kind="student", display_name=name, org_unit=unit)
    GraduateRecord.objects.create(graduation_year=2027, student_number=f"R{n:08d}", name=name, id_number="110105200401010011", gender="1",
                                  ethnicity="01", political_status="03", education="31", major_code="080902", major_name="软件工程",
                                  origin_region="110105", phone=f"139{n:08d}", email=f"s{n}@example.com", org_unit=unit, user=user)
    return User.objects.get(pk=user.pk)


def complete_resume(student, **sections):
    from tenant_apps.employment.resumes.services import resume_create

    return resume_create(actor=student, title="校招简历", sections={**COMPLETE, **sections})


def live_job(actor, **overrides):
    from tenant_apps.employment.jobs.services import job_approve

    return job_approve(actor=actor, job=make_job(make_approved(actor), submit=True, **overrides))


def counsellor(unit_name: str | None = None, *perms):
    """A teacher whose data scope is one class and below (or everything with no unit)."""
    from django.contrib.auth.models import Group

    from tenant_apps.accounts.models import GroupProfile, OrgUnit

    user = staff_with(*(perms or ("employment_resumes.view_resume", "employment_resumes.guide_resume", "employment_applications.view_application")))
    group = Group.objects.create(name=f"scope-{next(_serial)}")
    GroupProfile.objects.create(group=group, data_scope="unit_and_below" if unit_name else "all")
    user.groups.add(group)
    if unit_name:
        user.org_unit = OrgUnit.objects.get(name=unit_name)
        user.save(update_fields=["org_unit"])
    return type(user).objects.get(pk=user.pk)
