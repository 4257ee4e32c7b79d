"""毕业去向落实率 against a hand-computed cohort, the local 签约率, breakdowns, figures as of a
date from the ledger, data scope, page, API, Excel export, isolation."""

import datetime

import pytest
from django.db import connection
from django_tenants.utils import schema_context

from core.importexport.testing import workbook_rows
from tests.tenant_apps.employment_destinations.conftest import approve_all, file_and_submit

pytestmark = pytest.mark.django_db


def _input(category, **values):
    from tenant_apps.employment.destinations.services import DestinationInput

    base = {"employer_name": "北京某某科技有限公司", "employer_credit_code": "91110000600037341L", "employer_region": "110108", "job_title": "工程师",
            "contract_start": "2027-07-01", "contract_end": "2030-06-30", "monthly_pay": "6000", "admitting_school": "北京大学", "sub_code": "",
            "country": "英国"}
    base.update(values)
    return DestinationInput(category=category, values=base)


@pytest.fixture
def cohort_with_destinations(world):
    """Computer college class (4) + English class (2): by hand, 10 + 11 + 80 approved, 70 approved,
    one 12 still at the counsellor, one nothing. Placed 3 of 6 = 50 %, signed 2 of 6 = 33.33 %."""
    staff = world["staff"]
    cs, en = world["cohort"], world["others"]
    approve_all(file_and_submit(cs[0], data=_input("10")), staff)
    approve_all(file_and_submit(cs[1], data=_input("11")), staff)
    file_and_submit(cs[2], data=_input("12"))
    approve_all(file_and_submit(en[0], data=_input("80", sub_code="801")), {**staff, "counsellor": staff["other_counsellor"]})
    approve_all(file_and_submit(en[1], data=_input("70"), files=[]), {**staff, "counsellor": staff["other_counsellor"]})
    return world


def test_rates_match_the_hand_computed_cohort(cohort_with_destinations):
    from tenant_apps.employment.statistics.selectors import cohort_figures

    figures = cohort_figures(actor=cohort_with_destinations["staff"]["center"], year=2027)
    overall = figures.overall
    assert (overall.total, overall.placed, overall.signed) == (6, 3, 2)
    assert (overall.placement_rate, overall.signing_rate) == (50.0, 33.33)
    assert (overall.verified, overall.filed, overall.approved) == (6, 5, 4)
    assert figures.categories["10"] == 1 and figures.categories["70"] == 1 and figures.categories["12"] == 0
    colleges = dict(figures.breakdown("college"))
    assert (colleges["计算机学院"].placed, colleges["计算机学院"].total) == (2, 4)
    assert colleges["外国语学院"].placement_rate == 50.0
    assert dict(figures.breakdown("level"))["本科"].total == 6
    assert "北京" in dict(figures.breakdown("origin"))


def test_counsellor_sees_only_their_class(cohort_with_destinations):
    from tenant_apps.employment.statistics.selectors import cohort_figures

    figures = cohort_figures(actor=cohort_with_destinations["staff"]["other_counsellor"], year=2027)
    assert (figures.overall.total, figures.overall.placed) == (2, 1)
    assert set(dict(figures.breakdown("college"))) == {"外国语学院"}


def test_as_of_figures_do_not_drift_when_later_changes_arrive(world, admin_alpha):
    from tenant_apps.employment.destinations.services import destination_confirm, dispute_resolve
    from tenant_apps.employment.statistics.selectors import cohort_figures
    from tests.tenant_apps.employment_students.conftest import make_cohort, verify

    staff, cs = world["staff"], world["cohort"]
    first = approve_all(file_and_submit(cs[0], data=_input("10")), staff)
    approve_all(file_and_submit(cs[1], data=_input("11")), staff)
    with connection.cursor() as cursor:  # the cohort was imported and verified fifteen days ago, these approvals ten days ago
        cursor.execute("UPDATE employment_students_graduaterecord SET created_at = created_at - interval '15 days', verified_at = verified_at - interval '15 days'")
        cursor.execute("UPDATE employment_destinations_ledgerentry SET created_at = created_at - interval '10 days'")
    today = datetime.date.today()
    frozen_date = today - datetime.timedelta(days=5)
    frozen_before = cohort_figures(actor=staff["center"], year=2027, as_of=frozen_date)
    # later: a dispute upheld, a graduate added by a late import and verified
    destination_confirm(token=first.confirmation_token, agree=False, text="没有签约")
    dispute_resolve(actor=staff["center"], destination=first, uphold=True, resolution="核实未签")
    late = make_cohort(admin_alpha, 1)[0]
    verify(late, staff["center"])
    after = cohort_figures(actor=staff["center"], year=2027)
    frozen = cohort_figures(actor=staff["center"], year=2027, as_of=frozen_date)
    before = cohort_figures(actor=staff["center"], year=2027, as_of=today - datetime.timedelta(days=20))
    assert (after.overall.total, after.overall.placed, after.overall.verified) == (7, 1, 7)
    assert frozen.overall.placed == 2 and frozen.overall.placement_rate == round(100 * 2 / 6, 2)
    assert (frozen.overall.total, frozen.overall.verified, frozen.overall.filed) == (6, 6, 2)
    assert frozen.overall == frozen_before.overall and frozen.by["college"] == frozen_before.by["college"]
    assert before.overall.total == 0 and before.overall.placed == 0 and before.overall.filed == 0
    today_figures = cohort_figures(actor=staff["center"], year=2027, as_of=today)
    assert (today_figures.overall.total, today_figures.overall.placed) == (7, 1)


