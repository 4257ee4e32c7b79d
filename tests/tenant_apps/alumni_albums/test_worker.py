"""Face indexing runs in a real Celery worker: a photo uploaded to a face-search album in the
`live` tenant is indexed in the background and the enrolled person then finds it."""

from __future__ import annotations

import time

import pytest
from django.db import connection
from django_tenants.utils import schema_context

from .conftest import STAFF_PERMS, make_user, picture

pytestmark = pytest.mark.worker


def test_worker_indexes_uploaded_photo(celery_worker_process):
    from tenant_apps.alumni.albums import selectors, services
    from tenant_apps.alumni.albums.models import Album, FaceConsent

    with schema_context("live"):
        staff = make_user(kind="staff", perms=STAFF_PERMS)
        member = make_user()
        album = services.album_create(actor=staff, data=services.AlbumInput(title="工作进程索引", is_face_search_enabled=True))
        photo = services.photo_upload(actor=staff, album=album, image=picture("obama2.jpg"))  # autocommit: on_commit queues at once
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            with schema_context("live"):
                photo.refresh_from_db()
                progress = selectors.index_progress(album)
            if photo.index_status != "queued":
                break
            time.sleep(0.5)
        assert photo.index_status == "done", celery_worker_process.log()[-3000:]
        assert photo.face_count == 1 and progress["done"] == progress["total"] == 1 and not progress["running"]
        with schema_context("live"):
            services.face_enrol(actor=member, selfie=picture("obama.jpg"), agreed=True)
            assert [f.photo.pk for f in services.face_search(actor=member)] == [photo.pk]
    finally:
        with schema_context("live"):
            services.face_withdraw(actor=member)
            FaceConsent.objects.filter(user=member).delete()
            Album.objects.filter(pk=album.pk).delete()
        connection.set_schema_to_public()
