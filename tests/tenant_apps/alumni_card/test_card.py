"""Cloud card: claiming (verified alumni only), scans and the live token (a screenshot's old
token is refused), coupons (once, at the right partner, in period, through activities), the
key-alumnus alert, back office pages, H5 pages, API, isolation and permissions."""

from __future__ import annotations

import datetime
import json
from urllib.parse import urlsplit

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from core.errors import ApplicationError
from tenant_apps.alumni.card import services, tokens
from tests.conftest import TenantClient
from tests.tenant_apps.alumni_activities.conftest import make_user

from .conftest import card_holder, make_batch, make_partner, old_token, verified_alumnus

pytestmark = pytest.mark.django_db


# --- claiming -------------------------------------------------------------------------------


def test_only_verified_alumni_claim_a_card(in_tenant_a):
    from tests.tenant_apps.alumni_records.conftest import make_alumnus_user

    stranger = make_alumnus_user("未入会")
    with pytest.raises(ApplicationError) as exc:
        services.card_claim(actor=stranger)
    assert exc.value.code == "card_not_verified" and exc.value.status == 403

    from tenant_apps.alumni.orgs.services import join_apply
    from tests.tenant_apps.alumni_records.conftest import make_association

    make_association()
    pending = make_alumnus_user("无档案")
    join_apply(user=pending, org=None, data={"name": "查无此人", "class_year": 1901})  # no record to match: not verified
    with pytest.raises(ApplicationError) as exc:
        services.card_claim(actor=pending)
    assert exc.value.code == "card_not_verified"
    assert exc.value.message == "云卡仅限认证校友领取：请先加入校友会并完成校友身份认证。"
    from tenant_apps.alumni.records.models import Member

    Member.objects.filter(user=pending).update(status="approved")  # approved, but matched to no record
    with pytest.raises(ApplicationError) as exc:
        services.card_claim(actor=pending)
    assert exc.value.message == "云卡仅限认证校友领取：请先加入校友会并完成校友身份认证。"

    user, member, record = verified_alumnus("林晓")
    card = services.card_claim(actor=user, via="qr")
    assert card.holder_name == "林晓" and card.member == member and card.claimed_via == "qr" and len(card.number) == 10
    assert services.card_claim(actor=user).pk == card.pk  # claiming twice is the same card

    services.card_set_status(actor=None, card=card, active=False, reason="测试")
    with pytest.raises(ApplicationError) as exc:
        services.card_claim(actor=user)
    assert exc.value.code == "card_revoked"


def test_deceased_alumni_get_no_card_and_claiming_reads_the_member_once(in_tenant_a):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tenant_apps.alumni.records.models import AlumniRecord

    user, _, record = verified_alumnus()
    AlumniRecord.objects.filter(pk=record.pk).update(is_deceased=True)
    with pytest.raises(ApplicationError) as exc:
        services.card_claim(actor=user)
    assert exc.value.code == "card_not_verified" and exc.value.message == "该档案已标记为已故，无法领取云卡。"

    user, _, record = verified_alumnus()
    with CaptureQueriesContext(connection) as queries:
        card = services.card_claim(actor=user)
    assert card.college == (record.college.name if record.college_id else record.college_name)
    # the refusal check and the claim each read the member with its record and college in one query
    member_reads = [q for q in queries if 'FROM "alumni_records_member"' in q["sql"]]
    assert len(member_reads) == 2 and all("alumni_records_alumnirecord" in q["sql"] for q in member_reads)
    assert not [q for q in queries if q["sql"].startswith('SELECT') and 'FROM "alumni_records_alumnirecord"' in q["sql"]]


def test_claim_closed_by_settings(in_tenant_a):
    services.settings_save(actor=None, name="某某大学校友云卡", is_claim_open=False)
    user, _, _ = verified_alumnus()
    with pytest.raises(ApplicationError) as exc:
        services.card_claim(actor=user)
    assert exc.value.code == "card_claim_closed"


