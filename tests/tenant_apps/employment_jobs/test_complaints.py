"""E10 complaints: students report a false posting; past the school's threshold it is hidden
pending review; the teacher's decision closes or restores it and each complainant is told."""

from __future__ import annotations

import itertools

import pytest
from django.urls import reverse
from django_tenants.utils import schema_context

from core.errors import ApplicationError, Conflict
from tests.tenant_apps.employment_jobs.conftest import make_approved, make_job, staff_with

pytestmark = pytest.mark.django_db
_serial = itertools.count(1)


def _student():
    from tenant_apps.accounts.models import User

    return User.objects.create_user(username=f"c-stu{next(_serial)}", password="Stu-pass-2026", kind="student")


def _live_job(actor):
    from tenant_apps.employment.jobs.services import job_approve

    return job_approve(actor=actor, job=make_job(make_approved(actor), submit=True))


def test_threshold_hides_then_upheld_closes_and_tells_each_complainant(in_alpha):
    from tenant_apps.employment.employers.services import settings_save
    from tenant_apps.employment.jobs.selectors import JobSearch, job_public_search
    from tenant_apps.employment.jobs.services import complaint_create, complaints_resolve

    settings_save(actor=in_alpha, auto_approve_natures=[], auto_approve_white_list=True, auto_approve_jobs=False, complaint_threshold=2)
    job = _live_job(in_alpha)
    first, second = _student(), _student()
    complaint_create(student=first, job=job, reason="fees", details="要求先交培训费")
    job.refresh_from_db()
    assert job.hidden_at is None and job in job_public_search(search=JobSearch())
    with pytest.raises(Conflict):
        complaint_create(student=first, job=job, reason="fees")
    complaint_create(student=second, job=job, reason="fraud")
    job.refresh_from_db()
    assert job.hidden_at is not None and job not in job_public_search(search=JobSearch())
    with pytest.raises(ApplicationError):
        complaints_resolve(actor=in_alpha, job=job, upheld=True, resolution="")
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        assert complaints_resolve(actor=in_alpha, job=job, upheld=True, resolution="已核实收费行为") == 2
    job.refresh_from_db()
    assert job.status == "closed" and "收费" in job.closed_reason
    from tenant_apps.messaging.models import Letter

    assert Letter.objects.filter(user__in=[first, second], title="职位投诉处理结果").count() == 2


def test_dismissed_restores_the_posting(in_alpha):
    from tenant_apps.employment.employers.services import settings_save
    from tenant_apps.employment.jobs.services import complaint_create, complaints_resolve

    settings_save(actor=in_alpha, auto_approve_natures=[], auto_approve_white_list=True, auto_approve_jobs=False, complaint_threshold=1)
    job = _live_job(in_alpha)
    complaint_create(student=_student(), job=job, reason="other")
    job.refresh_from_db()
    assert job.hidden_at is not None
    complaints_resolve(actor=in_alpha, job=job, upheld=False, resolution="经核实信息真实")
    job.refresh_from_db()
    assert job.status == "approved" and job.hidden_at is None


def test_student_reports_on_h5_and_teacher_decides_in_back_office(client_a, admin_client_b, tenant_a, admin_a, in_alpha):
    from tests.conftest import TenantClient

    job = _live_job(in_alpha)
    pupil = _student()
    client_a.login_as(pupil)
    client_a.post(reverse("h5:employment_jobs:detail", args=[job.pk]), {"reason": "false_information", "details": "公司不存在"})
    assert "您已投诉该职位" in client_a.get(reverse("h5:employment_jobs:detail", args=[job.pk])).content.decode()
    teacher = TenantClient(tenant_a).login_as(admin_a)
    assert "公司不存在" in teacher.get(reverse("backoffice:employment_jobs:complaints")).content.decode()
    assert admin_client_b.post(reverse("api:employment_jobs:job-complaints-resolve", args=[job.pk]), {"upheld": True, "resolution": "x"},
                               content_type="application/json").status_code == 404
    teacher.post(reverse("backoffice:employment_jobs:complaints"), {"job": job.pk, "action": "uphold", "resolution": "属实"})
    with schema_context("alpha"):
        job.refresh_from_db()
        assert job.status == "closed"


def test_complaint_api_and_permissions(client_a, in_alpha):
    job = _live_job(in_alpha)
    granted, nobody, pupil = staff_with("employment_jobs.view_jobcomplaint", "employment_jobs.change_jobcomplaint"), staff_with(), _student()
    client_a.login_as(pupil)
    assert client_a.post(reverse("api:employment_jobs:job-complain", args=[job.pk]), {"reason": "fraud"}, content_type="application/json").status_code == 201
    assert client_a.post(reverse("api:employment_jobs:job-complaints-resolve", args=[job.pk]), {"upheld": False, "resolution": "x"},
                         content_type="application/json").status_code == 403
    client_a.login_as(nobody)
    assert client_a.get(reverse("backoffice:employment_jobs:complaints")).status_code == 403
    client_a.login_as(granted)
    assert client_a.get(reverse("backoffice:employment_jobs:complaints")).status_code == 200
    body = client_a.post(reverse("api:employment_jobs:job-complaints-resolve", args=[job.pk]), {"upheld": False, "resolution": "不属实"},
                         content_type="application/json").json()
    assert body == {"resolved": 1, "job_status": "approved"}
