"""Pages and API over the same services: back office, H5 (phone), door page, exports, badges;
cross-tenant isolation and the permission matrix."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.utils import timezone
from django_tenants.utils import schema_context

from tests.conftest import TenantClient

from .conftest import ADMIN_PERMS, make_activity, make_user, register

pytestmark = pytest.mark.django_db


def test_backoffice_pages_render_and_create(admin_client_a, tenant_a):
    start = (timezone.localtime() + datetime.timedelta(days=5)).strftime("%Y-%m-%dT%H:%M")
    end = (timezone.localtime() + datetime.timedelta(days=5, hours=3)).strftime("%Y-%m-%dT%H:%M")
    response = admin_client_a.post("/admin-ui/alumni/activities/new/", {
        "title": "北京校友年会", "starts_at": start, "ends_at": end, "place": "国家会议中心", "capacity": "300", "waitlist_enabled": "on",
        "form_fields": "毕业届别 | 单选 | 2010,2011 | 必填", "tt_name_0": "校友票", "tt_price_0": "88", "tt_capacity_0": "250", "tt_name_1": "嘉宾票", "tt_price_1": "0"})
    assert response.status_code == 302, response.content.decode()[:500]
    pk = int(response["Location"].rstrip("/").split("/")[-1])
    with schema_context("alpha"):
        from tenant_apps.alumni.activities.models import Activity

        created = Activity.objects.get(pk=pk)
        assert created.status == "published" and [t.price_fen for t in created.ticket_types.all()] == [8800, 0]
        assert created.form_fields[0]["options"] == ["2010", "2011"]
        register(created, answers={"f1": "2010"})
    for url in ["/admin-ui/alumni/activities/", "/admin-ui/alumni/activities/?q=年会&when=upcoming", f"/admin-ui/alumni/activities/{pk}/",
                f"/admin-ui/alumni/activities/{pk}/edit/", "/admin-ui/alumni/activities/review/", "/admin-ui/alumni/activities/blacklist/",
                "/admin-ui/alumni/activities/comments/", "/admin-ui/payments/", "/admin-ui/payments/settings/", "/admin-ui/payments/reconciliation/"]:
        assert admin_client_a.get(url).status_code == 200, url
    assert 'id="export-reason"' in admin_client_a.get(f"/admin-ui/alumni/activities/{pk}/export/").content.decode()
    export = admin_client_a.post(f"/admin-ui/alumni/activities/{pk}/export/", {"reason": "年会签到核对"})
    assert export.status_code == 200 and export.content[:2] == b"PK"
    pdf = admin_client_a.get(f"/admin-ui/alumni/activities/{pk}/badges/")
    assert pdf.status_code == 200 and pdf.content[:4] == b"%PDF"


def test_form_errors_are_shown_in_chinese(admin_client_a):
    response = admin_client_a.post("/admin-ui/alumni/activities/new/", {"title": "x", "starts_at": "", "ends_at": "", "capacity": "1"})
    assert response.status_code == 400 and "请填写开始和结束时间" in response.content.decode()


def test_alumnus_registers_on_the_phone_and_sees_the_ticket(tenant_a):
    with schema_context("alpha"):
        activity = make_activity(capacity=1, form_fields=[{"label": "届别", "type": "choice", "options": ["2010", "2011"], "required": True}])
        alumnus, other = make_user(), make_user()
        ticket_type = activity.ticket_types.first().pk
    client = TenantClient(tenant_a).login_as(alumnus)
    assert "已报名 0/1" in client.get(f"/h5/alumni/activities/{activity.pk}/").content.decode()
    bad = client.post(f"/h5/alumni/activities/{activity.pk}/", {"ticket_type": ticket_type, "attendee_name": "李雷", "attendee_phone": "123"})
    assert bad.status_code == 400 and "11 位手机号" in bad.content.decode()
    ok = client.post(f"/h5/alumni/activities/{activity.pk}/", {"ticket_type": ticket_type, "attendee_name": "李雷",
                                                              "attendee_phone": "13900001111", "f1": "2010"})
    assert ok.status_code == 302
    page = client.get(ok["Location"]).content.decode()
    assert "入场电子票" in page and "<svg" in page
    assert client.get("/h5/alumni/activities/mine/").status_code == 200
    assert client.get("/h5/alumni/activities/?when=past").status_code == 200
    # someone else cannot open my registration; the door page needs the check-in permission
    reg_url = ok["Location"]
    assert TenantClient(tenant_a).login_as(other).get(reg_url).status_code == 404
    assert client.get(f"/h5/alumni/activities/{activity.pk}/door/").status_code == 403
    full = TenantClient(tenant_a).login_as(other).post(f"/h5/alumni/activities/{activity.pk}/", {
        "ticket_type": ticket_type, "attendee_name": "韩梅梅", "attendee_phone": "13900002222", "f1": "2011"})
    assert full.status_code == 302
    assert "候补中" in TenantClient(tenant_a).login_as(other).get(full["Location"]).content.decode()


def test_door_page_and_api_for_volunteers(tenant_a):
    with schema_context("alpha"):
        activity = make_activity()
        reg = register(activity)
        volunteer = make_user(kind="staff", perms=("alumni_activities.view_activity", "alumni_activities.checkin_activity"))
    client = TenantClient(tenant_a).login_as(volunteer)
    page = client.get(f"/h5/alumni/activities/{activity.pk}/door/").content.decode()
    assert "core/tickets/door" in page and "data-bundle-url" in page
    bundle = client.get(f"/api/v1/alumni/activities/{activity.pk}/door/bundle/").json()
    assert bundle["scope"] == activity.ticket_scope and bundle["keys"]
    now = timezone.now().isoformat()
    result = client.post(f"/api/v1/alumni/activities/{activity.pk}/door/scans/", {"device": "d1", "scans": [
        {"code": reg.ticket_code, "nonce": "n1", "scanned_at": now}, {"code": reg.ticket_code, "nonce": "n2", "scanned_at": now}]},
        content_type="application/json").json()
    assert [r["status"] for r in result["results"]] == ["admitted", "duplicate"]
    verdict = client.post(f"/api/v1/alumni/activities/{activity.pk}/tickets/verify/", {"code": reg.ticket_code}, content_type="application/json").json()
    assert verdict["status"] == "duplicate" and verdict["attendee_name"] == reg.attendee_name


def test_api_register_list_and_my_actions(tenant_a):
    with schema_context("alpha"):
        activity = make_activity(capacity=1)
        first, second = make_user(), make_user()
        ticket_type = activity.ticket_types.first().pk
    c1, c2 = TenantClient(tenant_a).login_as(first), TenantClient(tenant_a).login_as(second)
    r1 = c1.post(f"/api/v1/alumni/activities/{activity.pk}/register/", {"ticket_type": ticket_type, "attendee_name": "甲", "attendee_phone": "13800000001"},
                 content_type="application/json")
    assert r1.status_code == 201 and r1.json()["status"] == "confirmed" and r1.json()["ticket_code"].startswith("TK1.")
    r2 = c2.post(f"/api/v1/alumni/activities/{activity.pk}/register/", {"ticket_type": ticket_type, "attendee_name": "乙", "attendee_phone": "13800000002"},
                 content_type="application/json")
    assert r2.json()["status"] == "waitlisted"
    assert c1.post(f"/api/v1/alumni/activities/me/registrations/{r1.json()['id']}/cancel/").status_code == 200
    mine = c2.get("/api/v1/alumni/activities/me/registrations/").json()
    assert mine["results"][0]["status"] == "offered"
    assert c2.post(f"/api/v1/alumni/activities/me/registrations/{r2.json()['id']}/accept/").json()["status"] == "confirmed"
    assert c1.get(f"/api/v1/alumni/activities/{activity.pk}/registrations/").status_code == 403
    listed = c1.get("/api/v1/alumni/activities/?q=活动").json()
    assert any(a["id"] == activity.pk for a in listed["results"])


def test_api_create_by_alumnus_goes_to_review(tenant_a, admin_client_a):
    with schema_context("alpha"):
        alumnus = make_user()
    client = TenantClient(tenant_a).login_as(alumnus)
    start = timezone.now() + datetime.timedelta(days=3)
    created = client.post("/api/v1/alumni/activities/", {"title": "周末毅行", "starts_at": start.isoformat(), "ends_at": (start + datetime.timedelta(hours=5)).isoformat(),
                                                         "capacity": 30}, content_type="application/json")
    assert created.status_code == 201 and created.json()["status"] == "pending"
    assert client.post(f"/api/v1/alumni/activities/{created.json()['id']}/review/", {"approve": True}, content_type="application/json").status_code == 403
    approved = admin_client_a.post(f"/api/v1/alumni/activities/{created.json()['id']}/review/", {"approve": True}, content_type="application/json")
    assert approved.json()["status"] == "published"


def test_other_tenant_cannot_see_or_touch(tenant_a, admin_client_b):
    with schema_context("alpha"):
        activity = make_activity()
        reg = register(activity)
    for url in [f"/admin-ui/alumni/activities/{activity.pk}/", f"/admin-ui/alumni/activities/{activity.pk}/export/",
                f"/api/v1/alumni/activities/{activity.pk}/registrations/", f"/api/v1/alumni/activities/{activity.pk}/door/bundle/"]:
        assert admin_client_b.get(url).status_code == 404, url
    response = admin_client_b.post(f"/api/v1/alumni/activities/registrations/{reg.pk}/remove/", {"reason": "x"}, content_type="application/json")
    assert response.status_code == 404


@pytest.mark.parametrize("perms, expected", [((), 403), (("alumni_activities.view_activity",), 200), (ADMIN_PERMS, 200)])
def test_permission_matrix_backoffice_list(tenant_a, perms, expected):
    with schema_context("alpha"):
        user = make_user(kind="staff", perms=perms)
    assert TenantClient(tenant_a).login_as(user).get("/admin-ui/alumni/activities/").status_code == expected
    connection.set_schema_to_public()


@pytest.mark.parametrize("perms, expected", [(("alumni_activities.view_activity",), 403), (ADMIN_PERMS, 200)])
def test_permission_matrix_registration_export(tenant_a, perms, expected):
    with schema_context("alpha"):
        activity = make_activity()
        user = make_user(kind="staff", perms=perms)
    assert TenantClient(tenant_a).login_as(user).get(f"/admin-ui/alumni/activities/{activity.pk}/export/").status_code == expected


def test_pay_endpoint_is_post_only(tenant_a):
    with schema_context("alpha"):
        reg = register(make_activity())
    assert TenantClient(tenant_a).login_as(reg.user).get(f"/h5/alumni/activities/registrations/{reg.pk}/pay/").status_code == 405


def test_alumnus_proposes_on_the_phone_and_waits_for_review(tenant_a):
    with schema_context("alpha"):
        alumnus = make_user()
    client = TenantClient(tenant_a).login_as(alumnus)
    assert client.get("/h5/alumni/activities/new/").status_code == 200
    bad = client.post("/h5/alumni/activities/new/", {"title": "周末爬山", "starts_at": "", "ends_at": "", "capacity": "20"})
    assert bad.status_code == 400 and "请填写开始和结束时间" in bad.content.decode()
    ok = client.post("/h5/alumni/activities/new/", {"title": "周末爬山", "starts_at": "2027-05-01T08:00", "ends_at": "2027-05-01T16:00", "capacity": "20"})
    assert ok.status_code == 302
    with schema_context("alpha"):
        from tenant_apps.alumni.activities.models import Activity

        assert Activity.objects.get(title="周末爬山").status == "pending"


def test_registration_export_needs_a_reason_masks_phones_and_is_audited(tenant_a, admin_client_a):
    """Issue 19: the registration list names people; the export engine's rule applies."""
    import io

    from openpyxl import load_workbook

    from core.models import AuditEvent

    with schema_context("alpha"):
        activity = make_activity()
        reg = register(activity)
        phone = reg.attendee_phone
        staff = make_user(kind="staff", perms=ADMIN_PERMS)
    url = f"/admin-ui/alumni/activities/{activity.pk}/export/"
    refused = admin_client_a.post(url, {"reason": ""})
    assert refused.status_code == 400 and "导出事由" in refused.content.decode()
    full = load_workbook(io.BytesIO(admin_client_a.post(url, {"reason": "年会签到核对"}).content))
    assert phone in str(list(full.active.iter_rows(values_only=True))) and "年会签到核对" in full.properties.description
    masked = load_workbook(io.BytesIO(TenantClient(tenant_a).login_as(staff).post(url, {"reason": "年会签到核对"}).content))
    rows = list(masked.active.iter_rows(values_only=True))
    assert rows[0][2] == "手机号（脱敏）" and phone not in str(rows)
    with schema_context("alpha"):
        events = list(AuditEvent.objects.filter(action="alumni_activities.registration_export", object_id=str(activity.pk)).order_by("id"))
    assert [e.after["reason"] for e in events] == ["年会签到核对", "年会签到核对"] and events[-1].after["masked"] == ["attendee_phone"]
    connection.set_schema_to_public()