def test_h5_claim_page_and_my_card(tenant_a):
    with schema_context("alpha"):
        user, _, _ = verified_alumnus("陈默")
        stranger = make_user()
        make_partner("校友咖啡")
    client = TenantClient(tenant_a).login_as(stranger)
    assert client.get("/h5/alumni/card/").url == "/h5/alumni/card/claim/"
    page = client.get("/h5/alumni/card/claim/?via=qr").content.decode()
    assert "data-claim-refused" in page and "认证校友" in page
    assert client.post("/h5/alumni/card/claim/", {"via": "qr"}).status_code == 302
    with schema_context("alpha"):
        from tenant_apps.alumni.card.models import Card

        assert not Card.objects.filter(user=stranger).exists()

    client = TenantClient(tenant_a).login_as(user)
    assert client.post("/h5/alumni/card/claim/", {"via": "qr"}).url == "/h5/alumni/card/"
    page = client.get("/h5/alumni/card/").content.decode()
    assert "陈默" in page and "data-live-clock" in page and "校友咖啡" in page


# --- scans and the live token ----------------------------------------------------------------


def test_live_token_accepted_and_screenshot_refused(in_tenant_a):
    card, _ = card_holder()
    partner, other = make_partner(), make_partner()
    scan = services.scan_start(actor=card.user, partner=partner)
    token = services.live_token_issue(actor=card.user, scan=scan)

    outcome = services.token_check(partner=partner, token=token)
    assert outcome.accepted and outcome.scan == scan and outcome.check.token_age <= 2

    screenshot = old_token(scan, seconds_ago=tokens.LIVE_TOKEN_SECONDS + 5)
    refused = services.token_check(partner=partner, token=screenshot)
    assert refused.check.result == "expired" and not refused.accepted and refused.scan is None and "截图" in refused.message
    assert refused.check.token_age >= tokens.LIVE_TOKEN_SECONDS + 5

    forged = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")
    assert services.token_check(partner=partner, token=forged).check.result == "forged"
    assert services.token_check(partner=partner, token="").check.result == "forged"
    assert services.token_check(partner=other, token=token).check.result == "wrong_partner"

    services.card_set_status(actor=None, card=card, active=False)
    assert services.token_check(partner=partner, token=token).check.result == "card_inactive"
    with pytest.raises(ApplicationError):
        services.live_token_issue(actor=card.user, scan=scan)


def test_token_of_another_tenant_is_forged(tenant_a, tenant_b):
    with schema_context("alpha"):
        card, _ = card_holder()
        scan = services.scan_start(actor=card.user, partner=make_partner())
        token = services.live_token_issue(actor=card.user, scan=scan)
    with schema_context("beta"):
        partner = make_partner()
        assert services.token_check(partner=partner, token=token).check.result == "forged"


def test_scan_needs_an_active_card_and_partner(in_tenant_a):
    partner = make_partner()
    with pytest.raises(ApplicationError) as exc:
        services.scan_start(actor=make_user(), partner=partner)
    assert exc.value.code == "card_not_claimed"
    card, _ = card_holder()
    partner.is_active = False
    partner.save()
    with pytest.raises(ApplicationError) as exc:
        services.scan_start(actor=card.user, partner=partner)
    assert exc.value.code == "card_partner_inactive"


