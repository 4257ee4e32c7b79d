"""Pages: the employer's job form with the live linter, the review in the back office, the
students' H5 search; permissions, isolation, API."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tenants.utils import schema_context

from tests.tenant_apps.employment_jobs.conftest import (
    GOOD_CONDITIONS,
    hr_user,
    make_approved,
    make_job,
    staff_with,
)

pytestmark = pytest.mark.django_db


def _form(**overrides):
    data = {"title": "Python 开发工程师", "kind": "full_time", "headcount": "2", "education": "bachelor", "conditions": GOOD_CONDITIONS,
            "duties": "开发与维护后端服务。", "place_code": "110108", "place_name": "北京市海淀区", "salary_min": "9000", "salary_max": "16000",
            "valid_until": (timezone.localdate() + datetime.timedelta(days=20)).isoformat()}
    data.update(overrides)
    return data


def test_live_lint_explains_each_hit_while_typing(client_a, in_alpha):
    client_a.login_as(hr_user(make_approved(in_alpha)))
    page = client_a.post(reverse("employment_portal:job_lint"), {"conditions": "限男性，985 院校优先"}).content.decode()
    assert "性别限制" in page and "妇女权益保障法" in page and "<mark>限男性</mark>" in page and "985" in page
    page = client_a.post(reverse("employment_portal:job_lint"), {"conditions": GOOD_CONDITIONS}).content.decode()
    assert "未发现歧视性表述" in page


def test_flagged_job_is_refused_then_fixed_and_submitted(client_a, in_alpha):
    employer = make_approved(in_alpha)
    client_a.login_as(hr_user(employer))
    response = client_a.post(reverse("employment_portal:job_add"), _form(conditions="限女性，已婚已育", submit="1"))
    assert response.status_code == 400
    page = response.content.decode()
    assert "反就业歧视" in page and "婚育" in page
    response = client_a.post(reverse("employment_portal:job_add"), _form(submit="1"))
    assert response.status_code == 302
    from tenant_apps.employment.jobs.models import Job

    with schema_context("alpha"):
        job = Job.objects.get(employer=employer)
        assert job.status == "pending"


def test_reviewer_sees_hits_and_approves(admin_client_a, in_alpha):
    employer = make_approved(in_alpha)
    job = make_job(employer, submit=True, conditions="年龄 26 周岁以下。")
    page = admin_client_a.get(reverse("backoffice:employment_jobs:detail", args=[job.pk])).content.decode()
    assert "年龄限制" in page and "第一个职位" in page
    admin_client_a.post(reverse("backoffice:employment_jobs:detail", args=[job.pk]), {"action": "approve"})
    with schema_context("alpha"):
        job.refresh_from_db()
        assert job.status == "approved"
    admin_client_a.post(reverse("backoffice:employment_jobs:detail", args=[job.pk]), {"action": "tags", "tags": "急招，双休"})
    with schema_context("alpha"):
        assert sorted(job.tags.values_list("name", flat=True)) == ["双休", "急招"]


def test_library_page_and_export(admin_client_a, in_alpha):
    make_job(make_approved(in_alpha), submit=True, title="嵌入式工程师")
    page = admin_client_a.get(reverse("backoffice:employment_jobs:list"), {"q": "嵌入式"}).content.decode()
    assert "嵌入式工程师" in page
    response = admin_client_a.post(reverse("backoffice:jobs:export_start", args=["employment_jobs.jobs"]), {"status": "pending"})
    assert response.status_code == 302


def test_student_finds_published_jobs_on_h5(client_a, in_alpha):
    from tenant_apps.accounts.models import User
    from tenant_apps.employment.jobs.services import job_approve

    employer = make_approved(in_alpha, name="启明软件有限公司")
    job = job_approve(actor=in_alpha, job=make_job(employer, submit=True, title="移动开发工程师"))
    hidden = make_job(employer, submit=True, title="待审职位")
    student = User.objects.create_user(username="stu-jobs", password="Stu-pass-2026", kind="student")
    client_a.login_as(student)
    page = client_a.get(reverse("h5:employment_jobs:list"), {"q": "移动开发"}).content.decode()
    assert "移动开发工程师" in page and "待审职位" not in page
    assert client_a.get(reverse("h5:employment_jobs:detail", args=[job.pk])).status_code == 200
    assert client_a.get(reverse("h5:employment_jobs:detail", args=[hidden.pk])).status_code == 404
    assert "启明软件" in client_a.get(reverse("h5:employment_jobs:employer", args=[employer.pk])).content.decode()


def test_employer_cannot_open_another_employers_job(client_a, in_alpha):
    job = make_job(make_approved(in_alpha))
    client_a.login_as(hr_user(make_approved(in_alpha)))
    assert client_a.get(reverse("employment_portal:job_detail", args=[job.pk])).status_code == 404
    assert client_a.post(reverse("employment_portal:job_detail", args=[job.pk]), {"action": "close"}).status_code == 404


@pytest.mark.parametrize(("url_name", "permission"), [("backoffice:employment_jobs:list", "employment_jobs.view_job"),
                                                       ("backoffice:employment_jobs:announcements", "employment_jobs.view_announcement")])
def test_permission_matrix(client_a, in_alpha, url_name, permission):
    granted, nobody = staff_with(permission), staff_with()
    client_a.login_as(nobody)
    assert client_a.get(reverse(url_name)).status_code == 403
    client_a.login_as(granted)
    assert client_a.get(reverse(url_name)).status_code == 200


def test_review_needs_permission(client_a, in_alpha):
    job = make_job(make_approved(in_alpha), submit=True)
    client_a.login_as(staff_with("employment_jobs.view_job"))
    assert client_a.post(reverse("backoffice:employment_jobs:detail", args=[job.pk]), {"action": "approve"}).status_code == 403


def test_isolation_pages_and_api(admin_client_b, in_alpha):
    job = make_job(make_approved(in_alpha), submit=True)
    assert admin_client_b.get(reverse("backoffice:employment_jobs:detail", args=[job.pk])).status_code == 404
    assert admin_client_b.get(reverse("api:employment_jobs:job-detail", args=[job.pk])).status_code == 404
    assert admin_client_b.post(reverse("api:employment_jobs:job-review", args=[job.pk]), {"action": "approve"},
                               content_type="application/json").status_code == 404
    assert admin_client_b.get(reverse("h5:employment_jobs:detail", args=[job.pk])).status_code == 404


def test_api_review_lint_and_public_search(admin_client_a, in_alpha):
    job = make_job(make_approved(in_alpha), submit=True, title="量化研究员")
    hits = admin_client_a.post(reverse("api:employment_jobs:job-lint"), {"conditions": "乙肝携带者勿扰"}, content_type="application/json").json()
    assert hits[0]["rule"] == "hbv" and hits[0]["severity"] == "block"
    body = admin_client_a.post(reverse("api:employment_jobs:job-review", args=[job.pk]), {"action": "approve"}, content_type="application/json").json()
    assert body["status"] == "approved"
    results = admin_client_a.get(reverse("api:employment_jobs:job-public"), {"q": "量化"}).json()["results"]
    assert [row["id"] for row in results] == [job.pk]
    assert admin_client_a.get(reverse("api:employment_jobs:job-list"), {"status": "approved"}).json()["count"] >= 1


def test_api_permissions(client_a, in_alpha):
    job = make_job(make_approved(in_alpha), submit=True)
    client_a.login_as(staff_with())
    assert client_a.get(reverse("api:employment_jobs:job-list")).status_code == 403
    assert client_a.post(reverse("api:employment_jobs:job-review", args=[job.pk]), {"action": "approve"}, content_type="application/json").status_code == 403
    assert client_a.get(reverse("api:employment_jobs:job-public")).status_code == 200


def test_api_announcements(admin_client_a, in_alpha):
    body = {"kind": "public_institution", "title": "事业单位招聘", "body": "详见附件。", "source_name": "市人社局"}
    response = admin_client_a.post(reverse("api:employment_jobs:announcement-list"), body, content_type="application/json")
    assert response.status_code == 201 and response.json()["status"] == "approved"
    assert admin_client_a.get(reverse("api:employment_jobs:announcement-list")).json()["count"] >= 1


def test_portal_home_and_employer_detail_count_postings(client_a, admin_client_b, tenant_a, admin_a, in_alpha):
    from tenant_apps.employment.jobs.services import job_approve
    from tests.conftest import TenantClient

    employer = make_approved(in_alpha)
    job_approve(actor=in_alpha, job=make_job(employer, submit=True))
    make_job(employer, submit=True)
    client_a.login_as(hr_user(employer))
    page = client_a.get(reverse("employment_portal:home")).content.decode()
    assert "在招职位 <b>1</b>" in page and "审核中职位 <b>1</b>" in page
    teacher = TenantClient(tenant_a).login_as(admin_a)
    assert "在招职位" in teacher.get(reverse("backoffice:employment_employers:detail", args=[employer.pk])).content.decode()
