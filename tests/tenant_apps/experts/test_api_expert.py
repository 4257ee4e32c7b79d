"""Expert library API, expert side: registration by code with a token, the application in
steps with attachments, the personal centre (profile with approval of sensitive fields, change
history, leave, avoidance units, confirmation, certificates, points, recommendation), and that
an expert reaches only their own rows."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_tenants.utils import schema_context

from tests.conftest import TenantClient
from tests.tenant_apps.experts.conftest import make_domain_tree, make_expert, make_staff

pytestmark = pytest.mark.django_db

API = "/api/v1/experts/"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000" "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082")
JSON = {"content_type": "application/json"}


def expert_client(tenant, schema="bureau", **extra):
    """A client signed in as a new approved expert with an account; returns (client, expert)."""
    with schema_context(schema):
        expert = make_expert(create_account=True, **extra)
    return TenantClient(tenant).login_as(expert.user), expert


def latest_code(target: str) -> str:
    from tenant_apps.messaging.models import OutboxEntry

    with schema_context("bureau"):  # the address is encrypted: take the latest code message sent to it
        entry = next(e for e in OutboxEntry.objects.filter(out_id__startswith="c").order_by("-pk") if e.to_address == target)
    return re.search(r"\d{6}", entry.body).group(0)


def today_plus(days: int) -> str:
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


# --- registration and application ----------------------------------------------------------


def test_registration_by_code_then_draft_attachments_and_submit(client_bureau, tenant_bureau):
    from tenant_apps.experts.models import Expert

    with schema_context("bureau"):
        _, _, leaf, _ = make_domain_tree()
    phone = "13700001111"
    sent = client_bureau.post(API + "registration/code/", {"target": phone}, **JSON)
    assert sent.status_code == 200 and sent.json() == {"channel": "sms"}
    wrong = client_bureau.post(API + "registration/start/", {"target": phone, "code": "000000" if latest_code(phone) != "000000" else "111111"}, **JSON)
    assert wrong.status_code == 400 and wrong.json()["code"] == "expert_invalid_code"
    started = client_bureau.post(API + "registration/start/", {"target": phone, "code": latest_code(phone)}, **JSON)
    assert started.status_code == 200 and started["Cache-Control"] == "no-store"
    body = started.json()
    assert body["profile"]["status"] == "draft" and body["profile"]["phone"] == "137****1111"
    client = TenantClient(tenant_bureau, HTTP_AUTHORIZATION=f"Token {body['token']}")

    application = client.get(API + "me/application/").json()
    assert application["can_edit"] and "姓名" in application["missing"] and application["attachments"] == []
    step1 = client.patch(API + "me/application/", {"step": 1, "name": "新申请人", "gender": "female", "birth_date": "1980-05-01",
                                                   "employer": "不属于第一步"}, **JSON)
    assert step1.status_code == 200 and step1.json()["profile"]["name"] == "新申请人" and step1.json()["profile"]["employer"] == ""
    client.patch(API + "me/application/", {"step": 2, "employer": "东南大学", "title": "教授", "title_level": "senior"}, **JSON)
    step3 = client.patch(API + "me/application/", {"step": 3, "domains": [leaf.pk], "resume": "结构工程"}, **JSON).json()
    assert step3["missing"] == [] and step3["profile"]["domains"] == [leaf.pk]
    bad_level = client.patch(API + "me/application/", {"step": 2, "title_level": "大师"}, **JSON)
    assert bad_level.status_code == 400 and "title_level" in bad_level.json()["fields"]

    upload = client.post(API + "me/application/attachments/", {"kind": "degree", "file": SimpleUploadedFile("degree.png", PNG, content_type="image/png")})
    assert upload.status_code == 201 and upload.json()["kind"] == "degree"
    bad_type = client.post(API + "me/application/attachments/", {"file": SimpleUploadedFile("cv.exe", b"MZ....", content_type="application/octet-stream")})
    assert bad_type.status_code == 400 and bad_type.json()["code"] == "expert_attachment_type"
    assert client.get(API + "me/application/attachments/").json()["count"] == 1

    no_pledge = client.post(API + "me/application/submit/")
    assert no_pledge.status_code == 400 and no_pledge.json()["code"] == "expert_pledge_required"
    no_consent = client.patch(API + "me/application/", {"step": 1, "id_number": "11010519491231002X"}, **JSON)
    assert no_consent.status_code == 400 and no_consent.json()["code"] == "expert_privacy_consent_required"
    consented = client.patch(API + "me/application/", {"step": 1, "id_number": "11010519491231002X", "privacy_consent": True}, **JSON)
    assert consented.status_code == 200, consented.json()
    submitted = client.post(API + "me/application/submit/", {"pledge": True}, **JSON)
    assert submitted.status_code == 200 and submitted.json()["profile"]["status"] == "pending" and not submitted.json()["can_edit"]
    late = client.patch(API + "me/application/", {"step": 1, "name": "改名"}, **JSON)
    assert late.status_code == 400 and late.json()["code"] == "expert_wrong_state"
    late_delete = client.delete(f"{API}me/application/attachments/{upload.json()['id']}/")
    assert late_delete.status_code == 400 and late_delete.json()["code"] == "expert_wrong_state"
    with schema_context("bureau"):
        expert = Expert.objects.get(name="新申请人")
        assert expert.status == "pending" and expert.review_level == 1 and expert.attachments.count() == 1


def test_registration_endpoints_validate_input_and_closed_registration(client_bureau):
    from tenant_apps.experts.selectors import library_settings

    assert client_bureau.post(API + "registration/code/", {"target": "12345"}, **JSON).status_code == 400
    assert client_bureau.get(API + "registration/code/").status_code in (401, 403, 405)
    with schema_context("bureau"):
        settings_row = library_settings()
        settings_row.registration_open = False
        settings_row.save()
    closed = client_bureau.post(API + "registration/code/", {"target": "13700002222"}, **JSON)
    assert closed.status_code == 400 and closed.json()["code"] == "expert_registration_closed"


def test_recommendation_invite_only_after_admission(tenant_bureau):
    client, _ = expert_client(tenant_bureau, name="推荐人")
    sent = client.post(API + "me/recommendations/", {"name": "被推荐人", "email": "peer@example.cn"}, **JSON)
    assert sent.status_code == 201 and sent.json()["accepted"] is False
    assert client.get(API + "me/recommendations/").json()["results"][0]["name"] == "被推荐人"
    with schema_context("bureau"):
        from tenant_apps.experts.models import Expert

        Expert.objects.filter(user__isnull=False, name="推荐人").update(status="pending")
    refused = client.post(API + "me/recommendations/", {"name": "另一位", "email": "other@example.cn"}, **JSON)
    assert refused.status_code == 400 and refused.json()["code"] == "expert_wrong_state"


# --- personal centre -----------------------------------------------------------------------


def test_profile_ordinary_fields_at_once_sensitive_fields_wait_for_approval(tenant_bureau):
    client, expert = expert_client(tenant_bureau, name="资料专家", employer="旧单位", phone="13700003333")
    profile = client.get(API + "me/profile/").json()
    assert profile["name"] == "资料专家" and profile["employer"] == "旧单位" and profile["phone"] == "137****3333"
    assert "employer" in profile["sensitive_fields"]
    result = client.patch(API + "me/profile/", {"education": "博士研究生", "employer": "新单位", "bank_account": "6222020000001234"}, **JSON)
    assert result.status_code == 200
    body = result.json()
    assert body["profile"]["education"] == "博士研究生" and body["profile"]["employer"] == "旧单位" and body["profile"]["pending_changes"] == 1
    statuses = {change["status"]: change for change in body["changes"]}
    assert statuses["applied"]["after"] == {"education": "博士研究生"}
    assert statuses["pending"]["after"]["employer"] == "新单位" and "6222020000001234" not in result.content.decode()
    nothing = client.patch(API + "me/profile/", {"education": "博士研究生"}, **JSON)
    assert nothing.status_code == 400 and nothing.json()["code"] == "expert_nothing_changed"
    history = client.get(API + "me/changes/").json()
    assert history["count"] == 2 and {c["status"] for c in history["results"]} == {"applied", "pending"}


def test_leave_and_avoidance_units(tenant_bureau):
    client, _ = expert_client(tenant_bureau, employer="现单位")
    created = client.post(API + "me/leaves/", {"start_date": today_plus(0), "end_date": today_plus(10), "reason": "business", "note": "出国"}, **JSON)
    assert created.status_code == 201 and created.json()["is_current"]
    overlapping = client.post(API + "me/leaves/", {"start_date": today_plus(5), "end_date": today_plus(6), "reason": "illness"}, **JSON)
    assert overlapping.status_code == 400 and overlapping.json()["code"] == "expert_leave_dates"
    assert client.get(API + "me/profile/").json()["is_on_leave"]
    cancelled = client.post(f"{API}me/leaves/{created.json()['id']}/cancel/")
    assert cancelled.status_code == 200 and cancelled.json()["cancelled_at"] and not client.get(API + "me/profile/").json()["is_on_leave"]

    units = client.get(API + "me/avoidance-units/").json()["results"]
    assert [(u["name"], u["kind"]) for u in units] == [("现单位", "current_employer")]
    current = units[0]["id"]
    added = client.post(API + "me/avoidance-units/", {"name": "配偶单位", "kind": "spouse_employer"}, **JSON)
    assert added.status_code == 201
    assert client.post(API + "me/avoidance-units/", {"name": "假现单位", "kind": "current_employer"}, **JSON).status_code == 400
    refused = client.delete(f"{API}me/avoidance-units/{current}/")
    assert refused.status_code == 400 and refused.json()["code"] == "expert_wrong_state"
    assert client.delete(f"{API}me/avoidance-units/{added.json()['id']}/").status_code == 204
    assert client.get(API + "me/avoidance-units/").json()["count"] == 1


def test_confirmation_certificates_and_points(tenant_bureau, bureau_admin):
    from tenant_apps.experts import services

    client, expert = expert_client(tenant_bureau, name="确认专家")
    with schema_context("bureau"):
        services.campaign_start(actor=bureau_admin, title="年度确认", deadline=timezone.now() + datetime.timedelta(days=3), confirm_url="https://x/")
        certificate = services.certificate_issue(actor=bureau_admin, expert=expert)
    confirmations = client.get(API + "me/confirmations/").json()["results"]
    assert [(c["campaign_title"], c["confirmed_at"]) for c in confirmations] == [("年度确认", None)]
    confirmed = client.post(f"{API}me/confirmations/{confirmations[0]['id']}/confirm/")
    assert confirmed.status_code == 200 and confirmed.json()["confirmed_at"]
    points = client.get(API + "me/points/").json()["results"]
    assert points[0]["event"] == "confirmed" and points[0]["balance"] == points[0]["points"] == 5

    certificates = client.get(API + "me/certificates/").json()["results"]
    assert [c["number"] for c in certificates] == [certificate.number]
    assert certificates[0]["expert_name"] == "确认专家" and certificates[0]["status"] == "valid"
    pdf = client.get(certificates[0]["pdf_url"])
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


# --- boundaries ----------------------------------------------------------------------------


def test_an_expert_reaches_only_their_own_rows(tenant_bureau, bureau_admin):
    from tenant_apps.experts import services

    mine, me = expert_client(tenant_bureau, name="专家甲", employer="甲单位")
    _, other = expert_client(tenant_bureau, name="专家乙", employer="乙单位")
    with schema_context("bureau"):
        leave = services.leave_create(actor=None, expert=other, start_date=timezone.localdate(), end_date=timezone.localdate(), reason="business")
        unit = services.avoidance_add(actor=None, expert=other, name="乙的回避单位", kind="other")
        certificate = services.certificate_issue(actor=bureau_admin, expert=other)
        services.campaign_start(actor=bureau_admin, title="确认", deadline=timezone.now() + datetime.timedelta(days=3), confirm_url="https://x/")
        confirmation = other.confirmations.get()
    for method, url in [
        ("post", f"me/leaves/{leave.pk}/cancel/"), ("delete", f"me/avoidance-units/{unit.pk}/"),
        ("get", f"me/certificates/{certificate.pk}/pdf/"), ("post", f"me/confirmations/{confirmation.pk}/confirm/"),
    ]:
        response = getattr(mine, method)(API + url)
        assert response.status_code == 404, (url, response.status_code)
    assert "乙" not in mine.get(API + "me/avoidance-units/").content.decode()
    # the bureau side needs staff permissions an expert does not have
    for url in (f"experts/{other.pk}/", "experts/", "changes/", f"certificates/{certificate.pk}/pdf/", "statistics/"):
        assert mine.get(API + url).status_code == 403, url
    assert mine.post(f"{API}experts/{other.pk}/reveal/").status_code == 403
    with schema_context("bureau"):
        leave.refresh_from_db()
        confirmation.refresh_from_db()
        assert leave.cancelled_at is None and confirmation.confirmed_at is None and other.avoidance_units.filter(pk=unit.pk).exists()


def test_users_without_an_expert_profile_and_anonymous_callers(client_bureau, tenant_bureau):
    with schema_context("bureau"):
        officer = make_staff(username="officer", perms=["experts.view_expert"])
    signed_in = TenantClient(tenant_bureau).login_as(officer)
    missing = signed_in.get(API + "me/profile/")
    assert missing.status_code == 404 and missing.json()["code"] == "expert_profile_missing"
    assert signed_in.post(API + "me/leaves/", {"start_date": today_plus(0), "end_date": today_plus(1), "reason": "business"}, **JSON).status_code == 404
    assert client_bureau.get(API + "me/profile/").status_code == 401
    assert client_bureau.get(API + "me/points/").status_code == 401


def test_another_tenant_gets_401_with_the_token_and_404_for_the_rows(tenant_bureau, tenant_a):
    from rest_framework.authtoken.models import Token

    from tenant_apps.experts import services

    _, bureau_expert = expert_client(tenant_bureau, name="本局专家")
    with schema_context("bureau"):
        token = Token.objects.create(user=bureau_expert.user).key
        leave = services.leave_create(actor=None, expert=bureau_expert, start_date=timezone.localdate(), end_date=timezone.localdate(), reason="business")
    assert TenantClient(tenant_bureau, HTTP_AUTHORIZATION=f"Token {token}").get(API + "me/profile/").status_code == 200
    assert TenantClient(tenant_a, HTTP_AUTHORIZATION=f"Token {token}").get(API + "me/profile/").status_code == 401
    alpha_client, _ = expert_client(tenant_a, schema="alpha", name="外校专家")
    assert alpha_client.post(f"{API}me/leaves/{leave.pk}/cancel/").status_code == 404
    assert "本局专家" not in alpha_client.get(API + "me/profile/").content.decode()
    with schema_context("bureau"):
        leave.refresh_from_db()
        assert leave.cancelled_at is None