def test_h5_partner_qr_live_page_and_staff_check(tenant_a):
    with schema_context("alpha"):
        card, _ = card_holder("周扬")
        partner = make_partner("第一食堂")
        batch = make_batch(partner, name="返校午餐券")
        services.coupons_issue(actor=None, batch=batch, user_ids=[card.user_id])
    alumnus = TenantClient(tenant_a).login_as(card.user)
    response = alumnus.get(f"/h5/alumni/card/p/{partner.qr_key}/")
    assert response.status_code == 302 and "/h5/alumni/card/live/" in response.url
    page = alumnus.get(response.url).content.decode()
    assert "周扬" in page and "data-live" in page and "<svg" in page and "返校午餐券" in page and "hx-confirm" in page
    fresh = alumnus.get(response.url + "token/").json()
    assert fresh["valid_seconds"] == 30 and "/h5/alumni/card/check/?t=" in fresh["check_url"]

    with schema_context("alpha"):
        from tenant_apps.alumni.card.models import Coupon, Scan

        scan = Scan.objects.get(card=card)
        coupon = Coupon.objects.get(user=card.user)
    assert alumnus.post(f"/h5/alumni/card/live/{scan.pk}/redeem/{coupon.pk}/").status_code == 302
    assert "已使用" in alumnus.get(response.url).content.decode()

    staff = TenantClient(tenant_a)  # the partner's staff: no account, a registered device
    assert staff.get(f"/h5/alumni/card/check/?t={fresh['token']}").status_code == 403
    assert staff.get(f"/h5/alumni/card/staff/{partner.staff_key}/").status_code == 200
    link = urlsplit(fresh["check_url"])
    accepted = staff.get(f"{link.path}?{link.query}")
    body = accepted.content.decode()
    assert accepted.status_code == 200 and 'data-check-result="accepted"' in body and "周扬" in body and "返校午餐券" in body
    with schema_context("alpha"):
        screenshot = old_token(scan, seconds_ago=120)
    refused = staff.get("/h5/alumni/card/check/", {"t": screenshot})
    assert refused.status_code == 409 and 'data-check-result="expired"' in refused.content.decode() and "周扬" not in refused.content.decode()
    assert alumnus.get("/h5/alumni/card/staff/wrong-key/").status_code == 404


def test_someone_elses_live_page_is_not_found(tenant_a):
    with schema_context("alpha"):
        card, _ = card_holder()
        scan = services.scan_start(actor=card.user, partner=make_partner())
        other, _ = card_holder()
    client = TenantClient(tenant_a).login_as(other.user)
    assert client.get(f"/h5/alumni/card/live/{scan.pk}/").status_code == 404
    assert client.get(f"/h5/alumni/card/live/{scan.pk}/token/").status_code == 404


# --- coupons --------------------------------------------------------------------------------


def test_coupon_redeemed_once_at_its_partner_in_period(in_tenant_a):
    card, _ = card_holder()
    canteen, hotel = make_partner(), make_partner()
    batch = make_batch(canteen)
    assert services.coupons_issue(actor=None, batch=batch, user_ids=[card.user_id, card.user_id]) == 1
    assert services.coupons_issue(actor=None, batch=batch, user_ids=[card.user_id]) == 0  # one per person
    coupon = batch.coupons.get()
    at_hotel = services.scan_start(actor=card.user, partner=hotel)
    with pytest.raises(ApplicationError) as exc:
        services.coupon_redeem(actor=card.user, coupon_id=coupon.pk, scan=at_hotel)
    assert exc.value.code == "coupon_not_valid_here"
    at_canteen = services.scan_start(actor=card.user, partner=canteen)
    redeemed = services.coupon_redeem(actor=card.user, coupon_id=coupon.pk, scan=at_canteen)
    assert redeemed.status == "redeemed" and redeemed.redeemed_partner == canteen
    with pytest.raises(ApplicationError) as exc:
        services.coupon_redeem(actor=card.user, coupon_id=coupon.pk, scan=at_canteen)
    assert exc.value.code == "coupon_already_redeemed" and exc.value.status == 409
    outcome = services.token_check(partner=canteen, token=services.live_token_issue(actor=card.user, scan=at_canteen))
    assert [c.pk for c in outcome.coupons_redeemed] == [coupon.pk]

    expired = make_batch(None, valid_from=timezone.now() - datetime.timedelta(days=3), valid_until=timezone.now() - datetime.timedelta(days=1))
    services.coupons_issue(actor=None, batch=expired, user_ids=[card.user_id])
    with pytest.raises(ApplicationError) as exc:
        services.coupon_redeem(actor=card.user, coupon_id=expired.coupons.get().pk, scan=at_canteen)
    assert exc.value.code == "coupon_out_of_period"


