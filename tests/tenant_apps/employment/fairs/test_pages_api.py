"""Pages and API of job fairs, for staff, employers and students: happy paths, the permission
matrix, another tenant's users (404), query counts on list pages, the wall's event stream."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django_tenants.utils import schema_context

from tests.tenant_apps.employment.fairs.conftest import (
    approved_job,
    exhibitor,
    hr_user,
    make_approved,
    make_fair,
    staff_with,
    student,
)

pytestmark = pytest.mark.django_db
VIEW = "employment_fairs.view_fair"


@pytest.fixture
def staff_client(tenant_a, admin_a):
    from tests.conftest import TenantClient

    return TenantClient(tenant_a).login_as(admin_a)


def test_staff_creates_a_fair_draws_booths_reviews_and_assigns(staff_client, in_alpha):
    response = staff_client.post(reverse("backoffice:employment_fairs:list"), {
        "title": "页面双选会", "location": "体育馆", "starts_at": "2030-05-20T09:00", "ends_at": "2030-05-20T16:00", "student_capacity": "0"})
    assert response.status_code == 302
    from tenant_apps.employment.fairs.models import Fair

    with schema_context("alpha"):
        fair = Fair.objects.get(title="页面双选会")
    detail = reverse("backoffice:employment_fairs:detail", args=[fair.pk])
    assert staff_client.post(detail, {"action": "publish"}).status_code == 302  # refused: no booths yet (message)
    staff_client.post(detail, {"action": "hall", "name": "主馆", "code": "a", "rows": "3", "columns": "4"})
    with schema_context("alpha"):
        hall = fair.halls.get()
    layout = reverse("api:employment_fairs:fair-hall-layout", args=[fair.pk, hall.pk])
    cells = [{"row": 1, "column": c, "kind": "standard"} for c in range(1, 5)] + [{"row": 2, "column": 1, "kind": "premium"},
                                                                                   {"row": 2, "column": 2, "kind": "accessible"}]
    response = staff_client.put(layout, {"cells": cells}, content_type="application/json")
    assert response.status_code == 200 and [b["code"] for b in response.json()["booths"]] == ["A01", "A02", "A03", "A04", "A05", "A06"]
    staff_client.post(detail, {"action": "publish"})
    with schema_context("alpha"):
        fair.refresh_from_db()
        assert fair.status == "published"
        pending = exhibitor(in_alpha, fair, approve=False, wants_premium=True)
        other = exhibitor(in_alpha, fair, approve=False)
        pending_name = pending.employer.name
    staff_client.post(detail, {"action": "approve", "application": pending.pk})
    staff_client.post(detail, {"action": "decline", "application": other.pk, "reason": "材料不全"})
    page = staff_client.get(detail).content.decode()
    assert "材料不全" in page and pending_name in page
    response = staff_client.post(reverse("api:employment_fairs:fair-auto-assign", args=[fair.pk]))
    assert response.json() == {"placed": 1, "unplaced": {}}
    with schema_context("alpha"):
        pending.refresh_from_db()
        assert pending.booth.kind == "premium"
        booth = fair.booths.get(code="A01")
    response = staff_client.post(reverse("api:employment_fairs:fair-booth-assign", args=[fair.pk, pending.pk]), {"booth_id": booth.pk},
                                 content_type="application/json")
    assert response.status_code == 200 and response.json()["booth_code"] == "A01" and response.json()["booth_pinned"]
    map_page = staff_client.get(reverse("backoffice:employment_fairs:map", args=[fair.pk])).content.decode()
    assert 'data-booth="' in map_page and pending_name in map_page and "boothmap.js" in map_page
    assert staff_client.get(reverse("backoffice:employment_fairs:wall", args=[fair.pk])).status_code == 200
    assert staff_client.get(reverse("backoffice:employment_fairs:statistics")).status_code == 200


def test_employer_applies_in_the_portal_and_sees_its_tickets(client_a, in_alpha):
    fair = make_fair(in_alpha)
    employer = make_approved(in_alpha)
    job = approved_job(in_alpha, employer, title="门户职位")
    hr = hr_user(employer)
    client_a.login_as(hr)
    page = client_a.get(reverse("employment_portal:fair_list")).content.decode()
    assert fair.title in page and "门户职位" in page
    response = client_a.post(reverse("employment_portal:fair_list"), {"fair": fair.pk, "jobs": [job.pk], "needs_accessible": "1", "staff_count": "2"})
    assert response.status_code == 302
    from tenant_apps.employment.fairs.services import application_approve

    with schema_context("alpha"):
        application = employer.fair_applications.get()
        assert application.needs_accessible
        application_approve(actor=in_alpha, application=application)
    page = client_a.get(reverse("employment_portal:fair_list")).content.decode()
    assert page.count('alt="工作人员电子票') == 2 and "data:image/svg+xml" in page
    api = client_a.get(reverse("api:employment_fairs:fair-employer-applications")).json()
    assert api["count"] == 1 and len(api["results"][0]["tickets"]) == 2 and api["results"][0]["tickets"][0]["code"].startswith("TK1.")
    response = client_a.post(reverse("api:employment_fairs:fair-employer-withdraw", args=[application.pk]))
    assert response.status_code == 200 and response.json()["status"] == "withdrawn"


def test_employer_api_apply(client_a, in_alpha):
    fair = make_fair(in_alpha)
    employer = make_approved(in_alpha)
    job = approved_job(in_alpha, employer)
    client_a.login_as(hr_user(employer))
    assert client_a.get(reverse("api:employment_fairs:fair-employer-open")).json()["count"] >= 1
    body = {"fair_id": fair.pk, "job_ids": [job.pk], "wants_premium": True}
    response = client_a.post(reverse("api:employment_fairs:fair-employer-applications"), body, content_type="application/json")
    assert response.status_code == 201 and response.json()["wants_premium"] is True
    again = client_a.post(reverse("api:employment_fairs:fair-employer-applications"), body, content_type="application/json")
    assert again.status_code == 409 and again.json()["code"] == "already_applied"
    # a student is not an employer
    with schema_context("alpha"):
        pupil = student()
    client_a.login_as(pupil)
    assert client_a.get(reverse("api:employment_fairs:fair-employer-applications")).status_code == 403
    assert client_a.get(reverse("employment_portal:fair_list")).status_code == 302  # to the portal login


def test_student_takes_a_ticket_searches_and_follows(client_a, in_alpha):
    fair = make_fair(in_alpha)
    shown = exhibitor(in_alpha, fair)
    pupil = student()
    client_a.login_as(pupil)
    assert fair.title in client_a.get(reverse("h5:employment_fairs:list")).content.decode()
    detail = reverse("h5:employment_fairs:detail", args=[fair.pk])
    page = client_a.get(detail, {"q": "软件"}).content.decode()
    assert shown.employer.name in page and "领取电子门票" in page
    client_a.post(detail, {"action": "follow", "employer": shown.employer_id})
    assert client_a.get(detail, {"following": "1"}).content.decode().count("已关注") == 1
    assert client_a.post(detail, {"action": "ticket"}).status_code == 302
    tickets = client_a.get(reverse("h5:employment_fairs:tickets")).content.decode()
    assert "电子门票二维码" in tickets and "data:image/svg+xml" in tickets
    api = client_a.get(reverse("api:employment_fairs:fair-my-tickets")).json()
    assert api["count"] == 1 and api["results"][0]["code"].startswith("TK1.")
    exhibitors = client_a.get(reverse("api:employment_fairs:fair-exhibitors", args=[fair.pk]), {"q": shown.employer.name}).json()
    assert exhibitors["results"][0]["is_followed"] is True and exhibitors["results"][0]["jobs"][0]["title"] == "软件工程师"
    follow = client_a.post(reverse("api:employment_fairs:fair-follow", args=[fair.pk]), {"employer_id": shown.employer_id, "following": False},
                           content_type="application/json")
    assert follow.json() == {"employer_id": shown.employer_id, "following": False}
    assert client_a.delete(reverse("api:employment_fairs:fair-ticket", args=[fair.pk])).status_code == 204
    assert client_a.post(reverse("api:employment_fairs:fair-ticket", args=[fair.pk])).status_code == 201
    assert client_a.get(reverse("api:employment_fairs:fair-published")).json()["count"] >= 1
    # a student has no staff rights
    assert client_a.get(reverse("api:employment_fairs:fair-list")).status_code == 403
    assert client_a.get(reverse("h5:employment_fairs:door", args=[fair.pk])).status_code == 403


def test_door_page_and_api_check_in(client_a, in_alpha):
    from tenant_apps.employment.fairs.services import ticket_claim

    fair = make_fair(in_alpha, days=0.01)
    ticket = ticket_claim(student=student(), fair=fair)
    door_keeper = staff_with("employment_fairs.check_in_fair")
    client_a.login_as(door_keeper)
    page = client_a.get(reverse("h5:employment_fairs:door", args=[fair.pk])).content.decode()
    assert "core/tickets/door.js" in page and f'data-scope="{fair.ticket_scope}"' in page
    bundle = client_a.get(reverse("api:employment_fairs:fair-door-bundle", args=[fair.pk])).json()
    assert bundle["scope"] == fair.ticket_scope and bundle["keys"]
    scans = {"device": "door-x", "scans": [{"code": ticket.code, "nonce": "api-1", "scanned_at": "2026-12-06T09:00:00+08:00"},
                                           {"code": ticket.code, "nonce": "api-2", "scanned_at": "2026-12-06T09:01:00+08:00"}]}
    results = client_a.post(reverse("api:employment_fairs:fair-door-scans", args=[fair.pk]), scans, content_type="application/json").json()["results"]
    assert [r["status"] for r in results] == ["admitted", "duplicate"]
    assert client_a.get(reverse("api:employment_fairs:fair-live", args=[fair.pk])).status_code == 403  # view_fair not granted
    with schema_context("alpha"):
        viewer = staff_with(VIEW)
    client_a.login_as(viewer)
    assert client_a.get(reverse("api:employment_fairs:fair-live", args=[fair.pk])).json()["students_checked_in"] == 1
    assert client_a.post(reverse("api:employment_fairs:fair-door-scans", args=[fair.pk]), scans, content_type="application/json").status_code == 403


def test_wall_stream_sends_figures_and_ends(staff_client, in_alpha, monkeypatch):
    from tenant_apps.employment.fairs.backoffice import views

    monkeypatch.setattr(views, "STREAM_SECONDS", 0.3)
    monkeypatch.setattr(views, "POLL_SECONDS", 0.1)
    fair = make_fair(in_alpha)
    response = staff_client.get(reverse("backoffice:employment_fairs:wall_stream", args=[fair.pk]))
    assert response["Content-Type"] == "text/event-stream" and response["Cache-Control"] == "no-cache"
    body = b"".join(response.streaming_content).decode()
    assert body.startswith("retry: 1000") and "event: figures" in body and '"students_checked_in": 0' in body


@pytest.mark.parametrize(("url_name", "permission"), [("backoffice:employment_fairs:list", VIEW), ("backoffice:employment_fairs:statistics", VIEW)])
def test_permission_matrix_pages(client_a, in_alpha, url_name, permission):
    granted, nobody = staff_with(permission), staff_with()
    client_a.login_as(nobody)
    assert client_a.get(reverse(url_name)).status_code == 403
    client_a.login_as(granted)
    assert client_a.get(reverse(url_name)).status_code == 200


def test_permission_matrix_fair_pages_and_writes(client_a, in_alpha):
    fair = make_fair(in_alpha)
    application = exhibitor(in_alpha, fair, approve=False)
    with schema_context("alpha"):
        viewer, nobody = staff_with(VIEW), staff_with()
    for name in ("detail", "map", "wall", "wall_stream"):
        client_a.login_as(nobody)
        assert client_a.get(reverse(f"backoffice:employment_fairs:{name}", args=[fair.pk])).status_code == 403
    client_a.login_as(viewer)
    for name in ("detail", "map", "wall"):
        assert client_a.get(reverse(f"backoffice:employment_fairs:{name}", args=[fair.pk])).status_code == 200
    detail = reverse("backoffice:employment_fairs:detail", args=[fair.pk])
    assert client_a.post(detail, {"action": "approve", "application": application.pk}).status_code == 403
    assert client_a.post(detail, {"action": "publish"}).status_code == 403
    assert client_a.post(reverse("api:employment_fairs:fair-auto-assign", args=[fair.pk])).status_code == 403
    assert client_a.post(reverse("api:employment_fairs:fair-application-review", args=[fair.pk, application.pk]), {"action": "approve"},
                         content_type="application/json").status_code == 403
    assert client_a.post(reverse("api:employment_fairs:fair-list"), {}, content_type="application/json").status_code == 403
    with schema_context("alpha"):
        reviewer = staff_with(VIEW, "employment_fairs.review_fairapplication")
    client_a.login_as(reviewer)
    response = client_a.post(reverse("api:employment_fairs:fair-application-review", args=[fair.pk, application.pk]), {"action": "decline"},
                             content_type="application/json")
    assert response.status_code == 400 and response.json()["code"] == "decline_reason_required"
    response = client_a.post(reverse("api:employment_fairs:fair-application-review", args=[fair.pk, application.pk]), {"action": "approve"},
                             content_type="application/json")
    assert response.status_code == 200 and response.json()["status"] == "approved"


def test_isolation(admin_client_b, client_b, admin_b, in_alpha):
    fair = make_fair(in_alpha)
    application = exhibitor(in_alpha, fair)
    for name in ("detail", "map", "wall", "wall_stream"):
        assert admin_client_b.get(reverse(f"backoffice:employment_fairs:{name}", args=[fair.pk])).status_code == 404
    assert admin_client_b.get(reverse("h5:employment_fairs:detail", args=[fair.pk])).status_code == 404
    assert admin_client_b.get(reverse("h5:employment_fairs:door", args=[fair.pk])).status_code == 404
    for name, method in (("fair-detail", "get"), ("fair-halls", "get"), ("fair-applications", "get"), ("fair-live", "get"), ("fair-figures", "get"),
                         ("fair-door-bundle", "get"), ("fair-exhibitors", "get"), ("fair-publish", "post"), ("fair-auto-assign", "post"),
                         ("fair-ticket", "post"), ("fair-no-shows", "post")):
        response = getattr(admin_client_b, method)(reverse(f"api:employment_fairs:{name}", args=[fair.pk]), content_type="application/json")
        assert response.status_code == 404, name
    assert admin_client_b.post(reverse("api:employment_fairs:fair-application-review", args=[fair.pk, application.pk]), {"action": "approve"},
                               content_type="application/json").status_code == 404
    assert admin_client_b.post(reverse("api:employment_fairs:fair-door-scans", args=[fair.pk]), {"scans": []},
                               content_type="application/json").status_code == 404
    with schema_context("beta"):
        beta_hr = hr_user(make_approved(admin_b))
    client_b.login_as(beta_hr)
    assert client_b.post(reverse("api:employment_fairs:fair-employer-withdraw", args=[application.pk])).status_code == 404
    body = {"fair_id": fair.pk, "job_ids": [1]}
    assert client_b.post(reverse("api:employment_fairs:fair-employer-applications"), body, content_type="application/json").status_code == 404


def test_list_pages_do_not_grow_queries_with_rows(staff_client, in_alpha, django_assert_max_num_queries):
    fair = make_fair(in_alpha, layout=[(1, c, "standard") for c in range(1, 7)])
    for _ in range(5):
        exhibitor(in_alpha, fair)
    from tenant_apps.employment.fairs.services import booths_auto_assign

    booths_auto_assign(actor=in_alpha, fair=fair)
    pupil = student()
    from tests.conftest import TenantClient

    with django_assert_max_num_queries(30):
        staff_client.get(reverse("backoffice:employment_fairs:detail", args=[fair.pk]))
    with django_assert_max_num_queries(30):
        staff_client.get(reverse("backoffice:employment_fairs:map", args=[fair.pk]))
    with django_assert_max_num_queries(25):
        staff_client.get(reverse("backoffice:employment_fairs:list"))
    with schema_context("alpha"):
        student_client = TenantClient(staff_client.tenant).login_as(pupil)
    with django_assert_max_num_queries(25):
        student_client.get(reverse("h5:employment_fairs:detail", args=[fair.pk]))
    with django_assert_max_num_queries(20):
        student_client.get(reverse("api:employment_fairs:fair-exhibitors", args=[fair.pk]))
