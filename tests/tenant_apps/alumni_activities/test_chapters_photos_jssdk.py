"""Chapter organisers (picker and data scope), activity photos with moderation, and the WeChat
JS-SDK config on the H5 activity and door pages (jsapi_ticket from a local fake WeChat)."""

from __future__ import annotations

import datetime
import hashlib
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_tenants.utils import schema_context

from core import hooks
from tests.conftest import TenantClient

from .conftest import ADMIN_PERMS, make_activity, make_user, register

pytestmark = pytest.mark.django_db
WECHAT_UA = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 MicroMessenger/8.0.49"


def png(name="photo.png", size=(24, 16), color=(200, 16, 46)) -> SimpleUploadedFile:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def chapter_admin_of(*orgs):
    """An alumnus who accepted the invitation to run `orgs`."""
    from tenant_apps.alumni.orgs.services import admin_accept, admin_invite

    user = make_user()
    for org in orgs:
        invitation = admin_invite(actor=make_user(kind="staff", perms=("alumni_orgs.invite_admin",)), org=org, name="会长", phone="13900000000",
                                  role="president", channel="wechat")
        admin_accept(user=user, token=invitation.token)
    return user


@pytest.fixture
def chapters(in_tenant_a):
    from tests.tenant_apps.alumni_records.conftest import make_chapter

    shanghai, beijing = make_chapter(name="上海校友会"), make_chapter(name="北京校友会")
    return {"shanghai": shanghai, "beijing": beijing, "admin": chapter_admin_of(shanghai)}


def _input(**extra):
    from tenant_apps.alumni.activities.services import ActivityInput

    start = timezone.now() + datetime.timedelta(days=3)
    return ActivityInput(title=extra.pop("title", "分会活动"), starts_at=start, ends_at=start + datetime.timedelta(hours=2), capacity=20, **extra)


# --- (d) the chapter picker and the chapter scope ------------------------------------------------


def test_chapter_admin_picks_only_their_chapters_and_publishes_at_once(chapters):
    from core.errors import PermissionDenied
    from tenant_apps.alumni.activities import selectors
    from tenant_apps.alumni.activities.services import activity_create

    admin = chapters["admin"]
    assert [c.name for c in selectors.chapter_choices(admin)] == ["上海校友会"]
    activity = activity_create(actor=admin, data=_input(organiser_kind="chapter", chapter_id=chapters["shanghai"].pk))
    assert (activity.status, activity.organiser_kind, activity.organiser_name) == ("published", "chapter", "上海校友会")
    with pytest.raises(PermissionDenied):
        activity_create(actor=admin, data=_input(organiser_kind="chapter", chapter_id=chapters["beijing"].pk))
    stranger = make_user()
    assert selectors.chapter_choices(stranger) == []
    with pytest.raises(PermissionDenied):
        activity_create(actor=stranger, data=_input(chapter_id=chapters["shanghai"].pk))
    # without a chapter an alumnus' activity still waits for review
    assert activity_create(actor=admin, data=_input(organiser_kind="alumnus")).status == "pending"
    staff = make_user(kind="staff", perms=ADMIN_PERMS)
    assert {c.name for c in selectors.chapter_choices(staff)} >= {"上海校友会", "北京校友会"}


