"""E22 school profile (back office, portal, H5, API) and E11 graduate numbers with small cells."""

from __future__ import annotations

import itertools

import pytest
from django.apps import apps
from django.urls import reverse
from django_tenants.utils import schema_context

from tests.tenant_apps.employment_employers.conftest import (
    hr_user,
    make_approved,
    register,
    staff_with,
)

pytestmark = pytest.mark.django_db
_serial = itertools.count(1)


def test_school_profile_edited_in_back_office_shows_on_portal_and_h5(admin_client_a, client_b, tenant_a, in_alpha):
    response = admin_client_a.post(reverse("backoffice:employment_employers:school"), {
        "introduction": "一所以工科见长的综合性大学。", "featured_majors": "土木工程\n计算机科学与技术", "office_name": "学生就业指导中心",
        "office_phone": "010-12345678", "office_email": "job@alpha.example.cn"})
    assert response.status_code == 302
    from tests.conftest import TenantClient

    anonymous = TenantClient(tenant_a)
    page = anonymous.get(reverse("employment_portal:school")).content.decode()
    assert "以工科见长" in page and "计算机科学与技术" in page and "单位注册" in page
    assert "以工科见长" in admin_client_a.get(reverse("h5:employment_jobs:school")).content.decode()
    assert admin_client_a.get(reverse("api:employment_employers:school-profile")).json()["office_name"] == "学生就业指导中心"
    assert "以工科见长" not in client_b.get(reverse("employment_portal:school")).content.decode()  # beta has its own


def test_school_profile_rejects_bad_email_and_needs_permission(admin_client_a, client_a, in_alpha):
    response = admin_client_a.post(reverse("backoffice:employment_employers:school"), {"office_email": "not-an-email"})
    assert response.status_code == 400
    with schema_context("alpha"):
        viewer = staff_with("employment_employers.view_employer")
    client_a.login_as(viewer)
    assert client_a.get(reverse("backoffice:employment_employers:school")).status_code == 403
    assert client_a.put(reverse("api:employment_employers:school-profile"), {}, content_type="application/json").status_code == 403


def _graduates(college: str, major: str, count: int, education: str = "31"):
    from tenant_apps.accounts.models import OrgUnit

    college_unit, _ = OrgUnit.objects.get_or_create(name=college, parent=None, defaults={"kind": "college"})
    major_unit, _ = OrgUnit.objects.get_or_create(name=major, parent=college_unit, defaults={"kind": "major"})
    klass, _ = OrgUnit.objects.get_or_create(name=f"{major}1班", parent=major_unit, defaults={"kind": "class"})
    record = apps.get_model("employment_students", "GraduateRecord")
    for _ in range(count):
        n = next(_serial)
        record.objects.create(graduation_year=2027, student_number=f"E11{n:06d}", name=f"学生{n}", gender="1", ethnicity="01", political_status="13",
                              education=education, major_code="080901", major_name=major, origin_region="110108", org_unit=klass)


@pytest.mark.skipif(not apps.is_installed("tenant_apps.employment.students"), reason="graduate records (part 1) not installed")
def test_graduate_numbers_hide_small_cells(client_a, in_alpha):
    from tenant_apps.employment.employers.graduates import graduate_numbers

    _graduates("计算机学院", "软件工程", 12)
    _graduates("计算机学院", "人工智能", 3)
    _graduates("计算机学院", "软件工程", 2, education="11")
    year, cells, totals = graduate_numbers()
    shown = {(c.level, c.major): c.shown for c in cells}
    assert year == 2027
    assert shown[("本科", "软件工程")] == "12" and shown[("本科", "人工智能")] == "<5" and shown[("硕士", "软件工程")] == "<5"
    assert totals == {"本科": "15", "硕士": "<5"}
    employer = make_approved(in_alpha)
    client_a.login_as(hr_user(employer))
    page = client_a.get(reverse("employment_portal:graduates")).content.decode()
    assert "人工智能" in page and "&lt;5" in page


def test_pending_employer_does_not_see_graduate_numbers(client_a, in_alpha):
    client_a.login_as(hr_user(register()))
    page = client_a.get(reverse("employment_portal:graduates")).content.decode()
    assert "id=\"graduates\"" not in page and "尚未通过审核" in page
