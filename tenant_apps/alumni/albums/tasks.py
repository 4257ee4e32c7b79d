"""Face indexing in the worker, and the daily deletion of expired face data."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="alumni_albums.index_album", queue="default", time_limit=1800, soft_time_limit=1700)
def index_album(album_id: int) -> int:
    from tenant_apps.alumni.albums.services import album_index_run

    return album_index_run(album_id=int(album_id))


@shared_task(name="alumni_albums.purge_expired_faces", queue="default", time_limit=300)
def purge_expired_faces() -> int:
    from tenant_apps.alumni.albums.services import face_purge_expired

    return face_purge_expired()


@shared_task(name="alumni_albums.sync_activity_photos", queue="default", time_limit=600)
def sync_activity_photos() -> int:
    from tenant_apps.alumni.albums.services import activity_photos_sync

    return activity_photos_sync()