def test_issue_by_numbers_key_alumni_limit_and_void(in_tenant_a):
    first, record = card_holder()
    second, _ = card_holder()
    batch = make_batch(None, total_limit=1)
    issued, unknown = services.coupons_issue_by_numbers(actor=None, batch=batch, numbers=[first.number, second.number, "0000"])
    assert issued == 1 and unknown == ["0000"]
    with pytest.raises(ApplicationError) as exc:
        services.coupons_issue(actor=None, batch=batch, user_ids=[second.user_id])
    assert exc.value.code == "coupon_batch_limit_reached"
    services.key_alumnus_set(actor=None, record_id=record.pk, note="校董")
    parking = make_batch(None, kind="parking")
    assert services.coupons_issue_to_key_alumni(actor=None, batch=parking) == 1
    coupon = parking.coupons.get()
    assert coupon.user_id == first.user_id
    services.coupon_void(actor=None, coupon=coupon)
    with pytest.raises(ApplicationError):
        services.coupon_void(actor=None, coupon=coupon)


def test_coupons_through_activities_reach_checked_in_holders(in_tenant_a):
    from tests.tenant_apps.alumni_activities.conftest import make_activity, register

    card, _ = card_holder()
    absent, _ = card_holder()
    activity = make_activity(capacity=5)
    came = register(activity, card.user)
    register(activity, absent.user)
    came.checked_in_at = timezone.now()
    came.save(update_fields=["checked_in_at"])
    batch = make_batch(None, name="值年返校餐券", activity_id=activity.pk)
    assert services.coupons_sync_for_holder(user=card.user) == 1  # on opening the card
    assert services.coupons_sync_for_holder(user=card.user) == 0
    assert services.coupons_sync_for_holder(user=absent.user) == 0
    assert services.coupons_issue_for_activity(actor=None, batch=batch) == 0  # already has it
    assert list(batch.coupons.values_list("user_id", flat=True)) == [card.user_id]


# --- key alumni -------------------------------------------------------------------------------


def test_key_alumnus_scan_alerts_the_association(in_tenant_a, django_capture_on_commit_callbacks):
    from tenant_apps.messaging.models import Message

    receiver = make_user(kind="staff", perms=("alumni_card.receive_key_alert",))
    card, record = card_holder("郑国强")
    plain, _ = card_holder()
    partner = make_partner("校友之家酒店")
    services.key_alumnus_set(actor=None, record_id=record.pk, note="校董")
    with django_capture_on_commit_callbacks(execute=True):
        scan = services.scan_start(actor=card.user, partner=partner)
        services.scan_start(actor=plain.user, partner=partner)
    assert scan.is_key_alumnus and scan.alert_sent
    message = Message.objects.get(source="alumni_card.key_alert")
    assert "郑国强" in message.body and "校友之家酒店" in message.body
    assert receiver.pk in {r["user_id"] for r in json.loads(message.explicit_recipients)}
    with django_capture_on_commit_callbacks(execute=True):
        again = services.scan_start(actor=card.user, partner=partner)  # within the quiet window: logged, not alerted again
    assert again.is_key_alumnus and not again.alert_sent
    assert Message.objects.filter(source="alumni_card.key_alert").count() == 1


# --- back office ------------------------------------------------------------------------------


