"""Albums: creation and review, view and upload permissions, activity photos, hall section,
back office and H5 pages, API, isolation and the permission matrix."""

from __future__ import annotations

import pytest
from django.urls import reverse

from core import hooks
from tests.conftest import TenantClient

from .conftest import STAFF_PERMS, blank_picture, make_album, make_user

pytestmark = pytest.mark.django_db


def test_alumnus_album_waits_for_review_then_shows(album_staff, alumnus):
    from tenant_apps.alumni.albums import selectors, services
    from tenant_apps.alumni.albums.services import AlbumInput

    album = services.album_create(actor=alumnus, data=AlbumInput(title="毕业旅行", view_scope="members", upload_scope="owner"))
    other = make_user()
    assert album.status == "pending"
    assert album in selectors.albums_of(alumnus) and album not in selectors.albums_visible(other)
    assert not selectors.may_view_album(other, album) and selectors.may_view_album(alumnus, album)
    with pytest.raises(Exception) as refused:
        services.album_review(actor=album_staff, album=album, approve=False)
    assert getattr(refused.value, "code", "") == "review_note_required"
    services.album_review(actor=album_staff, album=album, approve=True)
    assert album in selectors.albums_visible(other)
    assert album not in selectors.albums_visible(make_user(kind="student"))  # members-only: verified alumni


def test_only_alumni_or_staff_create_albums(in_tenant_a):
    from core.errors import PermissionDenied
    from tenant_apps.alumni.albums import services

    with pytest.raises(PermissionDenied):
        services.album_create(actor=make_user(kind="student"), data=services.AlbumInput(title="x"))


def test_chapter_scope_uses_membership_hook(album_staff):
    from tenant_apps.alumni.albums import selectors

    album = make_album(album_staff, view_scope="chapter", upload_scope="chapter", chapter_id=4242)
    member, outsider = make_user(), make_user()

    def membership(*, user, chapter_id, **_):
        return user.pk == member.pk and chapter_id == 4242

    hooks.subscribe("alumni.chapter_member", membership)
    try:
        assert album in selectors.albums_visible(member) and album not in selectors.albums_visible(outsider)
        assert selectors.may_upload(member, album) and not selectors.may_upload(outsider, album)
    finally:
        hooks._subscribers["alumni.chapter_member"].remove(membership)


def test_upload_permissions_and_photo_review(album_staff, alumnus):
    from core.errors import PermissionDenied
    from tenant_apps.alumni.albums import selectors, services

    owner_only = make_album(album_staff, upload_scope="owner")
    with pytest.raises(PermissionDenied):
        services.photo_upload(actor=alumnus, album=owner_only, image=blank_picture())
    album = make_album(album_staff, upload_scope="members")
    photo = services.photo_upload(actor=alumnus, album=album, image=blank_picture(), caption="合影")
    assert photo.status == "pending"
    viewer = make_user()
    assert photo not in selectors.album_photos(album, viewer) and photo in selectors.album_photos(album, alumnus)
    assert not selectors.may_see_photo(viewer, photo)
    assert photo in selectors.photos_pending_review()
    services.photo_review(actor=album_staff, photo=photo, approve=True)
    photo.refresh_from_db()
    assert photo in selectors.album_photos(album, viewer) and selectors.may_see_photo(viewer, photo)
    with pytest.raises(PermissionDenied):
        services.photo_upload(actor=make_user(kind="student"), album=album, image=blank_picture())


def test_upload_obeys_tenant_image_limits(album_staff):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from core.errors import ApplicationError
    from tenant_apps.alumni.albums import services

    album = make_album(album_staff)
    with pytest.raises(ApplicationError):
        services.photo_upload(actor=album_staff, album=album, image=SimpleUploadedFile("x.exe", b"MZ", content_type="application/octet-stream"))


