"""File storage with a per-tenant prefix, computed on every call (never cached: see
django-tenants #242 — a cached location silently writes to `public`)."""

from __future__ import annotations

import os

from django.core.files.storage import FileSystemStorage

from core.tenancy import current_schema_name


class TenantFileSystemStorage(FileSystemStorage):
    def _tenant_path(self, name: str) -> str:
        prefix = current_schema_name()
        if name.startswith(prefix + "/"):
            return name
        return f"{prefix}/{name}"

    def _save(self, name, content):
        return super()._save(self._tenant_path(name), content)

    def get_available_name(self, name, max_length=None):
        return super().get_available_name(self._tenant_path(name), max_length)

    def path(self, name):
        return os.path.normpath(super().path(name))
