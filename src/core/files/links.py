"""Signed links. Two kinds, both opaque and tamper-proof (Django's signer, our SECRET_KEY):

- the *download link* a page shows (`download_url`): names the object, the field and the user
  the page was rendered for; valid for FILES_LINK_MAX_AGE. Opening it runs the permission
  check (`core.files.views.download`).
- the *blob link* that view redirects to: names the stored file in one tenant; valid for
  FILES_BLOB_MAX_AGE seconds only. On S3 it is a presigned URL; on the file system it is
  served by `core.files.views.blob` (with HTTP Range support).
"""

from __future__ import annotations

import mimetypes
import os

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils.http import content_disposition_header

from core.tenancy import current_schema_name

DOWNLOAD_SALT = "core.files.download"
BLOB_SALT = "core.files.blob"
# Types a browser shows itself without running scripts from them (no SVG, no HTML).
INLINE_TYPES = frozenset({"application/pdf", "image/png", "image/jpeg", "image/gif", "image/webp", "text/plain"})


def link_max_age() -> int:
    return int(getattr(settings, "FILES_LINK_MAX_AGE", 8 * 3600))


def blob_max_age() -> int:
    return int(getattr(settings, "FILES_BLOB_MAX_AGE", 120))


def content_type_for(name: str) -> str:
    return mimetypes.guess_type(name)[0] or "application/octet-stream"


def is_inline(name: str) -> bool:
    return content_type_for(name) in INLINE_TYPES


def disposition(name: str, filename: str | None = None, *, inline: bool | None = None) -> str:
    shown = filename or os.path.basename(name)
    as_attachment = not (is_inline(name) if inline is None else inline)
    return content_disposition_header(as_attachment, shown)


def download_url(fieldfile, *, user, filename: str | None = None) -> str:
    """The link a page or API answer gives `user` for `fieldfile` (obj.file); "" when empty."""
    if not fieldfile or not getattr(fieldfile, "name", ""):
        return ""
    instance = fieldfile.instance
    payload = {
        "m": instance._meta.label_lower,
        "p": instance.pk,
        "f": fieldfile.field.name,
        "u": getattr(user, "pk", None),
        "s": current_schema_name(),
    }
    if filename:
        payload["n"] = filename[:200]
    token = signing.dumps(payload, salt=DOWNLOAD_SALT, compress=True)
    return reverse("files:download", kwargs={"token": token})


def read_download_token(token: str) -> dict:
    return signing.loads(token, salt=DOWNLOAD_SALT, max_age=link_max_age())


def blob_url(name: str, *, filename: str | None = None, inline: bool | None = None) -> str:
    """A short-lived link to the stored file `name` of the current tenant (no permission
    check: call it only after one, as `core.files.views.download` does)."""
    from django.core.files.storage import storages

    from core.storage import TenantS3Storage

    header = disposition(name, filename, inline=inline)
    storage = storages["default"]
    if isinstance(storage, TenantS3Storage):
        return storage.url(
            name,
            parameters={"ResponseContentDisposition": header, "ResponseContentType": content_type_for(name)},
            expire=blob_max_age(),
        )
    payload = {"n": name, "s": current_schema_name(), "d": header}
    token = signing.dumps(payload, salt=BLOB_SALT, compress=True)
    return reverse("files:blob", kwargs={"token": token})


def read_blob_token(token: str) -> dict:
    return signing.loads(token, salt=BLOB_SALT, max_age=blob_max_age())