def test_approved_activity_photos_appear_in_the_activity_album(in_tenant_a, django_capture_on_commit_callbacks):
    from tenant_apps.alumni.activities.services import photo_upload
    from tenant_apps.alumni.albums import selectors
    from tenant_apps.alumni.albums.models import AlbumPhoto
    from tests.tenant_apps.alumni_activities.conftest import ADMIN_PERMS, make_activity
    from tests.tenant_apps.alumni_activities.conftest import make_user as make_activity_user

    organiser = make_activity_user(kind="staff", perms=ADMIN_PERMS)
    activity = make_activity(organiser)
    if activity.status != "published":
        from tenant_apps.alumni.activities.models import Activity

        Activity.objects.filter(pk=activity.pk).update(status="published")
        activity.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        photo = photo_upload(actor=organiser, activity=activity, image=blank_picture("act.jpg"), caption="签到处")
    taken = AlbumPhoto.objects.get(activity_photo_id=photo.pk)
    assert taken.album.activity_id == activity.pk and taken.image.name == photo.image.name and taken.status == "approved"
    photo.refresh_from_db()
    assert photo.album_id == taken.album_id
    assert taken in selectors.album_photos(taken.album, make_user())
    hooks.publish("alumni.activity_photo_withdrawn", photo_id=photo.pk, activity_id=activity.pk)
    assert not AlbumPhoto.objects.filter(activity_photo_id=photo.pk).exists()


def test_hall_section_lists_latest_visible_photos(album_staff, rf):
    from tenant_apps.alumni.albums import services
    from tenant_apps.alumni.hall import hall_section

    album = make_album(album_staff)
    hidden = make_album(album_staff, view_scope="members")
    for n in range(3):
        services.photo_upload(actor=album_staff, album=album, image=blank_picture(f"p{n}.jpg"), caption=f"照片{n}")
    services.photo_upload(actor=album_staff, album=hidden, image=blank_picture("h.jpg"), caption="校友专享")
    request = rf.get("/")
    request.user = make_user(kind="student")
    items = hall_section("photos", request, 8)
    assert [i.title for i in items][:3] == ["照片2", "照片1", "照片0"] and "校友专享" not in [i.title for i in items]


def test_backoffice_pages_and_permissions(client_a, tenant_a):
    from django_tenants.utils import schema_context

    with schema_context("alpha"):
        staff = make_user(kind="staff", perms=STAFF_PERMS)
        plain = make_user(kind="staff", perms=("alumni_albums.view_album",))
        album = make_album(staff)
    client_a.login_as(staff)
    for name, args in (("list", []), ("add", []), ("review", []), ("faces", []), ("detail", [album.pk]), ("edit", [album.pk]), ("progress", [album.pk])):
        assert client_a.get(reverse(f"backoffice:alumni_albums:{name}", args=args)).status_code == 200, name
    response = client_a.post(reverse("backoffice:alumni_albums:add"), {"title": "返校日", "view_scope": "everyone", "upload_scope": "members",
                                                                       "is_face_search_enabled": "on"})
    assert response.status_code == 302
    other = TenantClient(tenant_a).login_as(plain)
    assert other.get(reverse("backoffice:alumni_albums:review")).status_code == 403
    assert other.get(reverse("backoffice:alumni_albums:faces")).status_code == 403
    assert other.post(reverse("backoffice:alumni_albums:detail", args=[album.pk]), {"action": "delete"}).status_code == 403


def test_h5_pages(client_a):
    from django_tenants.utils import schema_context

    with schema_context("alpha"):
        staff = make_user(kind="staff", perms=STAFF_PERMS)
        album = make_album(staff, is_face_search_enabled=True)
        member = make_user()
    client_a.login_as(member)
    assert "校友相册" in client_a.get(reverse("h5:alumni_albums:list")).content.decode()
    assert client_a.get(reverse("h5:alumni_albums:list") + "?tab=mine").status_code == 200
    page = client_a.get(reverse("h5:alumni_albums:detail", args=[album.pk])).content.decode()
    assert album.title in page and "找我的照片" in page
    response = client_a.post(reverse("h5:alumni_albums:detail", args=[album.pk]), {"images": blank_picture("m.jpg"), "caption": "我的照片"})
    assert response.status_code == 302
    assert client_a.post(reverse("h5:alumni_albums:add"), {"title": "我的相册", "view_scope": "members", "upload_scope": "owner"}).status_code == 302
    assert "单独同意" in client_a.get(reverse("h5:alumni_albums:face")).content.decode()
    assert client_a.get(reverse("h5:alumni_albums:found")).status_code == 302  # not enrolled: back to the consent page
    assert client_a.get(reverse("h5:alumni_albums:progress", args=[album.pk])).status_code == 200


