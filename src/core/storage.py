"""File storage with a per-tenant prefix, computed on every call.

Never cache the location: django-tenants #242 / #487 — a location computed once (at import or
on the first request) silently writes every later tenant's files under `public/`. Names
stored in the database are relative to the tenant ("panels/projects/2026/12/a.pdf"); the
storage adds `<schema>/` in front of every operation, so a name read from one tenant's row can
only ever reach that tenant's files.

Development and tests use the file system (`MEDIA_ROOT/<schema>/...`); production uses an
S3-compatible bucket (`<AWS_LOCATION>/<schema>/...`) through django-storages. Neither is ever
served directly: downloads go through `core.files` (permission check, then a short-lived
signed link).
"""

from __future__ import annotations

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils._os import safe_join
from storages.backends.s3 import S3Storage

from core.tenancy import current_schema_name


class TenantFileSystemStorage(FileSystemStorage):
    """`MEDIA_ROOT/<schema>/<name>`; the schema is read from the connection on each call."""

    @property
    def location(self):  # FileSystemStorage caches it: ours must not be cached
        return os.path.abspath(os.path.join(self.base_location, current_schema_name()))

    def path(self, name):
        return os.path.normpath(safe_join(self.location, name))

    def url(self, name):
        from core.files.links import blob_url

        return blob_url(name)


class TenantS3Storage(S3Storage):
    """`<bucket>/<AWS_LOCATION>/<schema>/<name>`; presigned, short-lived URLs only."""

    # The base prefix is AWS_LOCATION (or a `location=` given to the constructor); the
    # effective prefix adds the schema on each call.
    @property
    def location(self) -> str:
        base = self.__dict__.get("_base_location")
        if base is None:
            base = getattr(settings, "AWS_LOCATION", "")
        base = (base or "").strip("/")
        return f"{base}/{current_schema_name()}" if base else current_schema_name()

    @location.setter
    def location(self, value: str) -> None:
        self.__dict__["_base_location"] = value or ""