def test_backoffice_pages(tenant_a, admin_client_a):
    with schema_context("alpha"):
        card, record = card_holder("吴桐")
        partner = make_partner("图书馆")
        batch = make_batch(partner)
        scan = services.scan_start(actor=card.user, partner=partner)
        services.token_check(partner=partner, token=old_token(scan))
    urls = ["/admin-ui/alumni/card/", "/admin-ui/alumni/card/cards/?q=吴", "/admin-ui/alumni/card/partners/", "/admin-ui/alumni/card/partners/new/",
            f"/admin-ui/alumni/card/partners/{partner.pk}/", f"/admin-ui/alumni/card/partners/{partner.pk}/edit/", f"/admin-ui/alumni/card/partners/{partner.pk}/print/",
            "/admin-ui/alumni/card/scans/?q=吴桐&key=1&from=2020-01-01", "/admin-ui/alumni/card/scans/?tab=checks&result=expired",
            "/admin-ui/alumni/card/coupons/", "/admin-ui/alumni/card/coupons/new/", f"/admin-ui/alumni/card/coupons/{batch.pk}/",
            f"/admin-ui/alumni/card/coupons/{batch.pk}/edit/", "/admin-ui/alumni/card/redemptions/", "/admin-ui/alumni/card/key-alumni/?find=吴桐"]
    for url in urls:
        assert admin_client_a.get(url).status_code == 200, url
    assert "吴桐" in admin_client_a.get("/admin-ui/alumni/card/scans/?q=吴桐").content.decode()
    assert "已过期" in admin_client_a.get("/admin-ui/alumni/card/scans/?tab=checks").content.decode()
    print_page = admin_client_a.get(f"/admin-ui/alumni/card/partners/{partner.pk}/print/").content.decode()
    assert admin_client_a.post(f"/admin-ui/alumni/card/partners/{partner.pk}/print/").status_code == 405
    assert "<svg" in print_page and "图书馆" in print_page

    saved = admin_client_a.post("/admin-ui/alumni/card/", {"name": "母校云卡", "tagline": "校友专属", "is_claim_open": "on"})
    assert saved.status_code == 302
    created = admin_client_a.post("/admin-ui/alumni/card/partners/new/", {"name": "东门停车场", "category": "parking", "is_active": "on"})
    assert created.status_code == 302
    assert admin_client_a.post("/admin-ui/alumni/card/partners/new/", {"name": "", "category": "parking"}).status_code == 400
    admin_client_a.post(f"/admin-ui/alumni/card/coupons/{batch.pk}/", {"action": "issue_numbers", "numbers": card.number})
    admin_client_a.post("/admin-ui/alumni/card/key-alumni/", {"record": record.pk, "note": "校董"})
    admin_client_a.post(f"/admin-ui/alumni/card/partners/{partner.pk}/", {"action": "delete"})  # has scans: refused
    with schema_context("alpha"):
        from tenant_apps.alumni.card.models import CardSettings, KeyAlumnus, Partner

        assert CardSettings.objects.get().name == "母校云卡"
        assert Partner.objects.filter(name="东门停车场").exists() and Partner.objects.filter(pk=partner.pk).exists()
        assert batch.coupons.filter(user=card.user).exists() and KeyAlumnus.objects.filter(record=record).exists()
        old_qr = partner.qr_key
    admin_client_a.post(f"/admin-ui/alumni/card/partners/{partner.pk}/", {"action": "rotate_qr"})
    with schema_context("alpha"):
        partner.refresh_from_db()
        assert partner.qr_key != old_qr


def test_backoffice_and_api_permissions(tenant_a):
    with schema_context("alpha"):
        partner = make_partner()
        nobody = make_user(kind="staff")
        viewer = make_user(kind="staff", perms=("alumni_card.view_partner",))
    client = TenantClient(tenant_a).login_as(nobody)
    for url in ["/admin-ui/alumni/card/", "/admin-ui/alumni/card/partners/", "/admin-ui/alumni/card/scans/", "/admin-ui/alumni/card/coupons/",
                "/admin-ui/alumni/card/key-alumni/", "/admin-ui/alumni/card/cards/", "/admin-ui/alumni/card/redemptions/"]:
        assert client.get(url).status_code == 403, url
    for url in ["/api/v1/alumni/card/partners/", "/api/v1/alumni/card/scans/", "/api/v1/alumni/card/checks/", "/api/v1/alumni/card/coupon-batches/",
                "/api/v1/alumni/card/coupons/", "/api/v1/alumni/card/key-alumni/", "/api/v1/alumni/card/cards/", "/api/v1/alumni/card/settings/"]:
        assert client.get(url).status_code == 403, url
    viewer_client = TenantClient(tenant_a).login_as(viewer)
    assert viewer_client.get(f"/admin-ui/alumni/card/partners/{partner.pk}/").status_code == 200
    assert viewer_client.post(f"/admin-ui/alumni/card/partners/{partner.pk}/", {"action": "rotate_qr"}).status_code == 403
    assert viewer_client.post(f"/admin-ui/alumni/card/partners/{partner.pk}/", {"action": "delete"}).status_code == 403
    assert viewer_client.put(f"/api/v1/alumni/card/partners/{partner.pk}/", {"name": "x"}, content_type="application/json").status_code == 403
    assert TenantClient(tenant_a).get("/api/v1/alumni/card/mine/").status_code == 401


