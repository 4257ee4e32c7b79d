"""Uploaded site images (logo, carousel, floating window), served from the current tenant's
storage. Public: the logo and carousel also appear on login pages."""

from __future__ import annotations

import mimetypes

from django.http import FileResponse, Http404
from django.views.decorators.http import require_GET

from tenant_apps.cms import selectors


def _object(kind: str, pk: int):
    if kind == "logo":
        settings = selectors.site_settings()
        return settings if settings.pk == pk else None
    if kind == "carousel":
        return selectors.carousel_list().filter(pk=pk).first()
    if kind == "floating":
        return selectors.floating_window_list().filter(pk=pk).first()
    return None


@require_GET
def site_image(request, kind: str, pk: int):
    obj = _object(kind, pk)
    field = None if obj is None else (obj.logo if kind == "logo" else obj.image)
    if not field:
        raise Http404
    try:
        handle = field.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    content_type = mimetypes.guess_type(field.name)[0] or "application/octet-stream"
    response = FileResponse(handle, content_type=content_type)
    response["Cache-Control"] = "public, max-age=86400"
    response["X-Content-Type-Options"] = "nosniff"
    return response
