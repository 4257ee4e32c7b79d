"""Issue 17 audit: an API for every organiser page (pin/recommend, invitations, notices through
the message gateway, badges, comments and moderation, the black list) with isolation and the
permission matrix; search by keyword, organiser, tag and place on every surface; limited-use
invitation codes; delete cancels and revokes; a larger capacity goes to the waiting list; the
alumnus designs the registration form on the phone; door uploads from two phones, out of order,
with a duplicate, a revoked ticket and a re-sent scan."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.utils import timezone
from django_tenants.utils import schema_context

from core.errors import ApplicationError
from core.tickets import services as tickets
from tenant_apps.alumni.activities import selectors, services
from tenant_apps.alumni.activities.models import Activity
from tests.conftest import TenantClient

from .conftest import ADMIN_PERMS, make_activity, make_user, register

pytestmark = pytest.mark.django_db
API = "/api/v1/alumni/activities"


def _reload(obj):
    obj.refresh_from_db()
    return obj


# --- services -----------------------------------------------------------------------------------


def test_invitation_with_limited_uses(in_tenant_a, activity_admin):
    activity = make_activity(activity_admin, requires_review=True)
    invitation = services.invitation_create(actor=activity_admin, activity=activity, guest_name="校友企业家代表团", max_uses=3)
    assert [register(activity, invitation_code=invitation.code).status for _ in range(3)] == ["confirmed"] * 3
    assert _reload(invitation).uses == 3
    with pytest.raises(ApplicationError) as exc:
        register(activity, invitation_code=invitation.code)
    assert exc.value.code == "invalid_invitation"
    assert register(activity).status == "pending_review"  # without a code the review still applies
    with pytest.raises(ApplicationError):
        services.invitation_create(actor=activity_admin, activity=activity, max_uses=0)


def test_delete_cancels_registrations_revokes_tickets_and_hides_the_activity(in_tenant_a, activity_admin):
    activity = make_activity(activity_admin, capacity=1)
    confirmed, waiting = register(activity), register(activity)
    services.activity_delete(actor=activity_admin, activity=activity)
    assert _reload(confirmed).status == "cancelled" and _reload(waiting).status == "cancelled"
    assert tickets.ticket_verify(confirmed.ticket_code, scope=activity.ticket_scope).status == "revoked"
    assert not selectors.published().filter(pk=activity.pk).exists() and _reload(activity).places_taken == 0


def test_pin_and_recommend_order_the_lists(in_tenant_a, activity_admin):
    older, newer = make_activity(activity_admin, days=3), make_activity(activity_admin, days=9)
    services.activity_set_flags(actor=activity_admin, activity=older, is_pinned=True, is_recommended=True)
    assert selectors.latest_published(2)[0] == older
    assert _reload(older).is_recommended and not _reload(newer).is_pinned


def test_search_by_keyword_organiser_tag_and_place(in_tenant_a, activity_admin):
    walk = make_activity(activity_admin, title="秋季毅行", organiser_name="杭州校友会", tags=["户外"], city="杭州")
    salon = make_activity(activity_admin, title="创业沙龙", organiser_name="上海校友会", tags=["创业"], city="上海")
    both = Activity.objects.filter(pk__in=[walk.pk, salon.pk])

    def search(**kwargs):
        return list(selectors.activity_search(queryset=both, **kwargs))

    assert search(organiser="杭州校友会") == [walk] and search(tag="创业") == [salon] and search(place="上海") == [salon]
    # the phone's single box finds the organiser, the place and a tag too
    assert search(keyword="杭州校友会") == [walk] and search(keyword="户外") == [walk] and search(keyword="上海") == [salon]


def test_more_places_go_to_the_waiting_list_in_order(in_tenant_a, activity_admin):
    activity = make_activity(activity_admin, capacity=1, types=[{"name": "校友票", "price_fen": 0, "capacity": 5}])
    register(activity)
    first, second, third = register(activity), register(activity), register(activity)
    data = services.ActivityInput(title=activity.title, starts_at=activity.starts_at, ends_at=activity.ends_at, capacity=3)
    services.activity_update(actor=activity_admin, activity=activity, data=data)
    assert [_reload(r).status for r in (first, second, third)] == ["offered", "offered", "waitlisted"]
    assert _reload(activity).places_taken == 3


def test_offline_scans_from_two_doors_reconcile(in_tenant_a, activity_admin):
    """Two door phones were offline; the later scan uploads first. The earliest scan admits,
    the other is a duplicate, a revoked ticket stays refused, and a re-sent scan counts once."""
    activity = make_activity(activity_admin, assign_seats=True)
    guest, removed = register(activity), register(activity)
    services.registration_remove(actor=activity_admin, registration=removed, reason="行程变更")
    early, late = timezone.now() - datetime.timedelta(minutes=10), timezone.now() - datetime.timedelta(minutes=2)
    second_door = services.checkin_upload(actor=activity_admin, activity=activity, device="door-2", scans=[
        {"code": guest.ticket_code, "nonce": "d2-1", "scanned_at": late.isoformat(), "device_status": "admitted"}])
    assert second_door[0].status == "admitted"
    first_door = services.checkin_upload(actor=activity_admin, activity=activity, device="door-1", scans=[
        {"code": guest.ticket_code, "nonce": "d1-1", "scanned_at": early.isoformat(), "device_status": "admitted"},
        {"code": removed.ticket_code, "nonce": "d1-2", "scanned_at": early.isoformat(), "device_status": "admitted"}])
    assert [o.status for o in first_door] == ["admitted", "revoked"]
    again = services.checkin_upload(actor=activity_admin, activity=activity, device="door-2", scans=[
        {"code": guest.ticket_code, "nonce": "d2-1", "scanned_at": late.isoformat()}])
    assert again[0].status == "duplicate"  # the same scan re-sent: reconciled, not recorded twice
    summary = tickets.scan_summary(scope=activity.ticket_scope)
    assert summary["admitted"] == 1 and summary["duplicate"] == 1 and summary["revoked"] == 1
    guest = _reload(guest)
    assert guest.checked_in_at is not None and guest.seat_label == "1号" and _reload(removed).checked_in_at is None


# --- API for every organiser page: happy path, permissions, isolation ----------------------------


@pytest.fixture
def organiser(tenant_a):
    with schema_context("alpha"):
        activity = make_activity(capacity=5, types=[{"name": "校友票", "price_fen": 0, "capacity": 5}])
        attendee = register(activity)
        staff = make_user(kind="staff", perms=ADMIN_PERMS)
        alumnus = make_user()
    yield {"activity": activity, "attendee": attendee, "staff": TenantClient(tenant_a).login_as(staff), "alumnus": TenantClient(tenant_a).login_as(alumnus),
           "alumnus_user": alumnus}
    connection.set_schema_to_public()


def test_api_pin_recommend_invitations_badges(organiser):
    activity, staff, alumnus = organiser["activity"], organiser["staff"], organiser["alumnus"]
    flags = staff.post(f"{API}/{activity.pk}/flags/", {"is_pinned": True}, content_type="application/json")
    assert flags.status_code == 200 and flags.json()["is_pinned"] and not flags.json()["is_recommended"]
    assert staff.post(f"{API}/{activity.pk}/flags/", {"is_recommended": True}, content_type="application/json").json()["is_pinned"]
    made = staff.post(f"{API}/{activity.pk}/invitations/", {"guest_name": "王校长", "max_uses": 2}, content_type="application/json")
    assert made.status_code == 201 and made.json()["max_uses"] == 2 and len(made.json()["code"]) == 8
    assert [i["code"] for i in staff.get(f"{API}/{activity.pk}/invitations/").json()] == [made.json()["code"]]
    pdf = staff.get(f"{API}/{activity.pk}/badges/")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf" and pdf.content[:4] == b"%PDF"
    for method, url, body in [("post", f"{API}/{activity.pk}/flags/", {"is_pinned": False}), ("get", f"{API}/{activity.pk}/invitations/", None),
                              ("post", f"{API}/{activity.pk}/invitations/", {"max_uses": 1}), ("get", f"{API}/{activity.pk}/badges/", None),
                              ("post", f"{API}/{activity.pk}/notices/", {"body": "x"}), ("get", f"{API}/blacklist/", None)]:
        response = getattr(alumnus, method)(url, body, content_type="application/json") if body is not None else getattr(alumnus, method)(url)
        assert response.status_code == 403, url


def test_api_notice_goes_to_the_registrants_through_the_gateway(organiser):
    from tenant_apps.messaging.models import Message

    activity, staff = organiser["activity"], organiser["staff"]
    sent = staff.post(f"{API}/{activity.pk}/notices/", {"body": "集合时间改为 13:30，请准时到场。"}, content_type="application/json")
    assert sent.status_code == 202, sent.content
    with schema_context("alpha"):
        message = Message.objects.get(pk=sent.json()["message"])
        assert message.channels == ["wechat", "sms"] and message.source == "alumni_activities" and "13:30" in message.body
    refused = staff.post(f"{API}/{activity.pk}/notices/", {"body": "x", "statuses": ["waitlisted"]}, content_type="application/json")
    assert refused.status_code == 400  # nobody is waiting: told, nothing queued
    assert staff.post(f"{API}/{activity.pk}/notices/", {"body": "x", "channels": ["fax"]}, content_type="application/json").status_code == 400


def test_api_comments_and_moderation(organiser):
    activity, staff, alumnus = organiser["activity"], organiser["staff"], organiser["alumnus"]
    posted = alumnus.post(f"{API}/{activity.pk}/comments/", {"body": "期待！"}, content_type="application/json")
    assert posted.status_code == 201 and posted.json()["status"] == "visible"
    comment = posted.json()["id"]
    assert alumnus.post(f"{API}/comments/{comment}/moderate/", {"visible": False}, content_type="application/json").status_code == 403
    assert staff.post(f"{API}/comments/{comment}/moderate/", {"visible": False}, content_type="application/json").json()["status"] == "hidden"
    assert alumnus.get(f"{API}/{activity.pk}/comments/").json()["results"] == []
    assert [c["status"] for c in staff.get(f"{API}/{activity.pk}/comments/").json()["results"]] == ["hidden"]
    assert alumnus.post(f"{API}/{activity.pk}/comments/", {"body": "  "}, content_type="application/json").status_code == 400


def test_api_black_list_tells_the_reason(organiser):
    activity, staff, alumnus, user = organiser["activity"], organiser["staff"], organiser["alumnus"], organiser["alumnus_user"]
    added = staff.post(f"{API}/blacklist/", {"who": user.username, "reason": "多次报名未到场"}, content_type="application/json")
    assert added.status_code == 201 and added.json()["reason"] == "多次报名未到场"
    assert staff.post(f"{API}/blacklist/", {"who": "nobody-here", "reason": "x"}, content_type="application/json").status_code == 404
    with schema_context("alpha"):
        ticket_type = activity.ticket_types.first().pk
    refused = alumnus.post(f"{API}/{activity.pk}/register/", {"ticket_type": ticket_type, "attendee_name": "甲", "attendee_phone": "13800000011"},
                           content_type="application/json")
    assert refused.status_code == 403 and "多次报名未到场" in refused.json()["message"]
    assert "多次报名未到场" in alumnus.get(f"/h5/alumni/activities/{activity.pk}/").content.decode()
    assert [e["reason"] for e in staff.get(f"{API}/blacklist/").json()["results"]] == ["多次报名未到场"]
    assert staff.delete(f"{API}/blacklist/{added.json()['id']}/").status_code == 204
    assert alumnus.post(f"{API}/{activity.pk}/register/", {"ticket_type": ticket_type, "attendee_name": "甲", "attendee_phone": "13800000011"},
                        content_type="application/json").status_code == 201


def test_api_of_another_tenant_is_not_found(organiser, admin_client_b):
    activity = organiser["activity"]
    with schema_context("alpha"):
        comment = services.comment_add(actor=make_user(), activity=activity, body="hi")
        entry = services.blacklist_add(actor=None, user=make_user(), reason="x")
    for method, url in [("post", f"{API}/{activity.pk}/flags/"), ("get", f"{API}/{activity.pk}/invitations/"), ("post", f"{API}/{activity.pk}/notices/"),
                        ("get", f"{API}/{activity.pk}/badges/"), ("get", f"{API}/{activity.pk}/comments/"), ("post", f"{API}/comments/{comment.pk}/moderate/")]:
        response = getattr(admin_client_b, method)(url, {"body": "x", "visible": False, "is_pinned": True}, content_type="application/json") if method == "post" \
            else admin_client_b.get(url)
        assert response.status_code == 404, url
    assert admin_client_b.delete(f"{API}/blacklist/{entry.pk}/").status_code == 404


# --- pages ----------------------------------------------------------------------------------------


def test_backoffice_detail_actions(organiser, admin_client_a):
    activity = organiser["activity"]
    url = f"/admin-ui/alumni/activities/{activity.pk}/"
    admin_client_a.post(url, {"action": "pin"})
    admin_client_a.post(url, {"action": "recommend"})
    admin_client_a.post(url, {"action": "invite", "guest_name": "嘉宾", "max_uses": "5"})
    admin_client_a.post(url, {"action": "notice", "body": "明天见", "channels": ["sms"]})
    with schema_context("alpha"):
        from tenant_apps.messaging.models import Message

        activity.refresh_from_db()
        assert activity.is_pinned and activity.is_recommended and activity.invitations.get().max_uses == 5
        assert Message.objects.filter(source="alumni_activities", body="明天见").get().channels == ["sms"]
    assert "置顶" in admin_client_a.get("/admin-ui/alumni/activities/").content.decode()
    response = admin_client_a.post(url, {"action": "delete"})
    assert response.status_code == 302
    with schema_context("alpha"):
        assert _reload(activity).deleted_at is not None and _reload(organiser["attendee"]).status == "cancelled"
    assert admin_client_a.get(url).status_code == 404


def test_h5_list_filters_by_tag_organiser_and_place(tenant_a):
    with schema_context("alpha"):
        walk = make_activity(title="秋季毅行", organiser_name="杭州校友会", tags=["户外"], city="杭州")
        salon = make_activity(title="创业沙龙", organiser_name="上海校友会", tags=["创业"], place="漕河泾", city="上海")
        alumnus = make_user()
    client = TenantClient(tenant_a).login_as(alumnus)
    by_tag = client.get("/h5/alumni/activities/?tag=户外").content.decode()
    assert walk.title in by_tag and salon.title not in by_tag and "清除筛选" in by_tag and "?when=upcoming&amp;tag=%E6%88%B7%E5%A4%96" in by_tag
    by_place = client.get("/h5/alumni/activities/?place=漕河泾").content.decode()
    assert salon.title in by_place and walk.title not in by_place
    by_box = client.get("/h5/alumni/activities/?q=上海校友会").content.decode()
    assert salon.title in by_box and walk.title not in by_box
    listed = client.get(f"{API}/?organiser=杭州校友会").json()["results"]
    assert [a["id"] for a in listed] == [walk.pk]
    connection.set_schema_to_public()


def test_alumnus_designs_the_registration_form_on_the_phone(tenant_a, admin_client_a):
    with schema_context("alpha"):
        alumnus = make_user()
    client = TenantClient(tenant_a).login_as(alumnus)
    bad = client.post("/h5/alumni/activities/new/", {"title": "班级聚会", "starts_at": "2027-05-01T18:00", "ends_at": "2027-05-01T21:00", "capacity": "40",
                                                      "form_fields": "是否带家属 | 单选 | 是 | 必填"})
    assert bad.status_code == 400 and "至少需要两个选项" in bad.content.decode()
    ok = client.post("/h5/alumni/activities/new/", {"title": "班级聚会", "starts_at": "2027-05-01T18:00", "ends_at": "2027-05-01T21:00", "capacity": "40",
                                                     "tags": "聚会，班级", "form_fields": "是否带家属 | 单选 | 是,否 | 必填\n饮食禁忌 | 单行文本"})
    assert ok.status_code == 302
    with schema_context("alpha"):
        from tenant_apps.alumni.activities.models import Activity

        activity = Activity.objects.get(title="班级聚会", created_by=alumnus)
        assert activity.status == "pending" and activity.tags == ["聚会", "班级"]
        assert [(f["label"], f["type"], f["required"]) for f in activity.form_fields] == [("是否带家属", "choice", True), ("饮食禁忌", "text", False)]
    page = admin_client_a.get(f"/admin-ui/alumni/activities/{activity.pk}/edit/").content.decode()
    assert "是否带家属 | 单选 | 是,否 | 必填" in page
    connection.set_schema_to_public()


def test_registrants_are_told_by_wechat_and_sms(in_tenant_a, activity_admin, django_capture_on_commit_callbacks):
    """Every step a registrant must know about (a waiting-list offer, a refusal with its reason)
    goes out through the message gateway, WeChat first and SMS as the fallback channel."""
    from tenant_apps.messaging.models import Message

    activity = make_activity(activity_admin, capacity=1, requires_review=True)
    first, second = register(activity), register(activity)
    services.registration_review(actor=activity_admin, registration=first, approve=True)
    services.registration_review(actor=activity_admin, registration=second, approve=True)  # full: joins the waiting list
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_remove(actor=activity_admin, registration=first, reason="本人行程冲突")
    bodies = {m.body: m.channels for m in Message.objects.filter(source="alumni_activities")}
    assert any("请退" in b and "本人行程冲突" in b for b in bodies) and any("有空出的名额" in b for b in bodies), bodies
    assert set(map(tuple, bodies.values())) == {("wechat", "sms")}
