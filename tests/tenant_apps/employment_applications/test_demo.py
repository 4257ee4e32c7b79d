"""The demo seeders (scripts/run): resumes in every state and applications through every stage
for a cohort of 400, within the smoke test's time budget, and idempotent."""

from __future__ import annotations

import time

import pytest

from tests.tenant_apps.employment_applications.conftest import live_job

pytestmark = pytest.mark.django_db


def _cohort(n: int) -> None:
    from tenant_apps.accounts.models import User
    from tenant_apps.employment.students.models import GraduateRecord
    from tenant_apps.employment.students.services import class_unit_ensure

    unit = class_unit_ensure(college="计算机学院", major="软件工程", major_code="080902", class_name="软工演示")
    users = User.objects.bulk_create([User(username=f"demo-res-{i}", kind="student", display_name=f"演示{i}", org_unit=unit, password="!") for i in range(n)])
    GraduateRecord.objects.bulk_create([
        GraduateRecord(graduation_year=2027, student_number=f"D{i:08d}", name=f"演示{i}", id_number="110105200401010011", gender="1", ethnicity="01",
                       political_status="03", education="31", major_code="080902", major_name="软件工程", origin_region="110105",
                       phone="13900000000", email="d@example.com", org_unit=unit, user=user) for i, user in enumerate(users)])


def test_demo_seeders_are_fast_complete_and_idempotent(in_alpha):
    from tenant_apps.employment.applications.demo import seed_demo_applications
    from tenant_apps.employment.applications.models import Application, ApplicationEvent
    from tenant_apps.employment.chat.models import Conversation
    from tenant_apps.employment.resumes.demo import seed_demo_resumes
    from tenant_apps.employment.resumes.models import Resume, ResumeComment

    _cohort(400)
    for _ in range(12):
        live_job(in_alpha)
    start = time.perf_counter()
    seed_demo_resumes("demo", "university")
    seed_demo_applications("demo", "university")
    elapsed = time.perf_counter() - start
    assert elapsed < 5, elapsed
    assert Resume.objects.count() == 400
    assert set(Resume.objects.values_list("status", flat=True)) == {"draft", "complete"}
    assert ResumeComment.objects.filter(addressed_in__isnull=False).exists() and ResumeComment.objects.filter(addressed_in__isnull=True).exists()
    assert set(Application.objects.values_list("status", flat=True)) == {"submitted", "viewed", "interview", "offered", "rejected", "withdrawn",
                                                                        "no_response"}
    assert ApplicationEvent.objects.filter(kind="no_response").count() == Application.objects.filter(status="no_response").count()
    assert Conversation.objects.filter(started_by="employer", application__isnull=False).exists()
    counts = (Resume.objects.count(), Application.objects.count(), ApplicationEvent.objects.count())
    seed_demo_resumes("demo", "university")
    seed_demo_applications("demo", "university")
    assert (Resume.objects.count(), Application.objects.count(), ApplicationEvent.objects.count()) == counts
    print(f"demo seeders: {elapsed:.2f} s for 400 resumes and {counts[1]} applications")