def test_dashboard_page_api_and_export(client_a, cohort_with_destinations):
    center = cohort_with_destinations["staff"]["center"]
    client_a.login_as(center)
    page = client_a.get("/admin-ui/employment/statistics/?year=2027&by=gender")
    html = page.content.decode()
    assert page.status_code == 200 and 'data-stat="placement-rate">50.0%' in html and "echarts" in html and "本校口径" in html
    assert client_a.get("/admin-ui/employment/statistics/?year=2027&as_of=2020-01-01").status_code == 200
    data = client_a.get("/api/v1/employment/statistics/?year=2027").json()
    assert data["overall"]["placement_rate"] == 50.0 and {r["name"] for r in data["breakdown"]["college"]} == {"计算机学院", "外国语学院"}
    rows = workbook_rows(client_a.get("/admin-ui/employment/statistics/export/?year=2027").content, "总览")
    assert rows[3][0] == "全部" and rows[3][3] == 50.0


def test_permission_and_isolation(client_a, client_b, admin_b, cohort_with_destinations):
    from tests.tenant_apps.employment_students.conftest import make_staff

    with schema_context("alpha"):
        plain = make_staff("stat_plain", "只读访客")
    client_a.login_as(plain)
    assert client_a.get("/admin-ui/employment/statistics/").status_code == 403
    assert client_a.get("/api/v1/employment/statistics/").status_code == 403
    client_b.login_as(admin_b)
    assert client_b.get("/api/v1/employment/statistics/?year=2027").json()["overall"]["total"] == 0


STATISTICS_PAGES = ["/admin-ui/employment/statistics/", "/admin-ui/employment/statistics/export/", "/admin-ui/employment/statistics/students/",
                    "/api/v1/employment/statistics/"]


@pytest.mark.parametrize("who", ["center", "college", "counsellor"])
def test_every_review_level_reaches_the_statistics(client_a, cohort_with_destinations, who):
    client_a.login_as(cohort_with_destinations["staff"][who])
    assert [client_a.get(page).status_code for page in STATISTICS_PAGES] == [200] * 4


def test_dashboard_and_api_respect_the_counsellors_scope(client_a, cohort_with_destinations):
    staff, cs = cohort_with_destinations["staff"], cohort_with_destinations["cohort"]
    client_a.login_as(staff["other_counsellor"])
    data = client_a.get("/api/v1/employment/statistics/?year=2027").json()
    assert (data["overall"]["total"], data["overall"]["placed"]) == (2, 1)
    assert {r["name"] for r in data["breakdown"]["class"]} == {"英语2201"}
    # asking for a unit outside the scope gives nothing, not that unit's figures
    outside = client_a.get(f"/api/v1/employment/statistics/?year=2027&unit={cs[0].org_unit.parent.parent_id}").json()
    assert outside["overall"]["total"] == 0
    page = client_a.get("/admin-ui/employment/statistics/?year=2027").content.decode()
    assert 'data-stat="placement-rate">50.0%' in page and "计算机学院" not in page
    client_a.login_as(staff["college"])  # the computer college's dashboard: 2 of 4 placed
    page = client_a.get(f"/admin-ui/employment/statistics/?year=2027&unit={cs[0].org_unit.parent.parent_id}").content.decode()
    assert 'data-stat="placement-rate">50.0%' in page and "外国语学院" not in page
