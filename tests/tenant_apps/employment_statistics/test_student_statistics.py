"""Student statistics (E21, the student half): imported, bound, logins, verified, filed, resumes,
applications and interview invitations by college and major; page, API, export, scope,
isolation, query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tenants.utils import schema_context

from core.importexport.testing import workbook_rows

pytestmark = pytest.mark.django_db

PAGE, API, EXPORT = "/admin-ui/employment/statistics/students/", "/api/v1/employment/statistics/students/", "/admin-ui/employment/statistics/students/export/"


def _apply(record, employer):
    from tenant_apps.employment.applications.services import application_submit
    from tests.tenant_apps.employment_recommend.conftest import live_job
    from tests.tenant_apps.employment_resumes.conftest import complete_resume

    resume = complete_resume(record.user)
    return application_submit(actor=record.user, job_id=live_job(employer).pk, resume_id=resume.pk)


def test_figures_by_college_and_major(world):
    from tenant_apps.employment.statistics.student_selectors import student_figures

    cs = world["cohort"]
    cs[0].user.last_login = timezone.now()
    cs[0].user.save(update_fields=["last_login"])
    figures = student_figures(actor=world["staff"]["center"], year=2027)
    assert (figures.overall.imported, figures.overall.bound, figures.overall.logged_in, figures.overall.verified) == (6, 6, 1, 6)
    assert {name: (t.imported, t.logged_in) for name, t in figures.by("college")} == {"计算机学院": (4, 1), "外国语学院": (2, 0)}
    assert [name for name, _ in figures.by("major")] == ["外国语学院 / 英语", "计算机学院 / 计算机科学与技术"]
    counsellor = student_figures(actor=world["staff"]["other_counsellor"], year=2027)
    assert counsellor.overall.imported == 2 and set(counsellor.colleges) == {"外国语学院"}
    if figures.has_applications:
        from tests.tenant_apps.employment_employers.conftest import make_approved

        _apply(cs[1], make_approved(world["staff"]["center"]))
        figures = student_figures(actor=world["staff"]["center"], year=2027)
        assert figures.colleges["计算机学院"].applications == 1 and figures.colleges["计算机学院"].resumes == 1


def test_page_api_export_and_query_count(client_a, admin_alpha, world):
    client_a.login_as(admin_alpha)
    client_a.get(PAGE, {"year": 2027})  # warm: session, menus
    with CaptureQueriesContext(connection) as queries:
        page = client_a.get(PAGE, {"year": 2027}).content.decode()
    assert 'data-stat="imported">6<' in page and "计算机学院" in page
    few = len(queries)
    from tests.tenant_apps.employment_students.conftest import make_cohort

    with schema_context("alpha"):
        make_cohort(admin_alpha, 3, college="机械工程学院", class_name="机械2201", major="机械电子工程", 专业代码="080204")
    with CaptureQueriesContext(connection) as queries:
        page = client_a.get(PAGE, {"year": 2027, "by": "major"}).content.decode()
    assert len(queries) == few and "机械工程学院 / 机械电子工程" in page
    body = client_a.get(API, {"year": 2027}).json()
    assert body["overall"]["imported"] == 9 and {row["name"] for row in body["colleges"]} == {"计算机学院", "外国语学院", "机械工程学院"}
    export = client_a.get(EXPORT, {"year": 2027})
    assert export.status_code == 200
    rows = workbook_rows(export.content, sheet="按学院")
    assert rows[0][:3] == ["学院", "入库人数", "已绑定"] and rows[-1][0] == "合计" and rows[-1][1] == 9


def test_permission_and_isolation(client_a, client_b, admin_b, world):
    from tests.tenant_apps.employment_students.conftest import make_staff

    with schema_context("alpha"):
        plain = make_staff("stat_students_plain", "只读访客")
    client_a.login_as(plain)
    for url in (PAGE, API, EXPORT):
        assert client_a.get(url).status_code == 403
    client_b.login_as(admin_b)
    assert client_b.get(API, {"year": 2027}).json()["overall"]["imported"] == 0
    assert "计算机学院" not in client_b.get(PAGE, {"year": 2027}).content.decode()