def test_chapter_admin_sees_and_manages_only_their_chapters(chapters, tenant_a):
    from tenant_apps.alumni.activities.services import activity_create

    admin = chapters["admin"]
    ours = activity_create(actor=admin, data=_input(title="上海秋季聚会", organiser_kind="chapter", chapter_id=chapters["shanghai"].pk, requires_review=True))
    theirs = make_activity(title="北京分会论坛", organiser_kind="chapter", chapter_id=chapters["beijing"].pk, requires_review=True)
    association = make_activity(title="总会年会")
    ours_reg, theirs_reg = register(ours), register(theirs)
    client = TenantClient(tenant_a).login_as(admin)

    listing = client.get("/h5/alumni/activities/manage/")
    assert listing.status_code == 200
    body = listing.content.decode()
    assert "上海秋季聚会" in body and "北京分会论坛" not in body and "总会年会" not in body
    assert client.get(f"/h5/alumni/activities/manage/{ours.pk}/").status_code == 200
    assert client.get(f"/h5/alumni/activities/manage/{theirs.pk}/").status_code == 404
    assert client.get(f"/h5/alumni/activities/manage/{association.pk}/").status_code == 404
    response = client.post(f"/h5/alumni/activities/manage/{ours.pk}/", {"registration": ours_reg.pk, "action": "approve"})
    assert response.status_code == 302
    assert client.post(f"/h5/alumni/activities/manage/{theirs.pk}/", {"registration": theirs_reg.pk, "action": "approve"}).status_code == 404

    api = client.get("/api/v1/alumni/activities/managed/")
    assert api.status_code == 200
    assert [a["title"] for a in api.json()["results"]] == ["上海秋季聚会"]
    assert client.get(f"/api/v1/alumni/activities/{ours.pk}/registrations/").status_code == 200
    assert client.get(f"/api/v1/alumni/activities/{theirs.pk}/registrations/").status_code == 404
    assert client.post(f"/api/v1/alumni/activities/registrations/{theirs_reg.pk}/review/", {"approve": True, "reason": ""},
                       content_type="application/json").status_code == 404
    assert client.post(f"/api/v1/alumni/activities/registrations/{ours_reg.pk}/remove/", {"reason": "名额调整"},
                       content_type="application/json").status_code == 200
    choices = client.get("/api/v1/alumni/activities/chapter-choices/").json()
    assert [c["name"] for c in choices] == ["上海校友会"]
    with schema_context("alpha"):
        ours_reg.refresh_from_db()
        theirs_reg.refresh_from_db()
        assert ours_reg.status == "removed" and theirs_reg.status == "pending_review"


def test_h5_propose_with_the_chapter_picker(chapters, tenant_a):
    client = TenantClient(tenant_a).login_as(chapters["admin"])
    page = client.get("/h5/alumni/activities/new/").content.decode()
    assert "上海校友会" in page and "北京校友会" not in page
    start = (timezone.localtime() + datetime.timedelta(days=4)).strftime("%Y-%m-%dT%H:%M")
    end = (timezone.localtime() + datetime.timedelta(days=4, hours=2)).strftime("%Y-%m-%dT%H:%M")
    form = {"title": "上海读书会", "starts_at": start, "ends_at": end, "capacity": "30", "place": "徐汇"}
    refused = client.post("/h5/alumni/activities/new/", {**form, "chapter_id": chapters["beijing"].pk})
    assert refused.status_code == 403
    created = client.post("/h5/alumni/activities/new/", {**form, "chapter_id": chapters["shanghai"].pk})
    assert created.status_code == 302 and "/manage/" in created["Location"]
    with schema_context("alpha"):
        from tenant_apps.alumni.activities.models import Activity

        activity = Activity.objects.get(title="上海读书会")
        assert activity.chapter_id == chapters["shanghai"].pk and activity.status == "published"


def test_people_who_organise_nothing_are_refused(chapters, tenant_a):
    with schema_context("alpha"):
        activity = make_activity(organiser_kind="chapter", chapter_id=chapters["shanghai"].pk)
        alumnus = make_user()
    client = TenantClient(tenant_a).login_as(alumnus)
    assert client.get("/h5/alumni/activities/manage/").status_code == 403
    assert client.get("/api/v1/alumni/activities/managed/").status_code == 403
    assert client.get(f"/api/v1/alumni/activities/{activity.pk}/registrations/").status_code == 403


def test_other_tenant_sees_no_chapter_activity(chapters, tenant_a, admin_client_b):
    with schema_context("alpha"):
        activity = make_activity(title="阿尔法上海分会专属活动", organiser_kind="chapter", chapter_id=chapters["shanghai"].pk)
    assert admin_client_b.get(f"/h5/alumni/activities/manage/{activity.pk}/").status_code == 404
    assert admin_client_b.get(f"/api/v1/alumni/activities/{activity.pk}/registrations/").status_code == 404
    managed = admin_client_b.get("/api/v1/alumni/activities/managed/")
    assert managed.status_code == 404 or "阿尔法上海分会专属活动" not in managed.content.decode()


