"""The shared employer risk in the staff employer API: list and detail carry "flagged by N
schools for <category>" as the back-office review page shows it, never which schools, the
current school not counted; the list looks the whole page up in one query."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_tenants.utils import schema_context

from tests.tenant_apps.employment_employers.conftest import (
    make_approved,
    new_credit_code,
    staff_with,
)

pytestmark = pytest.mark.django_db


def _flag(schema: str, code: str, category: str) -> None:
    from core.employer_risk import risk_share

    with schema_context(schema):
        risk_share(credit_code=code, category=category)


def test_detail_and_list_show_other_schools_flags(tenant_a, tenant_b, tenant_bureau, admin_a, admin_client_a):
    code = new_credit_code()
    with schema_context("alpha"):
        employer = make_approved(admin_a, credit_code=code)
        clean = make_approved(admin_a)
    _flag("beta", code, "fraud")
    _flag("bureau", code, "fraud")
    _flag("alpha", code, "wages")  # the school's own flag is not "another school"
    detail = admin_client_a.get(reverse("api:employment_employers:employer-detail", args=[employer.pk])).json()
    assert detail["shared_risks"] == [{"category": "fraud", "label": "虚假招聘或诈骗", "schools": 2, "text": "被 2 所学校标记：虚假招聘或诈骗"}]
    assert "beta" not in str(detail) and "bureau" not in str(detail)
    rows = {row["id"]: row for row in admin_client_a.get(reverse("api:employment_employers:employer-list"), {"page_size": 100}).json()["results"]}
    assert rows[employer.pk]["shared_risks"][0]["schools"] == 2
    assert rows[clean.pk]["shared_risks"] == []


def test_list_looks_up_the_page_in_one_query(tenant_a, tenant_b, admin_a, admin_client_a):
    url = reverse("api:employment_employers:employer-list")

    def queries() -> tuple[int, int]:
        admin_client_a.get(url)  # warm caches (permissions, session)
        with CaptureQueriesContext(connection) as captured:
            body = admin_client_a.get(url, {"page_size": 100}).json()
        return len(captured), sum(1 for row in body["results"] if row["shared_risks"])

    with schema_context("alpha"):
        codes = [make_approved(admin_a).credit_code for _ in range(2)]
    for code in codes:
        _flag("beta", code, "fees")
    few, flagged_few = queries()
    with schema_context("alpha"):
        more = [make_approved(admin_a).credit_code for _ in range(5)]
    for code in more:
        _flag("beta", code, "other")
    many, flagged_many = queries()
    assert flagged_many == flagged_few + 5
    assert many == few
    with CaptureQueriesContext(connection) as captured:
        admin_client_a.get(url, {"page_size": 100})
    assert sum("employer_risk_sharedrisksignal" in q["sql"] for q in captured.captured_queries) == 1


def test_permission_and_isolation(tenant_a, tenant_b, admin_a, client_a, admin_client_b):
    code = new_credit_code()
    with schema_context("alpha"):
        employer = make_approved(admin_a, credit_code=code)
        nobody = staff_with()
    _flag("beta", code, "fraud")
    client_a.login_as(nobody)
    assert client_a.get(reverse("api:employment_employers:employer-detail", args=[employer.pk])).status_code == 403
    assert client_a.get(reverse("api:employment_employers:employer-list")).status_code == 403
    # beta flagged the code, but alpha's employer record is not beta's to see
    assert admin_client_b.get(reverse("api:employment_employers:employer-detail", args=[employer.pk])).status_code == 404