def test_api_albums_photos_review(client_a):
    from django_tenants.utils import schema_context

    with schema_context("alpha"):
        staff = make_user(kind="staff", perms=STAFF_PERMS)
        member = make_user()
    client_a.login_as(member)
    created = client_a.post("/api/v1/alumni/albums/", {"title": "API 相册", "view_scope": "everyone", "upload_scope": "owner"}, content_type="application/json")
    assert created.status_code == 201 and created.json()["status"] == "pending"
    album_id = created.json()["id"]
    assert [a["id"] for a in client_a.get("/api/v1/alumni/albums/?scope=mine").json()["results"]] == [album_id]
    assert client_a.post(f"/api/v1/alumni/albums/{album_id}/review/", {"approve": True}, content_type="application/json").status_code == 403
    assert client_a.get("/api/v1/alumni/albums/review-queue/").status_code == 403
    assert client_a.get("/api/v1/alumni/albums/face/statistics/").status_code == 403
    client_a.login_as(staff)
    queue = client_a.get("/api/v1/alumni/albums/review-queue/").json()
    assert album_id in [a["id"] for a in queue["albums"]]
    assert client_a.post(f"/api/v1/alumni/albums/{album_id}/review/", {"approve": True}, content_type="application/json").json()["status"] == "approved"
    client_a.login_as(member)
    uploaded = client_a.post(f"/api/v1/alumni/albums/{album_id}/photos/", {"image": blank_picture("api.jpg"), "caption": "API"})
    assert uploaded.status_code == 201 and uploaded.json()["status"] == "approved" and uploaded.json()["url"]
    assert client_a.get(f"/api/v1/alumni/albums/{album_id}/photos/").json()["results"][0]["caption"] == "API"
    assert client_a.get(f"/api/v1/alumni/albums/{album_id}/index/").json()["enabled"] is False
    assert client_a.delete(f"/api/v1/alumni/albums/photos/{uploaded.json()['id']}/").status_code == 204
    client_a.login_as(staff)
    assert client_a.get("/api/v1/alumni/albums/face/statistics/").json()["filing_threshold"] == 100000


def test_other_tenant_sees_nothing(client_a, client_b):
    from django_tenants.utils import schema_context

    with schema_context("alpha"):
        album = make_album(make_user(kind="staff", perms=STAFF_PERMS))
    with schema_context("beta"):
        outsider = make_user(kind="staff", perms=STAFF_PERMS)
    client_b.login_as(outsider)
    assert client_b.get(f"/api/v1/alumni/albums/{album.pk}/").status_code == 404
    assert client_b.get(f"/api/v1/alumni/albums/{album.pk}/photos/").status_code == 404
    assert client_b.get(reverse("h5:alumni_albums:detail", args=[album.pk])).status_code == 404
    assert client_b.get(reverse("backoffice:alumni_albums:detail", args=[album.pk])).status_code == 404
    assert album.pk not in [a["id"] for a in client_b.get("/api/v1/alumni/albums/").json()["results"]]


def test_demo_seeder_is_idempotent_and_fast(in_tenant_a):
    import time

    from tenant_apps.alumni.albums.demo import seed_demo_albums
    from tenant_apps.alumni.albums.models import Album, FaceEnrolment

    for _ in range(3):
        make_user()
    started = time.monotonic()
    seed_demo_albums("alpha", "university")
    assert time.monotonic() - started < 3
    seed_demo_albums("alpha", "university")
    assert Album.objects.filter(is_face_search_enabled=True, activity_id__isnull=True).count() == 2
    assert FaceEnrolment.objects.count() >= 1