def test_isolation_between_tenants(tenant_a, admin_client_b, client_b):
    with schema_context("alpha"):
        card, _ = card_holder()
        partner = make_partner()
        batch = make_batch(partner)
        scan = services.scan_start(actor=card.user, partner=partner)
    for url in [f"/admin-ui/alumni/card/partners/{partner.pk}/", f"/admin-ui/alumni/card/coupons/{batch.pk}/",
                f"/api/v1/alumni/card/partners/{partner.pk}/", f"/api/v1/alumni/card/coupon-batches/{batch.pk}/"]:
        assert admin_client_b.get(url).status_code == 404, url
    assert admin_client_b.get("/api/v1/alumni/card/scans/").json()["count"] == 0
    assert client_b.get(f"/h5/alumni/card/staff/{partner.staff_key}/").status_code == 404
    assert client_b.post("/api/v1/alumni/card/verify/", {"staff_key": partner.staff_key, "token": "x"}, content_type="application/json").status_code == 404
    assert admin_client_b.post(f"/api/v1/alumni/card/scan/{partner.qr_key}/", content_type="application/json").status_code == 404
    # the staff check needs no account, but a token that is sent must be valid here
    assert client_b.post("/api/v1/alumni/card/verify/", {"staff_key": partner.staff_key, "token": "x"}, content_type="application/json",
                         HTTP_AUTHORIZATION="Token not-a-beta-token").status_code == 401
    assert scan.pk


# --- API --------------------------------------------------------------------------------------


