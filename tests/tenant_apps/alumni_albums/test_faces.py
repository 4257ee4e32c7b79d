"""Find my photos by face, with real faces and the real model: consent required, only opted-in
people are found, one searches only with one's own face, withdrawal and retention delete the face
data, the console sees the count, other tenants see nothing."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from .conftest import STAFF_PERMS, blank_picture, make_album, make_user, picture

pytestmark = pytest.mark.django_db


def enrol(user, name="obama.jpg"):
    from tenant_apps.alumni.albums import services

    return services.face_enrol(actor=user, selfie=picture(name), agreed=True)


def indexed_album(staff, *names):
    from tenant_apps.alumni.albums import services

    album = make_album(staff, is_face_search_enabled=True)
    photos = {name: services.photo_upload(actor=staff, album=album, image=picture(name), caption=name) for name in names}
    assert services.album_index_run(album_id=album.pk) == len(names)
    return album, photos


def test_consent_is_required_and_recorded(alumnus):
    from core.errors import ApplicationError
    from tenant_apps.alumni.albums import services
    from tenant_apps.alumni.albums.models import FaceConsent, FaceEnrolment

    with pytest.raises(ApplicationError) as refused:
        services.face_enrol(actor=alumnus, selfie=picture("obama.jpg"), agreed=False)
    assert refused.value.code == "face_consent_required" and not FaceEnrolment.objects.filter(user=alumnus).exists()
    with pytest.raises(ApplicationError) as stale:
        services.face_enrol(actor=alumnus, selfie=picture("obama.jpg"), agreed=True, text_version="old")
    assert stale.value.code == "consent_text_changed"
    with pytest.raises(ApplicationError) as no_face:
        services.face_enrol(actor=alumnus, selfie=blank_picture(), agreed=True)
    assert no_face.value.code == "face_not_found"
    with pytest.raises(ApplicationError) as two:
        services.face_enrol(actor=alumnus, selfie=picture("group.jpg"), agreed=True)
    assert two.value.code == "face_more_than_one"
    enrolment = enrol(alumnus)
    consent = FaceConsent.objects.get(user=alumnus)
    assert enrolment.consent == consent and consent.text_version == services.CONSENT_VERSION and "单独同意" in consent.text
    assert "必要性" in consent.text and "影响" in consent.text and "目的" in consent.text
    assert consent.expires_at - consent.consented_at >= datetime.timedelta(days=services.retention_days() - 1)
    assert "obama" not in enrolment.encoding and len(enrolment.encoding) > 500  # encrypted, not the raw numbers


def test_search_finds_only_the_enrolled_persons_own_photos(album_staff, alumnus):
    from core.errors import PermissionDenied
    from tenant_apps.alumni.albums import services
    from tenant_apps.alumni.albums.models import FaceSearchLog

    album, photos = indexed_album(album_staff, "obama2.jpg", "biden.jpg", "group.jpg", "obama3.jpg")
    assert photos["group.jpg"].__class__.objects.get(pk=photos["group.jpg"].pk).face_count == 2
    enrol(alumnus, "obama.jpg")
    found = {f.photo.pk for f in services.face_search(actor=alumnus)}
    assert found == {photos["obama2.jpg"].pk, photos["obama3.jpg"].pk, photos["group.jpg"].pk}
    assert photos["biden.jpg"].pk not in found
    # Biden is in the photos but never opted in: nobody can find him, and he cannot search without enrolling.
    biden = make_user()
    with pytest.raises(PermissionDenied):
        services.face_search(actor=biden)
    enrol(biden, "biden.jpg")
    assert {f.photo.pk for f in services.face_search(actor=biden)} == {photos["biden.jpg"].pk, photos["group.jpg"].pk}
    assert FaceSearchLog.objects.filter(user=alumnus, photos_found=3).exists()


def test_search_respects_album_view_permission_and_face_switch(album_staff):
    from tenant_apps.alumni.albums import services

    members_album, photos = indexed_album(album_staff, "obama2.jpg")
    services.album_update(actor=album_staff, album=members_album, data=services.AlbumInput(title=members_album.title, view_scope="members",
                                                                                           is_face_search_enabled=True))
    student = make_user(kind="student")
    enrol(student)
    assert services.face_search(actor=student) == []  # may not see the members-only album
    alumnus = make_user()
    enrol(alumnus)
    assert [f.photo.pk for f in services.face_search(actor=alumnus)] == [photos["obama2.jpg"].pk]
    services.album_update(actor=album_staff, album=members_album, data=services.AlbumInput(title=members_album.title, view_scope="members",
                                                                                           is_face_search_enabled=False))
    from tenant_apps.alumni.albums.models import PhotoFace

    assert not PhotoFace.objects.filter(album_id=members_album.pk).exists()  # switching off deletes the album's face index
    assert services.face_search(actor=alumnus) == []


def test_withdrawal_deletes_face_data_and_search_finds_nothing(album_staff, alumnus):
    from core.errors import PermissionDenied
    from tenant_apps.alumni.albums import services
    from tenant_apps.alumni.albums.models import FaceConsent, FaceEnrolment

    indexed_album(album_staff, "obama2.jpg")
    enrol(alumnus)
    assert services.face_search(actor=alumnus)
    assert services.face_withdraw(actor=alumnus) is True
    assert not FaceEnrolment.objects.filter(user=alumnus).exists()
    consent = FaceConsent.objects.get(user=alumnus)
    assert consent.ended_reason == "withdrawn" and consent.ended_at is not None
    with pytest.raises(PermissionDenied):
        services.face_search(actor=alumnus)


def test_retention_period_deletes_face_data(alumnus):
    from tenant_apps.alumni.albums import services
    from tenant_apps.alumni.albums.models import FaceConsent, FaceEnrolment

    enrol(alumnus)
    keeper = make_user()
    enrol(keeper, "obama2.jpg")
    FaceConsent.objects.filter(user=alumnus).update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    assert services.face_purge_expired() == 1
    assert not FaceEnrolment.objects.filter(user=alumnus).exists() and FaceEnrolment.objects.filter(user=keeper).exists()
    assert FaceConsent.objects.get(user=alumnus).ended_reason == "expired"
    assert services.face_purge_expired() == 0


def test_rejected_photo_loses_its_faces(album_staff, alumnus):
    from tenant_apps.alumni.albums import services
    from tenant_apps.alumni.albums.models import PhotoFace

    _, photos = indexed_album(album_staff, "obama2.jpg")
    photo = photos["obama2.jpg"]
    assert PhotoFace.objects.filter(photo=photo).count() == 1
    services.photo_review(actor=album_staff, photo=photo, approve=False, note="重复")
    assert not PhotoFace.objects.filter(photo=photo).exists()


def test_vendor_console_sees_the_count(album_staff, alumnus):
    from core.hooks import collect_usage
    from shared_apps.console.views import face_filing_figure

    enrol(alumnus)
    usage = collect_usage()
    assert usage["face_search_people"] == 1
    figure = face_filing_figure(usage)
    assert figure["threshold"] == 100_000 and figure["people"] == 1 and not figure["is_near"]


def test_face_api_enrol_search_withdraw(client_a):
    from django_tenants.utils import schema_context

    from tenant_apps.alumni.albums import services

    with schema_context("alpha"):
        staff = make_user(kind="staff", perms=STAFF_PERMS)
        _, photos = indexed_album(staff, "obama2.jpg", "biden.jpg")
        member = make_user()
    client_a.login_as(member)
    state = client_a.get("/api/v1/alumni/albums/face/").json()
    assert state["is_enrolled"] is False and "单独同意" in state["consent_text"]
    assert client_a.get("/api/v1/alumni/albums/face/photos/").status_code == 403
    refused = client_a.post("/api/v1/alumni/albums/face/", {"selfie": picture("obama.jpg"), "agreed": "false", "consent_version": services.CONSENT_VERSION})
    assert refused.status_code == 400 and refused.json()["code"] == "face_consent_required"
    enrolled = client_a.post("/api/v1/alumni/albums/face/", {"selfie": picture("obama.jpg"), "agreed": "true", "consent_version": services.CONSENT_VERSION})
    assert enrolled.status_code == 201 and enrolled.json()["is_enrolled"] is True
    found = client_a.get("/api/v1/alumni/albums/face/photos/").json()
    assert [f["photo"]["id"] for f in found] == [photos["obama2.jpg"].pk] and found[0]["distance"] < 0.5
    assert client_a.delete("/api/v1/alumni/albums/face/").status_code == 204
    assert client_a.get("/api/v1/alumni/albums/face/photos/").status_code == 403


def test_h5_enrol_and_found_pages(client_a):
    from django.urls import reverse
    from django_tenants.utils import schema_context

    from tenant_apps.alumni.albums import services

    with schema_context("alpha"):
        staff = make_user(kind="staff", perms=STAFF_PERMS)
        _, photos = indexed_album(staff, "obama2.jpg")
        member = make_user()
    client_a.login_as(member)
    refused = client_a.post(reverse("h5:alumni_albums:face"), {"selfie": picture("obama.jpg"), "version": services.CONSENT_VERSION})
    assert refused.status_code == 400 and "单独同意" in refused.content.decode()
    response = client_a.post(reverse("h5:alumni_albums:face"), {"selfie": picture("obama.jpg"), "agreed": "on", "version": services.CONSENT_VERSION})
    assert response.status_code == 302
    page = client_a.get(reverse("h5:alumni_albums:found")).content.decode()
    assert f'data-photo="{photos["obama2.jpg"].pk}"' in page
    client_a.post(reverse("h5:alumni_albums:face"), {"action": "withdraw"})
    assert client_a.get(reverse("h5:alumni_albums:found")).status_code == 302


def test_other_tenant_cannot_find_or_count_faces(client_a, client_b):
    from django_tenants.utils import schema_context

    from core.hooks import collect_usage

    with schema_context("alpha"):
        staff = make_user(kind="staff", perms=STAFF_PERMS)
        indexed_album(staff, "obama2.jpg")
    with schema_context("beta"):
        member = make_user()
        enrol(member)
        assert collect_usage()["face_search_people"] == 1
    client_b.login_as(member)
    assert client_b.get("/api/v1/alumni/albums/face/photos/").json() == []

