"""Pages and API of info sessions: employer applies and confirms in the portal, teacher assigns
in the back office, student signs up on the H5 and is checked in at the door."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django_tenants.utils import schema_context

from tests.tenant_apps.employment_sessions.conftest import (
    apply,
    at,
    hr_user,
    make_approved,
    make_venue,
    published,
    staff_with,
    student,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(tenant_a, admin_a):
    """The teacher's own browser (client_a is the employer's or the student's)."""
    from tests.conftest import TenantClient

    return TenantClient(tenant_a).login_as(admin_a)


def test_employer_applies_and_confirms_in_the_portal(client_a, staff_client, in_alpha):
    employer = make_approved(in_alpha)
    hall = make_venue(in_alpha)
    client_a.login_as(hr_user(employer))
    response = client_a.post(reverse("employment_portal:session_list"), {
        "title": "门户宣讲会", "expected_audience": "90", "slot1_start": at(8, 14).strftime("%Y-%m-%dT%H:%M"),
        "slot1_end": at(8, 16).strftime("%Y-%m-%dT%H:%M")})
    assert response.status_code == 302
    from tenant_apps.employment.sessions.models import InfoSession

    with schema_context("alpha"):
        session = InfoSession.objects.get(employer=employer)
    detail = reverse("backoffice:employment_sessions:detail", args=[session.pk])
    assert "门户宣讲会" in staff_client.get(detail).content.decode()
    staff_client.post(detail, {"action": "assign", "venue": hall.pk, "session_start": at(8, 14).strftime("%Y-%m-%dT%H:%M"),
                                 "session_end": at(8, 16).strftime("%Y-%m-%dT%H:%M")})
    client_a.post(reverse("employment_portal:session_list"), {"action": "confirm", "session": session.pk})
    with schema_context("alpha"):
        session.refresh_from_db()
        assert session.status == "published" and session.venue == hall


def test_assign_overlap_shows_the_message(admin_client_a, in_alpha):
    from tenant_apps.employment.sessions.services import Slot, session_assign

    hall = make_venue(in_alpha)
    session_assign(actor=in_alpha, session=apply(make_approved(in_alpha)), venue=hall, slot=Slot(at(5, 14), at(5, 16)))
    other = apply(make_approved(in_alpha))
    response = admin_client_a.post(reverse("backoffice:employment_sessions:detail", args=[other.pk]), {
        "action": "assign", "venue": hall.pk, "session_start": at(5, 15).strftime("%Y-%m-%dT%H:%M"), "session_end": at(5, 17).strftime("%Y-%m-%dT%H:%M")})
    assert response.status_code == 409 and "已被占用" in response.content.decode()


def test_student_signs_up_on_h5_and_is_checked_in(client_a, staff_client, in_alpha):
    session = published(in_alpha)
    pupil = student()
    client_a.login_as(pupil)
    assert session.title in client_a.get(reverse("h5:employment_sessions:list")).content.decode()
    assert client_a.get(reverse("h5:employment_sessions:list"), {"view": "month", "day": session.starts_at.date().isoformat()}).status_code == 200
    client_a.post(reverse("h5:employment_sessions:detail", args=[session.pk]))
    page = client_a.get(reverse("h5:employment_sessions:mine")).content.decode()
    assert "入场二维码" in page and "data:image/svg+xml" in page
    from tenant_apps.employment.sessions.services import check_in_code

    with schema_context("alpha"):
        code = check_in_code(session.signups.get(student=pupil))
    result = staff_client.post(reverse("backoffice:employment_sessions:check_in", args=[session.pk]), {"code": code}).content.decode()
    assert "签到成功" in result and "1 / 1" in result
    result = staff_client.post(reverse("backoffice:employment_sessions:check_in", args=[session.pk]), {"code": code}).content.decode()
    assert "重复扫码" in result


@pytest.mark.parametrize(("url_name", "permission"), [("backoffice:employment_sessions:list", "employment_sessions.view_infosession"),
                                                       ("backoffice:employment_sessions:calendar", "employment_sessions.view_infosession"),
                                                       ("backoffice:employment_sessions:venues", "employment_sessions.view_venue")])
def test_permission_matrix(client_a, in_alpha, url_name, permission):
    granted, nobody = staff_with(permission), staff_with()
    client_a.login_as(nobody)
    assert client_a.get(reverse(url_name)).status_code == 403
    client_a.login_as(granted)
    assert client_a.get(reverse(url_name)).status_code == 200


def test_assigning_needs_permission(client_a, in_alpha):
    session = apply(make_approved(in_alpha))
    client_a.login_as(staff_with("employment_sessions.view_infosession"))
    assert client_a.post(reverse("backoffice:employment_sessions:detail", args=[session.pk]), {"action": "decline", "reason": "x"}).status_code == 403


def test_isolation(admin_client_b, client_b, in_alpha):
    session = published(in_alpha)
    assert admin_client_b.get(reverse("backoffice:employment_sessions:detail", args=[session.pk])).status_code == 404
    assert admin_client_b.post(reverse("api:employment_sessions:session-assign", args=[session.pk]), {}, content_type="application/json").status_code == 404
    assert admin_client_b.get(reverse("h5:employment_sessions:detail", args=[session.pk])).status_code == 404
    assert admin_client_b.post(reverse("api:employment_sessions:session-signup", args=[session.pk])).status_code == 404


def test_api_assign_conflict_and_signup(staff_client, client_a, in_alpha):
    hall = make_venue(in_alpha)
    first, second = apply(make_approved(in_alpha)), apply(make_approved(in_alpha))
    body = {"venue_id": hall.pk, "start": at(5, 14).isoformat(), "end": at(5, 16).isoformat()}
    assert staff_client.post(reverse("api:employment_sessions:session-assign", args=[first.pk]), body, content_type="application/json").status_code == 200
    response = staff_client.post(reverse("api:employment_sessions:session-assign", args=[second.pk]), body, content_type="application/json")
    assert response.status_code == 409 and response.json()["code"] == "venue_already_booked"
    with schema_context("alpha"):
        session = published(in_alpha, days=6)
        pupil = student()
    client_a.login_as(pupil)
    assert client_a.post(reverse("api:employment_sessions:session-signup", args=[session.pk])).status_code == 201
    assert client_a.post(reverse("api:employment_sessions:session-signup", args=[session.pk])).status_code == 409
    assert client_a.get(reverse("api:employment_sessions:session-list")).status_code == 403
    assert client_a.get(reverse("api:employment_sessions:session-published")).json()["count"] >= 1
