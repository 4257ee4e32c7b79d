"""Pages and API of recommendation: the student's H5 list with reasons and the switches, the
teachers' intention statistics; isolation, permissions, query counts."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_tenants.utils import schema_context

from tests.tenant_apps.employment_recommend.conftest import (
    live_job,
    make_approved,
    make_cohort,
    staff_with,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def student_with_matches(in_alpha):
    from tenant_apps.employment.recommend.services import intention_save, recommendations_recompute

    record = make_cohort(in_alpha, 1, major="软件工程")[0]
    employer = make_approved(in_alpha, industry="I")
    jobs = [live_job(employer, title=f"Java 开发工程师{i}", majors="软件工程", place_code="330106", place_name="杭州市西湖区") for i in range(5)]
    intention_save(student=record.user, job_kinds=["full_time"], job_types=["Java 开发"], city_codes=["330100"], industries=[], salary_floor=None)
    recommendations_recompute(student_ids=[record.user_id])
    return record, jobs


def test_student_sees_recommendations_with_reasons_linking_to_the_job(client_a, student_with_matches):
    record, jobs = student_with_matches
    client_a.login_as(record.user)
    client_a.get(reverse("h5:employment_recommend:list"))  # warm: session, menus
    with CaptureQueriesContext(connection) as queries:
        page = client_a.get(reverse("h5:employment_recommend:list")).content.decode()
    assert "推荐理由：专业匹配：软件工程；意向职位：Java 开发；意向城市：杭州；求职类型：全职" in page
    assert reverse("h5:employment_jobs:detail", args=[jobs[0].pk]) + "?from=recommend" in page
    few = len(queries)
    with schema_context("alpha"):
        live_job(jobs[0].employer, title="Java 开发工程师X", majors="软件工程", place_code="330106")
        from tenant_apps.employment.recommend.services import recommendations_recompute

        recommendations_recompute(student_ids=[record.user_id])
    with CaptureQueriesContext(connection) as queries:
        client_a.get(reverse("h5:employment_recommend:list"))
    assert len(queries) == few  # one query for the list, whatever its length


def test_student_saves_intentions_and_switches_personalisation_off(client_a, student_with_matches, django_capture_on_commit_callbacks):
    record, jobs = student_with_matches
    client_a.login_as(record.user)
    assert client_a.get(reverse("h5:employment_recommend:intention")).status_code == 200
    response = client_a.post(reverse("h5:employment_recommend:intention"), {"job_kinds": ["full_time"], "job_types": "Java 开发、测试", "city_codes": ["330100", "310000"],
                                                                           "industries": ["I"], "salary_floor": "6000"})
    assert response.status_code == 302
    assert client_a.post(reverse("h5:employment_recommend:intention"), {"city_codes": ["999999"]}).status_code == 400
    client_a.post(reverse("h5:employment_recommend:preferences"), {"setting": "personalised", "enabled": "0"})
    page = client_a.get(reverse("h5:employment_recommend:list")).content.decode()
    assert "个性化推荐已关闭" in page and "推荐理由" not in page and 'id="jobs-by-date"' in page
    assert client_a.get(reverse("api:employment_recommend:recommend-mine")).json()["is_personalised"] is False


def test_api_for_the_student(client_a, student_with_matches):
    record, jobs = student_with_matches
    client_a.login_as(record.user)
    body = client_a.get(reverse("api:employment_recommend:recommend-mine")).json()
    assert body["is_personalised"] and body["results"][0]["reasons"][0] == "专业匹配：软件工程"
    assert client_a.get(reverse("api:employment_recommend:recommend-intention")).json()["city_codes"] == ["330100"]
    response = client_a.put(reverse("api:employment_recommend:recommend-intention"), {"city_codes": ["123"]}, content_type="application/json")
    assert response.status_code == 400 and response.json()["code"] == "invalid_city_code"
    response = client_a.put(reverse("api:employment_recommend:recommend-preferences"), {"wants_daily_push": True}, content_type="application/json")
    assert response.status_code == 200 and response.json()["wants_daily_push"] is True
    assert client_a.get(reverse("api:employment_recommend:recommend-statistics")).status_code == 403
    assert client_a.post(reverse("api:employment_recommend:recommend-recompute")).status_code == 403


def test_teacher_statistics_page_export_and_api(admin_client_a, student_with_matches):
    page = admin_client_a.get(reverse("backoffice:employment_recommend:statistics"), {"year": ""}).content.decode()
    assert "求职意向统计" in page and "杭州" in page
    export = admin_client_a.get(reverse("backoffice:employment_recommend:export"))
    assert export.status_code == 200 and export["Content-Type"].startswith("application/vnd.openxmlformats")
    body = admin_client_a.get(reverse("api:employment_recommend:recommend-statistics")).json()
    assert body["stated"] >= 1 and any(row["name"] == "杭州" for row in body["breakdown"]["意向城市"])
    assert admin_client_a.post(reverse("api:employment_recommend:recommend-recompute")).status_code == 202


@pytest.mark.parametrize(("url_name", "permission"), [("backoffice:employment_recommend:statistics", "employment_recommend.view_intention_statistics"),
                                                       ("backoffice:employment_recommend:export", "employment_recommend.view_intention_statistics")])
def test_permission_matrix(client_a, in_alpha, url_name, permission):
    nobody, granted = staff_with(), staff_with(permission)  # made before any request (a request leaves the connection in public)
    client_a.login_as(nobody)
    assert client_a.get(reverse(url_name)).status_code == 403
    client_a.login_as(granted)
    assert client_a.get(reverse(url_name)).status_code == 200
    assert client_a.post(reverse("backoffice:employment_recommend:recompute")).status_code == 403


def test_isolation(admin_client_b, student_with_matches):
    record, jobs = student_with_matches
    body = admin_client_b.get(reverse("api:employment_recommend:recommend-mine")).json()
    titles = {item["job"]["title"] for item in body["results"]}
    assert not titles & {job.title for job in jobs}
    page = admin_client_b.get(reverse("h5:employment_recommend:list")).content.decode()
    assert jobs[0].title not in page
    assert "杭州" not in admin_client_b.get(reverse("backoffice:employment_recommend:statistics")).content.decode()
    assert admin_client_b.get(reverse("api:employment_recommend:recommend-statistics")).json()["stated"] == 0


def test_reason_tag_for_a_job_page(rf, student_with_matches):
    from django.template import Context, Template

    record, jobs = student_with_matches
    nobody = staff_with()
    request = rf.get("/")
    request.user = record.user
    tag = Template("{% load recommend %}{% recommendation_reason job %}")
    assert "为你推荐的理由：专业匹配：软件工程" in tag.render(Context({"request": request, "job": jobs[0]}))
    request.user = nobody
    assert "推荐的理由" not in tag.render(Context({"request": request, "job": jobs[0]}))
