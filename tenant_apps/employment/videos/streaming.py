"""Playing a video: one stable URL per video that re-checks who may watch on every request,
then serves the stored file with HTTP Range (seeking) through the file kernel.

On disk storage the kernel's range-capable blob view answers in process, so every range
request of a long playback goes through this URL (a redirect would pin the player to a
two-minute blob link that expires mid-film). On S3 the player is sent to a presigned URL that
lives as long as the film plus ten minutes; S3 answers the ranges itself."""

from __future__ import annotations

from django.core.files.storage import storages
from django.http import HttpResponseRedirect
from django.urls import resolve

from core.files import blob_url
from core.files.links import blob_max_age, content_type_for, disposition
from core.files.views import blob
from core.storage import TenantS3Storage


def serve(request, fieldfile, *, duration_seconds: int | None = None):
    name = fieldfile.name
    storage = storages["default"]
    if isinstance(storage, TenantS3Storage):
        url = storage.url(name, parameters={"ResponseContentDisposition": disposition(name, inline=True), "ResponseContentType": content_type_for(name)},
                          expire=max(blob_max_age(), (duration_seconds or 0) + 600))
        response = HttpResponseRedirect(url)
        response["Cache-Control"] = "no-store"
        return response
    token = resolve(blob_url(name, inline=True)).kwargs["token"]
    return blob(request, token)


def viewer_key(request) -> str:
    """Who is watching, for counting plays: the user, else the session (created if needed),
    as a keyed hash so that the table holds no session keys."""
    from core.crypto import blind_index

    if request.user.is_authenticated:
        return f"u{request.user.pk}"
    if not request.session.session_key:
        request.session.save()
    return "s" + blind_index(request.session.session_key)[:60]