def test_managed_list_query_count_does_not_grow(chapters, tenant_a, django_assert_max_num_queries):
    from tenant_apps.alumni.activities.services import activity_create

    admin = chapters["admin"]
    for n in range(6):
        register(activity_create(actor=admin, data=_input(title=f"上海活动{n}", organiser_kind="chapter", chapter_id=chapters["shanghai"].pk)))
    client = TenantClient(tenant_a).login_as(admin)
    with django_assert_max_num_queries(25):
        assert client.get("/h5/alumni/activities/manage/").status_code == 200


# --- (c) photos --------------------------------------------------------------------------------


@pytest.fixture
def photo_events():
    from tenant_apps.alumni.activities.services import PHOTO_APPROVED, PHOTO_WITHDRAWN

    seen = []

    def approved(*, photo):
        seen.append(("approved", photo.pk))

    def withdrawn(*, photo_id, activity_id):
        seen.append(("withdrawn", photo_id))

    hooks.subscribe(PHOTO_APPROVED, approved)
    hooks.subscribe(PHOTO_WITHDRAWN, withdrawn)
    yield seen
    hooks._subscribers[PHOTO_APPROVED].remove(approved)
    hooks._subscribers[PHOTO_WITHDRAWN].remove(withdrawn)


def test_photos_attendees_wait_for_moderation_organisers_do_not(chapters, photo_events, django_capture_on_commit_callbacks):
    from core.errors import PermissionDenied
    from tenant_apps.alumni.activities import selectors, services
    from tenant_apps.alumni.activities.models import ActivityPhoto

    admin = chapters["admin"]
    activity = services.activity_create(actor=admin, data=_input(organiser_kind="chapter", chapter_id=chapters["shanghai"].pk))
    attendee = make_user()
    register(activity, attendee)
    with django_capture_on_commit_callbacks(execute=True):
        mine = services.photo_upload(actor=attendee, activity=activity, image=png(), caption="合影")
        organisers = services.photo_upload(actor=admin, activity=activity, image=png("stage.png"), caption="舞台")
    assert (mine.status, mine.source, organisers.status, organisers.source) == ("pending", "attendee", "approved", "organiser")
    assert photo_events == [("approved", organisers.pk)]
    assert [p.pk for p in selectors.photos_visible(activity, make_user())] == [organisers.pk]
    assert {p.pk for p in selectors.photos_visible(activity, attendee)} == {organisers.pk, mine.pk}
    with pytest.raises(PermissionDenied):
        services.photo_upload(actor=make_user(), activity=activity, image=png())  # not registered
    with pytest.raises(PermissionDenied):
        services.photo_review(actor=attendee, photo=mine, approve=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.photo_review(actor=admin, photo=mine, approve=True)
        services.photo_review(actor=admin, photo=organisers, approve=False, note="重复")
    assert photo_events[1:] == [("approved", mine.pk), ("withdrawn", organisers.pk)]
    # part 3's albums pick up what is approved
    assert [p.pk for p in selectors.photos_for_albums(activity_id=activity.pk)] == [mine.pk]
    ActivityPhoto.objects.filter(pk=mine.pk).update(album_id=7)
    assert not selectors.photos_for_albums(not_in_album=True).filter(activity=activity).exists()


def test_photo_upload_obeys_the_tenants_limits(chapters):
    from core.errors import ApplicationError
    from tenant_apps.alumni.activities import services
    from tenant_apps.cms.models import SiteSettings

    activity = services.activity_create(actor=chapters["admin"], data=_input(organiser_kind="chapter", chapter_id=chapters["shanghai"].pk))
    SiteSettings.objects.update_or_create(singleton=1, defaults={"image_extensions": "jpg,jpeg"})
    with pytest.raises(ApplicationError):
        services.photo_upload(actor=chapters["admin"], activity=activity, image=png())
    SiteSettings.objects.filter(singleton=1).update(image_extensions="jpg,jpeg,png")
    with pytest.raises(ApplicationError):
        services.photo_upload(actor=chapters["admin"], activity=activity, image=SimpleUploadedFile("fake.png", b"not an image", content_type="image/png"))
    assert services.photo_upload(actor=chapters["admin"], activity=activity, image=png()).status == "approved"


def test_photo_pages_and_api(chapters, tenant_a, admin_client_a, admin_client_b):
    from tenant_apps.alumni.activities import services

    with schema_context("alpha"):
        activity = services.activity_create(actor=chapters["admin"], data=_input(organiser_kind="chapter", chapter_id=chapters["shanghai"].pk))
        attendee = make_user()
        register(activity, attendee)
    phone = TenantClient(tenant_a).login_as(attendee)
    response = phone.post(f"/h5/alumni/activities/{activity.pk}/", {"action": "photo", "caption": "签到处", "image": png()})
    assert response.status_code == 302
    page = phone.get(f"/h5/alumni/activities/{activity.pk}/").content.decode()
    assert "签到处" in page and "待审核" in page
    uploaded = phone.post(f"/api/v1/alumni/activities/{activity.pk}/photos/", {"image": png("b.png"), "caption": "接口上传"})
    assert uploaded.status_code == 201 and uploaded.json()["status"] == "pending"
    photo_id = uploaded.json()["id"]
    assert phone.post(f"/api/v1/alumni/activities/photos/{photo_id}/review/", {"approve": True}, content_type="application/json").status_code == 403
    others = TenantClient(tenant_a).login_as(make_user_in("alpha"))
    assert [p["caption"] for p in others.get(f"/api/v1/alumni/activities/{activity.pk}/photos/").json()] == []

    # moderation: the back office page and the chapter admin through the API
    moderation = admin_client_a.get("/admin-ui/alumni/activities/photos/")
    assert moderation.status_code == 200 and "签到处" in moderation.content.decode()
    organiser = TenantClient(tenant_a).login_as(chapters["admin"])
    reviewed = organiser.post(f"/api/v1/alumni/activities/photos/{photo_id}/review/", {"approve": True}, content_type="application/json")
    assert reviewed.status_code == 200 and reviewed.json()["status"] == "approved"
    assert [p["caption"] for p in others.get(f"/api/v1/alumni/activities/{activity.pk}/photos/").json()] == ["接口上传"]
    assert others.delete(f"/api/v1/alumni/activities/photos/{photo_id}/").status_code == 403
    assert phone.delete(f"/api/v1/alumni/activities/photos/{photo_id}/").status_code == 204

    # isolation: tenant B sees none of it
    assert admin_client_b.get(f"/api/v1/alumni/activities/{activity.pk}/photos/").status_code == 404
    assert admin_client_b.get("/admin-ui/alumni/activities/photos/").content.decode().count("签到处") == 0
    staff = make_user_in("alpha", kind="staff", perms=("alumni_activities.view_activity",))
    assert TenantClient(tenant_a).login_as(staff).get("/admin-ui/alumni/activities/photos/").status_code == 403


def make_user_in(schema: str, **kwargs):
    with schema_context(schema):
        return make_user(**kwargs)


# --- (e) JS-SDK --------------------------------------------------------------------------------


@pytest.fixture
def fake_wechat(settings):
    from django_redis import get_redis_connection

    from tests.tenant_apps.wechat.conftest import ALPHA, make_account
    from tests.tenant_apps.wechat.fake_wechat import FakeWeChat

    def wipe():
        redis = get_redis_connection("default")
        for key in redis.scan_iter("*wechat:*"):
            redis.delete(key)

    wipe()
    server = FakeWeChat(app_id=ALPHA["app_id"], app_secret=ALPHA["app_secret"]).start()
    settings.WECHAT_API_BASE = server.base_url
    make_account("alpha", ALPHA)
    yield server
    server.stop()
    wipe()


def _wx_attrs(html: str) -> dict:
    import re

    block = re.search(r'<div id="wx-jssdk"([^>]*)>', html)
    return dict(re.findall(r'data-([a-z-]+)="([^"]*)"', block.group(1))) if block else {}


def test_activity_and_door_pages_get_the_jssdk_config_inside_wechat(tenant_a, fake_wechat):
    from django.core.cache import cache

    from tests.tenant_apps.wechat.conftest import ALPHA

    with schema_context("alpha"):
        activity = make_activity(title="校庆返校日", summary="欢迎回家")
        volunteer = make_user(kind="staff", perms=("alumni_activities.view_activity", "alumni_activities.checkin_activity"))
    client = TenantClient(tenant_a, HTTP_USER_AGENT=WECHAT_UA).login_as(volunteer)
    page = client.get(f"/h5/alumni/activities/{activity.pk}/")
    html = page.content.decode()
    wx = _wx_attrs(html)
    assert wx["app-id"] == ALPHA["app_id"] and wx["share-title"] == "校庆返校日" and wx["share-desc"] == "欢迎回家"
    assert wx["share-link"].endswith(f"/h5/alumni/activities/{activity.pk}/") and wx["share-img"].startswith("http")
    assert "updateAppMessageShareData" in wx["apis"] and "wechat/wxbridge" in html
    with schema_context("alpha"):
        ticket = cache.get(f"wechat:alpha:{ALPHA['app_id']}:{ALPHA['app_id']}_jsapi_ticket")
    assert ticket
    url = f"http://alpha.localhost/h5/alumni/activities/{activity.pk}/"
    plain = f"jsapi_ticket={ticket}&noncestr={wx['nonce-str']}&timestamp={wx['timestamp']}&url={url}"
    assert hashlib.sha1(plain.encode()).hexdigest() == wx["signature"]

    door = client.get(f"/h5/alumni/activities/{activity.pk}/door/").content.decode()
    door_wx = _wx_attrs(door)
    assert door_wx["apis"] == "scanQRCode" and "door-wx.js" in door and "data-door-wxscan" in door
    client.get(f"/h5/alumni/activities/{activity.pk}/")
    assert len(fake_wechat.calls("/cgi-bin/ticket/getticket")) == 1  # the ticket is cached in Redis


def test_outside_wechat_the_pages_keep_the_browser_scanner(tenant_a, fake_wechat):
    with schema_context("alpha"):
        activity = make_activity()
        volunteer = make_user(kind="staff", perms=("alumni_activities.view_activity", "alumni_activities.checkin_activity"))
    client = TenantClient(tenant_a).login_as(volunteer)
    door = client.get(f"/h5/alumni/activities/{activity.pk}/door/").content.decode()
    assert "wx-jssdk" not in door and "door-wx.js" not in door and "data-door-camera" in door
    assert "wx-jssdk" not in client.get(f"/h5/alumni/activities/{activity.pk}/").content.decode()
    assert fake_wechat.calls("/cgi-bin/ticket/getticket") == []


def test_wechat_unreachable_leaves_the_page_working(tenant_a, settings):
    from tests.tenant_apps.wechat.conftest import ALPHA, make_account

    make_account("alpha", ALPHA)
    settings.WECHAT_API_BASE = "http://127.0.0.1:9/"  # nothing listens there
    with schema_context("alpha"):
        activity = make_activity()
        alumnus = make_user()
    page = TenantClient(tenant_a, HTTP_USER_AGENT=WECHAT_UA).login_as(alumnus).get(f"/h5/alumni/activities/{activity.pk}/")
    assert page.status_code == 200 and "wx-jssdk" not in page.content.decode()


def test_the_bridge_script_is_served_from_our_static_files():
    from django.contrib.staticfiles import finders

    path = finders.find("wechat/wxbridge.js")
    assert path
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    assert "WeixinJSBridge" in text and "preVerifyJSAPI" in text and "scanQRCode" in text and "updateAppMessageShareData" in text
    assert "res.wx.qq.com" not in text and "http://" not in text and "https://" not in text  # nothing fetched from outside