def test_api_happy_path(tenant_a, admin_client_a):
    with schema_context("alpha"):
        user, _, record = verified_alumnus("许诺")
    api = admin_client_a
    partner = api.post("/api/v1/alumni/card/partners/", {"name": "校友咖啡", "category": "restaurant", "offer": "8 折"}, content_type="application/json")
    assert partner.status_code == 201 and "/h5/alumni/card/p/" in partner.json()["qr_url"]
    partner_id, qr_url, staff_url = partner.json()["id"], partner.json()["qr_url"], partner.json()["staff_url"]
    assert api.put(f"/api/v1/alumni/card/partners/{partner_id}/", {"name": "校友咖啡馆", "category": "restaurant"}, content_type="application/json").json()["name"] == "校友咖啡馆"
    assert api.put("/api/v1/alumni/card/settings/", {"name": "API 云卡", "tagline": "t", "claim_intro": "", "is_claim_open": True},
                   content_type="application/json").json()["name"] == "API 云卡"
    assert api.post("/api/v1/alumni/card/key-alumni/", {"record_id": record.pk, "note": "重点"}, content_type="application/json").status_code == 201

    alumnus = TenantClient(tenant_a).login_as(user)
    assert alumnus.get("/api/v1/alumni/card/mine/").json()["card"] is None
    claimed = alumnus.post("/api/v1/alumni/card/mine/claim/", {"via": "link"}, content_type="application/json")
    assert claimed.status_code == 201
    number = claimed.json()["number"]
    assert alumnus.get("/api/v1/alumni/card/partners/public/").json()["count"] >= 1

    now = timezone.now()
    batch = api.post("/api/v1/alumni/card/coupon-batches/", {"name": "咖啡券", "kind": "discount", "value_text": "8折", "partner_id": partner_id,
                                                             "valid_from": (now - datetime.timedelta(hours=1)).isoformat(), "valid_until": (now + datetime.timedelta(days=1)).isoformat()},
                     content_type="application/json")
    assert batch.status_code == 201
    issued = api.post(f"/api/v1/alumni/card/coupon-batches/{batch.json()['id']}/issue/", {"mode": "numbers", "numbers": [number, "nope"]}, content_type="application/json")
    assert issued.json() == {"issued": 1, "unknown_numbers": ["nope"]}

    live = alumnus.post(f"/api/v1/alumni/card/scan/{qr_url.rstrip('/').rsplit('/', 1)[-1]}/", content_type="application/json")
    assert live.status_code == 201 and live.json()["valid_seconds"] == 30
    scan_id = live.json()["scan_id"]
    token = alumnus.get(f"/api/v1/alumni/card/scans/{scan_id}/token/").json()["token"]
    coupon_id = alumnus.get("/api/v1/alumni/card/mine/coupons/").json()["results"][0]["id"]
    assert alumnus.post(f"/api/v1/alumni/card/mine/coupons/{coupon_id}/redeem/", {"scan_id": scan_id}, content_type="application/json").json()["status"] == "redeemed"
    assert alumnus.post(f"/api/v1/alumni/card/mine/coupons/{coupon_id}/redeem/", {"scan_id": scan_id}, content_type="application/json").status_code == 409

    staff_key = staff_url.rstrip("/").rsplit("/", 1)[-1]
    anonymous = TenantClient(tenant_a)
    verdict = anonymous.post("/api/v1/alumni/card/verify/", {"staff_key": staff_key, "token": live.json()["check_url"]}, content_type="application/json").json()
    assert verdict["accepted"] and verdict["holder_name"] == "许诺" and verdict["coupons_redeemed"] == ["咖啡券"]
    with schema_context("alpha"):
        from tenant_apps.alumni.card.models import Scan

        screenshot = old_token(Scan.objects.get(pk=scan_id))
    replay = anonymous.post("/api/v1/alumni/card/verify/", {"staff_key": staff_key, "token": screenshot}, content_type="application/json").json()
    assert replay["result"] == "expired" and not replay["accepted"] and replay["holder_name"] is None
    assert anonymous.post("/api/v1/alumni/card/verify/", {"staff_key": "bad", "token": token}, content_type="application/json").status_code == 404

    scans = api.get("/api/v1/alumni/card/scans/?key=1").json()
    assert scans["count"] == 1 and scans["results"][0]["is_key_alumnus"]
    assert {c["result"] for c in api.get(f"/api/v1/alumni/card/checks/?partner={partner_id}").json()["results"]} == {"accepted", "expired"}
    assert api.get("/api/v1/alumni/card/coupons/?status=redeemed").json()["count"] == 1
    card_id = api.get("/api/v1/alumni/card/cards/?q=许诺").json()["results"][0]["id"]
    assert api.post(f"/api/v1/alumni/card/cards/{card_id}/status/", {"active": False, "reason": "挂失"}, content_type="application/json").json()["status"] == "revoked"
    assert alumnus.get(f"/api/v1/alumni/card/scans/{scan_id}/token/").status_code == 403
    key_id = api.get("/api/v1/alumni/card/key-alumni/").json()["results"][0]["id"]
    assert api.delete(f"/api/v1/alumni/card/key-alumni/{key_id}/").status_code == 204
    assert api.delete(f"/api/v1/alumni/card/partners/{partner_id}/").status_code == 409  # has history


def test_demo_seeder_is_fast_and_idempotent(in_tenant_a):
    import time

    from tenant_apps.alumni.card.demo import seed_demo_card
    from tenant_apps.alumni.card.models import Partner, Scan

    for _ in range(3):
        verified_alumnus()
    started = time.monotonic()
    seed_demo_card("alpha", "university")
    assert time.monotonic() - started < 3
    assert Partner.objects.count() == 5 and Scan.objects.count() == 60
    seed_demo_card("alpha", "university")
    assert Partner.objects.count() == 5
